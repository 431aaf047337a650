import type { DeliveryPriority } from './delivery-job.js';
import type { Sender } from './ports.js';

/** A platform's sending limit, e.g. Telegram's 30 messages a second for one bot. */
export interface RateLimit {
  max: number;
  perMs: number;
}

/**
 * Wraps senders that share one platform limit; `slot` is the same wait for a call made outside the
 * queue (a member's answer sent at once). A job's priority is read from the job: bulk sends wait
 * behind every interactive one.
 */
export interface Pacer {
  (sender: Sender): Sender;
  /** Resolves when a send of this priority may start. */
  slot(priority?: DeliveryPriority): Promise<void>;
}

/**
 * Paces senders that share one platform limit: a send waits until fewer than `max` sends started in
 * the last `perMs`. Staying under the limit drains a burst near the limit itself, where relying on
 * 429s alone loses part of every window to the pause that follows. Waiting interactive sends take
 * each free slot before waiting bulk sends (announcements), in the order they came.
 */
export function createPacer(limit: RateLimit): Pacer {
  const starts: number[] = [];
  const waiting: Record<DeliveryPriority, Array<() => void>> = { interactive: [], bulk: [] };
  let timer: NodeJS.Timeout | undefined;
  const pump = (): void => {
    timer = undefined;
    const now = Date.now();
    while (starts.length > 0 && starts[0]! <= now - limit.perMs) starts.shift();
    while (starts.length < limit.max) {
      const next = waiting.interactive.shift() ?? waiting.bulk.shift();
      if (!next) return;
      starts.push(now);
      next();
    }
    if (waiting.interactive.length + waiting.bulk.length > 0) timer = setTimeout(pump, starts[0]! + limit.perMs - now + 1);
  };
  const slot = (priority: DeliveryPriority = 'interactive'): Promise<void> =>
    new Promise<void>((resolve) => {
      waiting[priority].push(resolve);
      if (!timer) pump();
    });
  const pace = (sender: Sender): Sender => async (part, job, index) => {
    await slot(job.priority ?? 'interactive');
    return sender(part, job, index);
  };
  return Object.assign(pace, { slot });
}

/** Telegram's documented bulk limit: about 30 messages per second per bot. */
export const TELEGRAM_RATE_LIMIT: RateLimit = { max: 30, perMs: 1000 };
