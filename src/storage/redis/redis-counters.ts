import type { Redis } from 'ioredis';
import type { RateCounter } from '../ports.js';
import { redisKeys } from './keys.js';

/** Fixed-window counters in Redis: INCR, and the window's expiry set by the first hit. */
export function redisCounters(redis: Redis): RateCounter {
  return {
    async hit(key, windowSeconds) {
      const k = redisKeys.counter(key);
      const [[, count]] = (await redis.multi().incr(k).expire(k, windowSeconds, 'NX').exec()) as [[Error | null, number]];
      return count;
    },
    async peek(key) {
      return Number((await redis.get(redisKeys.counter(key))) ?? 0);
    },
  };
}
