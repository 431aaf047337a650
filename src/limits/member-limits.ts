import type { Limits } from '../config/config.js';
import type { LimitKind, LimitsPort } from '../conversation/ports.js';
import type { RateCounter } from '../storage/ports.js';
import { vietnamDay } from '../time/vietnam-time.js';

/** How many times a day a member may store a subscription (each /subscribe confirmed). */
export const SUBSCRIPTION_CHANGES_PER_DAY = 10;

/**
 * The limits on what a member may do. Tickets a day (the Vietnam calendar day) and follow-ups on one
 * ticket an hour are counted in storage, so they hold across processes. Messages a minute are counted
 * in this process, so the busiest path writes nothing for it (with two processes a member may send up
 * to twice as many before being asked to wait; the web chat's own limits are counted in Redis).
 */
export function memberLimits(counters: RateCounter, limits: Limits, now: () => Date = () => new Date()): LimitsPort {
  const stored: Record<Exclude<LimitKind, 'message'>, { max: number; window: number; key: (subject: string) => string }> = {
    ticket: { max: limits.ticketsPerDay, window: 26 * 60 * 60, key: (s) => `ticket:${s}:${vietnamDay(now()).day}` },
    'follow-up': { max: limits.followUpsPerHour, window: 60 * 60, key: (s) => `follow-up:${s}` },
    subscription: { max: SUBSCRIPTION_CHANGES_PER_DAY, window: 26 * 60 * 60, key: (s) => `subscription:${s}:${vietnamDay(now()).day}` },
  };
  const messages = new MinuteCounter();
  return {
    async take(kind, subject) {
      if (kind === 'message') return messages.hit(subject, now().getTime()) <= limits.messagesPerMinute;
      const rule = stored[kind];
      return (await counters.hit(rule.key(subject), rule.window)) <= rule.max;
    },
    max: (kind) => (kind === 'message' ? limits.messagesPerMinute : stored[kind].max),
  };
}

/** Fixed one-minute windows per subject, in memory; the previous minute's counts are dropped as a whole. */
class MinuteCounter {
  private minute = -1;
  private counts = new Map<string, number>();

  hit(subject: string, nowMs: number): number {
    const minute = Math.floor(nowMs / 60_000);
    if (minute !== this.minute) {
      this.minute = minute;
      this.counts = new Map();
    }
    const count = (this.counts.get(subject) ?? 0) + 1;
    this.counts.set(subject, count);
    return count;
  }
}
