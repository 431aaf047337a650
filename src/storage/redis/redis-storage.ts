import { Redis } from 'ioredis';
import type { Storage } from '../ports.js';
import { redisKeys } from './keys.js';
import { redisInsights } from './redis-insights.js';
import { redisTickets } from './redis-tickets.js';
import { redisWebInbox } from './redis-web-inbox.js';

/** Connects to Redis at `url`; rejects if it cannot be reached. */
export async function openRedisStorage(url: string): Promise<Storage> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3, enableAutoPipelining: true });
  await redis.connect();
  return redisStorage(redis);
}

export function redisStorage(redis: Redis): Storage {
  return {
    kind: 'redis',
    sessions: {
      async load(id) {
        const raw = await redis.get(redisKeys.session(id));
        return raw === null ? undefined : (JSON.parse(raw) as unknown);
      },
      async save(id, session) {
        await redis.set(redisKeys.session(id), JSON.stringify(session));
      },
      async delete(id) {
        await redis.del(redisKeys.session(id));
      },
    },
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
