import { setTimeout as sleep } from 'node:timers/promises';
import type { DeliveryPriority } from './delivery-job.js';
import type { Sender } from './ports.js';
import type { SendWindow } from './send-window.js';

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
 *
 * With a `shared` window (Redis) each start also needs the window's consent, so the limit holds for
 * all processes together; this process's own count stays as the bound when the window cannot be
 * asked.
 */
export function createPacer(limit: RateLimit, shared?: SendWindow): Pacer {
  const starts: number[] = [];
  const waiting: Record<DeliveryPriority, Array<() => void>> = { interactive: [], bulk: [] };
  let pumping = false;
  const head = (): DeliveryPriority | undefined => (waiting.interactive.length > 0 ? 'interactive' : waiting.bulk.length > 0 ? 'bulk' : undefined);
  // One loop grants the slots in order; it ends when nobody waits.
  const pump = async (): Promise<void> => {
    if (pumping) return;
    pumping = true;
    try {
      for (let priority = head(); priority; priority = head()) {
        const now = Date.now();
        while (starts.length > 0 && starts[0]! <= now - limit.perMs) starts.shift();
        if (starts.length >= limit.max) {
          await sleep(starts[0]! + limit.perMs - now + 1);
          continue;
        }
        const wait = shared ? await shared(priority).catch(() => 0) : 0;
        if (wait > 0) {
          await sleep(wait); // then the head is read again: an interactive send that came meanwhile goes first
          continue;
        }
        starts.push(Date.now());
        waiting[priority].shift()!();
      }
    } finally {
      pumping = false;
    }
  };
  const slot = (priority: DeliveryPriority = 'interactive'): Promise<void> =>
    new Promise<void>((resolve) => {
      waiting[priority].push(resolve);
      void pump();
    });
  const pace = (sender: Sender): Sender => async (part, job, index) => {
    await slot(job.priority ?? 'interactive');
    return sender(part, job, index);
  };
  return Object.assign(pace, { slot });
}

/** Telegram's documented bulk limit: about 30 messages per second per bot. */
export const TELEGRAM_RATE_LIMIT: RateLimit = { max: 30, perMs: 1000 };

/** The bot's limit: Telegram's 30 a second unless it granted this bot more (TELEGRAM_MAX_SENDS_PER_SECOND). */
export function telegramRateLimit(sendsPerSecond = TELEGRAM_RATE_LIMIT.max): RateLimit {
  return { max: sendsPerSecond, perMs: 1000 };
}
