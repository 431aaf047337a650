import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { openRedisStorage } from '../../src/storage/redis/redis-storage.js';
import { REDIS_PREFIX } from '../../src/storage/redis/keys.js';
import { storageContract } from '../contracts/storage.contract.js';
import { startRedis, type RedisProcess } from '../support/redis-server.js';

let redis: RedisProcess;
storageContract(
  'Redis',
  async () => {
    redis = await startRedis();
    return openRedisStorage(redis.url);
  },
  async () => redis.stop(),
);

describe('Redis keys', () => {
  it('all live under one prefix', async () => {
    const server = await startRedis();
    const storage = await openRedisStorage(server.url);
    await storage.sessions.save('telegram:9', { v: 1, choices: [] });
    await storage.claims.claim('telegram:update:9', 60);
    await storage.insights.recordFeedback('tax-a', true, 'q', 'm');
    await storage.insights.recordUnanswered('q', 'none', null, 'm');
    const client = new Redis(server.url);
    const keys = await client.keys('*');
    expect(keys.length).toBeGreaterThanOrEqual(4); // session, claim, votes, recent questions…
    expect(keys.every((k) => k.startsWith(REDIS_PREFIX))).toBe(true);
    client.disconnect();
    await storage.close();
    await server.stop();
  });
});
