import type { Sender } from './ports.js';

/** A platform's sending limit, e.g. Telegram's 30 messages a second for one bot. */
export interface RateLimit {
  max: number;
  perMs: number;
}

/**
 * Paces senders that share one platform limit: a send waits until fewer than `max` sends started in
 * the last `perMs`. Staying under the limit drains a burst near the limit itself, where relying on
 * 429s alone loses part of every window to the pause that follows.
 */
export function createPacer(limit: RateLimit): (sender: Sender) => Sender {
  const starts: number[] = [];
  let queue: Promise<void> = Promise.resolve();
  const slot = async (): Promise<void> => {
    for (;;) {
      const now = Date.now();
      while (starts.length > 0 && starts[0]! <= now - limit.perMs) starts.shift();
      if (starts.length < limit.max) {
        starts.push(now);
        return;
      }
      await new Promise((r) => setTimeout(r, starts[0]! + limit.perMs - now + 1));
    }
  };
  return (sender) => async (part, job, index) => {
    const mine = queue.then(slot);
    queue = mine.catch(() => undefined);
    await mine;
    return sender(part, job, index);
  };
}

/** Telegram's documented bulk limit: about 30 messages per second per bot. */
export const TELEGRAM_RATE_LIMIT: RateLimit = { max: 30, perMs: 1000 };
