import type { Redis } from 'ioredis';
import type { WebInbox } from '../ports.js';
import { redisKeys } from './keys.js';

/** Web chat messages waiting to be fetched: a sorted set per browser, scored by a global sequence. */
export function redisWebInbox(redis: Redis): WebInbox {
  return {
    async push(clientId, message) {
      const id = await redis.incr(redisKeys.webInboxSeq());
      await redis.zadd(redisKeys.webInbox(clientId), id, JSON.stringify({ id, message }));
      return id;
    },
    async since(clientId, afterId) {
      const raw = await redis.zrangebyscore(redisKeys.webInbox(clientId), `(${afterId}`, '+inf', 'LIMIT', 0, 100);
      return raw.map((r) => JSON.parse(r) as { id: number; message: unknown });
    },
    async clear(clientId) {
      await redis.del(redisKeys.webInbox(clientId));
    },
  };
}
