import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { createPacer, type RateLimit } from '../../src/delivery/pacer.js';
import { redisSendWindow } from '../../src/delivery/send-window.js';
import { storageRedis } from '../../src/storage/redis/redis-client.js';
import { startRedis, type RedisProcess } from '../support/redis-server.js';

// Two pacers on two connections stand for two bot processes on one Redis.
let redis: RedisProcess;
const clients: Redis[] = [];
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  for (const c of clients) c.disconnect();
  await redis?.stop();
});

let run = 0;
function processPacer(limit: RateLimit, url = redis.url) {
  const client = storageRedis(url, undefined, { lazyConnect: false });
  clients.push(client);
  return createPacer(limit, redisSendWindow(client, 'telegram', limit, `test:pace:${run}`));
}

describe('a send limit shared through Redis', () => {
  it('lets two processes together start no more sends in any second than the platform allows, and none at once', async () => {
    run++;
    const limit = { max: 10, perMs: 1000 };
    const [a, b] = [processPacer(limit), processPacer(limit)];
    const starts: number[] = [];
    // Each process alone would be within the limit; together they are over it.
    await Promise.all([a, b].flatMap((p) => Array.from({ length: 10 }, () => p.slot('interactive').then(() => starts.push(Date.now())))));
    expect(starts).toHaveLength(20);
    starts.sort((x, y) => x - y);
    // At most 10 in any second, not only in each whole second (a fixed window lets 20 through around
    // its edge), and no two at once (990 and 40 ms: the starts are timed here, just after Redis counted them).
    for (let i = 10; i < starts.length; i++) expect(starts[i]! - starts[i - 10]!).toBeGreaterThanOrEqual(990);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(40);
  });

  it("gives the next free slot to a member's answer waiting in one process, though the other process's announcement asks first", async () => {
    run++;
    const limit = { max: 3, perMs: 1000 };
    const client = () => {
      const c = storageRedis(redis.url, undefined, { lazyConnect: false });
      clients.push(c);
      return c;
    };
    const announcing = redisSendWindow(client(), 'telegram', limit, `test:pace:${run}`);
    const answering = redisSendWindow(client(), 'telegram', limit, `test:pace:${run}`);
    expect(await announcing('bulk')).toBe(0);
    const wait = await answering('interactive'); // the next turn is a third of a second away
    expect(wait).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, wait + 5)); // the turn has come
    expect(await announcing('bulk')).toBeGreaterThan(0);
    expect(await answering('interactive')).toBe(0);
    // …and the announcement goes on once nobody's answer waits.
    let next = await announcing('bulk');
    for (let i = 0; next > 0 && i < 20; i++) next = await new Promise((r) => setTimeout(r, next)).then(() => announcing('bulk'));
    expect(next).toBe(0);
  });

  it('goes on sending, paced by each process alone, while Redis is down', async () => {
    run++;
    const down = await startRedis();
    const pacer = processPacer({ max: 5, perMs: 1000 }, down.url);
    await down.stop();
    const sent: number[] = [];
    await Promise.all(Array.from({ length: 6 }, (_, i) => pacer.slot('interactive').then(() => sent.push(i))));
    expect(sent).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
