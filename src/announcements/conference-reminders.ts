import type { Conference } from '../conversation/forms/form-definition.js';
import type { Translate } from '../conversation/ports.js';
import type { DeliveryQueue } from '../delivery/ports.js';
import { memberChannel, type MemberPart } from '../relay/payloads.js';
import type { SubscriptionStore } from '../subscriptions/subscription.js';
import { daysBetween, vietnamDay } from '../time/vietnam-time.js';

/** Days before a conference's deadline (Vietnam time) on which its subscribers are reminded. */
export const REMINDER_DAYS = [7, 1] as const;

/** The delivery key of one reminder: once per conference, day and member, however often the sweep runs. */
export const reminderKey = (conferenceId: string, days: number, memberId: string): string => `remind:${conferenceId}:${days}:${memberId}`;

export interface ReminderDeps {
  subscriptions: SubscriptionStore;
  queue: DeliveryQueue;
  translator: (locale: 'vi' | 'en') => Translate;
}

/**
 * Reminds the subscribers of the dialogue topic 7 days and 1 day before a conference's deadline,
 * with the bulk priority. Idempotent by conference and day: the delivery keys make a second sweep
 * on the same day (or another process) enqueue nothing new. Returns how many jobs were handed on.
 */
export async function remindConferenceDeadlines(deps: ReminderDeps, conferences: readonly Conference[], now: Date): Promise<number> {
  const today = vietnamDay(now).day;
  const due = conferences.map((c) => ({ c, days: daysBetween(today, c.deadline) })).filter(({ days }) => (REMINDER_DAYS as readonly number[]).includes(days));
  if (due.length === 0) return 0;
  const subscribers = await deps.subscriptions.active({ topic: 'dialogue' });
  let handed = 0;
  for (const { c, days } of due) {
    for (const s of subscribers) {
      const t = deps.translator(s.locale);
      const [y, m, d] = c.deadline.split('-');
      const text = [t('announcement.reminder', { days, conference: c.name[s.locale], deadline: `${Number(d)}/${Number(m)}/${y}` }), t('announcement.stop')].join('\n\n');
      const part: MemberPart = { conversationId: s.memberId, reply: { text } };
      await deps.queue.enqueue({ key: reminderKey(c.id, days, s.memberId), channel: memberChannel(s.memberId), parts: [part], priority: 'bulk' });
      handed++;
    }
  }
  return handed;
}
