import type { Limits } from '../config/config.js';
import type { LimitKind, LimitsPort } from '../conversation/ports.js';
import type { RateCounter } from '../storage/ports.js';
import { vietnamDay } from '../time/vietnam-time.js';

/**
 * The limits on what a member may do, counted in storage so they hold across processes: messages a
 * minute, tickets a day (the Vietnam calendar day), follow-ups on one ticket an hour.
 */
export function memberLimits(counters: RateCounter, limits: Limits, now: () => Date = () => new Date()): LimitsPort {
  const rules: Record<LimitKind, { max: number; window: number; key: (subject: string) => string }> = {
    message: { max: limits.messagesPerMinute, window: 60, key: (s) => `message:${s}` },
    ticket: { max: limits.ticketsPerDay, window: 26 * 60 * 60, key: (s) => `ticket:${s}:${vietnamDay(now()).day}` },
    'follow-up': { max: limits.followUpsPerHour, window: 60 * 60, key: (s) => `follow-up:${s}` },
  };
  return {
    async take(kind, subject) {
      const rule = rules[kind];
      return (await counters.hit(rule.key(subject), rule.window)) <= rule.max;
    },
    max: (kind) => rules[kind].max,
  };
}
