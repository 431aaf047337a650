import { Redis } from 'ioredis';
import { expect } from 'vitest';
import { REDIS_PREFIX } from '../../src/storage/redis/keys.js';
import { startRedis } from './redis-server.js';

/**
 * A store on its own real redis-server, for a contract suite: emptied between tests, and on closing
 * checked to have written only under the bot's one key prefix.
 */
export async function redisStoreFixture<T>(make: (redis: Redis) => T): Promise<{ store: T; url: string; reset: () => Promise<void>; close: () => Promise<void> }> {
  const server = await startRedis();
  const redis = new Redis(server.url);
  return {
    store: make(redis),
    url: server.url,
    reset: async () => void (await redis.flushdb()),
    close: async () => {
      expect((await redis.keys('*')).every((k) => k.startsWith(REDIS_PREFIX))).toBe(true);
      redis.disconnect();
      await server.stop();
    },
  };
}
