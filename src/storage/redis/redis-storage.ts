import { Redis } from 'ioredis';
import { DEFAULT_SESSION_IDLE_MS, type Storage } from '../ports.js';
import type { StorageOptions } from '../sqlite/sqlite-storage.js';
import { redisSessions } from './redis-sessions.js';
import { redisConversationLock } from './redis-lock.js';
import { redisKeys } from './keys.js';
import { redisInsights } from './redis-insights.js';
import { redisTickets } from './redis-tickets.js';
import { redisWebInbox } from './redis-web-inbox.js';

/** Connects to Redis at `url`; rejects if it cannot be reached. */
export async function openRedisStorage(url: string, options: StorageOptions = {}): Promise<Storage> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3, enableAutoPipelining: true });
  await redis.connect();
  return redisStorage(redis, options);
}

export function redisStorage(redis: Redis, options: StorageOptions = {}): Storage {
  return {
    kind: 'redis',
    sessions: redisSessions(redis, options.sessionIdleMs ?? DEFAULT_SESSION_IDLE_MS),
    lock: redisConversationLock(redis),
    claims: {
      async claim(key, ttlSeconds) {
        return (await redis.set(redisKeys.updateClaim(key), '1', 'EX', ttlSeconds, 'NX')) === 'OK';
      },
      async release(key) {
        await redis.del(redisKeys.updateClaim(key));
      },
    },
    insights: redisInsights(redis),
    tickets: redisTickets(redis),
    webInbox: redisWebInbox(redis),
    async ping() {
      return (await redis.ping()) === 'PONG';
    },
    async close() {
      await redis.quit();
    },
  };
}
