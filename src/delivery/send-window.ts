import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { DeliveryPriority } from './delivery-job.js';
import type { RateLimit } from './pacer.js';

/**
 * A platform's sending limit as every process on one Redis sees it: asks for a send of this priority
 * and answers 0 when it may start now, or how many milliseconds to wait before asking again.
 */
export type SendWindow = (priority: DeliveryPriority) => Promise<number>;

/** How long a process paces alone after Redis failed to answer, before it asks Redis again. */
const ALONE_AFTER_FAILURE_MS = 2000;

/** How long a bulk send waits while an interactive send of another process is waiting. */
const YIELD_TO_INTERACTIVE_MS = 25;

/**
 * One limit counted in Redis (rate-limiter-flexible, a window of `limit.perMs`) for a platform's
 * sends from all processes: with two bot processes Telegram still gets 30 messages a second in all.
 * An interactive send that has to wait leaves a mark, and bulk sends (announcements) of every process
 * hold back while it is there, so members' answers go first across processes too. When Redis does not
 * answer, each process paces alone for a while (the pacer's own count), and sending goes on.
 */
export function redisSendWindow(redis: Redis, name: string, limit: RateLimit, prefix = 'htx:pace'): SendWindow {
  const window = { points: limit.max, duration: limit.perMs / 1000 };
  const shared = new RateLimiterRedis({ storeClient: redis, keyPrefix: prefix, ...window });
  let aloneUntil = 0;
  const interactiveWaiting = `${prefix}:${name}:interactive-waiting`;
  return async (priority) => {
    // After Redis failed to answer, a while alone: no waiting for a command to time out before every send.
    const connected = Date.now() >= aloneUntil;
    if (connected && priority === 'bulk' && (await redis.exists(interactiveWaiting).catch(() => 0)) === 1) return YIELD_TO_INTERACTIVE_MS;
    try {
      if (connected) await shared.consume(name);
      return 0;
    } catch (result) {
      if (!(result instanceof RateLimiterRes)) {
        aloneUntil = Date.now() + ALONE_AFTER_FAILURE_MS;
        return 0; // not counted in Redis: this process's own count (the pacer's) still holds
      }
      const wait = Math.max(1, result.msBeforeNext);
      if (connected && priority === 'interactive') await redis.set(interactiveWaiting, '1', 'PX', wait + YIELD_TO_INTERACTIVE_MS).catch(() => undefined);
      return wait;
    }
  };
}
