import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { BULLMQ_PREFIX, createBullmqDeliveryQueue } from '../../src/delivery/bullmq-queue.js';
import { startRedis, type RedisProcess } from '../support/redis-server.js';
import { deliveryQueueContract } from './delivery-queue.contract.js';

// One redis-server for the file (it fails, not skips, when redis-server is missing); a prefix per test.
let server: Promise<RedisProcess> | undefined;
const redis = () => (server ??= startRedis());
let backends = 0;
afterAll(async () => {
  if (server) await (await server).stop();
});

deliveryQueueContract('BullMQ', async () => {
  const { url } = await redis();
  const prefix = `${BULLMQ_PREFIX}:t${++backends}`;
  return {
    create: (options) => createBullmqDeliveryQueue({ ...options, redisUrl: url, prefix }),
    async close() {},
  };
});

describe('BullMQ delivery keys', () => {
  it(`all live under the ${BULLMQ_PREFIX} prefix`, async () => {
    const { url } = await redis();
    const client = new Redis(url);
    const queue = createBullmqDeliveryQueue({ redisUrl: url, pollIntervalMs: 10 });
    queue.start({ senders: { telegram: async () => undefined }, onFailed: () => undefined });
    await queue.enqueue({ key: 'telegram:answer:1', channel: 'telegram', parts: ['a'] });
    await queue.enqueue({ key: '42', channel: 'zalo:oa', parts: ['b'] });
    await queue.drained(5000);
    expect(await queue.stats()).toEqual({ pending: 0, delivered: 1, failed: 1 });
    await queue.stop();
    const keys = await client.keys('*');
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.filter((k) => !k.startsWith(`${BULLMQ_PREFIX}:`))).toEqual([]);
    client.disconnect();
  });
});
