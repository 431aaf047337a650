import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { BULLMQ_PREFIX, createBullmqDeliveryQueue } from '../../src/delivery/bullmq-queue.js';
import type { DeliveryJob } from '../../src/delivery/delivery-job.js';
import { createPacer } from '../../src/delivery/pacer.js';
import type { DeliveryQueue, DeliveryQueueOptions } from '../../src/delivery/ports.js';
import { createSqliteOutbox } from '../../src/delivery/sqlite-outbox.js';
import { startRedis, type RedisProcess } from '../support/redis-server.js';

const FAST: DeliveryQueueOptions = { concurrency: 1, pollIntervalMs: 10, retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50 } };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let server: Promise<RedisProcess> | undefined;
afterAll(async () => {
  if (server) await (await server).stop();
});
let prefixes = 0;

const backends: Array<[string, () => Promise<{ queue: DeliveryQueue; close: () => Promise<void> }>]> = [
  [
    'SQLite outbox',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'htx-priority-'));
      const db = new Database(join(dir, 'bot.db'));
      return {
        queue: createSqliteOutbox(db, FAST),
        close: async () => {
          db.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  ],
  [
    'BullMQ',
    async () => {
      const { url } = await (server ??= startRedis());
      return { queue: createBullmqDeliveryQueue({ ...FAST, redisUrl: url, prefix: `${BULLMQ_PREFIX}:p${++prefixes}` }), close: async () => undefined };
    },
  ],
];

describe.each(backends)('%s: bulk priority', (_name, open) => {
  it('sends an answer to a member before the announcement jobs waiting ahead of it, and every job once', async () => {
    const { queue, close } = await open();
    const sent: string[] = [];
    const delivered: string[] = [];
    for (let i = 0; i < 30; i++) await queue.enqueue({ key: `announce:a1:telegram:${i}`, channel: 'telegram', parts: [i], priority: 'bulk' });
    queue.start({
      senders: {
        telegram: async (_part, job: DeliveryJob) => {
          sent.push(job.key);
          await sleep(15);
        },
      },
      onFailed: () => undefined,
      onDelivered: (job) => void delivered.push(job.key),
    });
    while (sent.length < 3) await sleep(5);
    await queue.enqueue({ key: 'turn:telegram:answer', channel: 'telegram', parts: ['answer'] });
    await queue.drained(20_000);
    await queue.stop();
    await close();
    // Concurrency 1: at most the job in flight and the one already taken go before the answer.
    expect(sent.indexOf('turn:telegram:answer')).toBeLessThan(sent.length - 20);
    expect(sent).toHaveLength(31);
    expect(new Set(sent).size).toBe(31);
    expect(new Set(delivered)).toEqual(new Set(sent));
  });
});

describe('the pacer with priorities', () => {
  it('gives a free slot to a waiting answer before waiting announcement sends', async () => {
    const pace = createPacer({ max: 2, perMs: 100 });
    const order: string[] = [];
    const waits = [
      ...Array.from({ length: 6 }, (_, i) => pace.slot('bulk').then(() => void order.push(`bulk${i}`))),
      sleep(20).then(() => pace.slot('interactive').then(() => void order.push('answer'))),
    ];
    await Promise.all(waits);
    // Two bulk sends take the first window; the answer, asked for later, takes the next free slot.
    expect(order.slice(0, 3)).toEqual(['bulk0', 'bulk1', 'answer']);
    expect(order).toHaveLength(7);
  });
});

describe('BullMQ: a channel limit held across processes', () => {
  it('two queue instances on one Redis together send a channel no faster than its limit', async () => {
    const { url } = await (server ??= startRedis());
    const prefix = `${BULLMQ_PREFIX}:limit${++prefixes}`;
    const limit = { max: 10, perMs: 1000 };
    const processes = [0, 1].map(() => createBullmqDeliveryQueue({ ...FAST, concurrency: 4, redisUrl: url, prefix, channelLimits: { telegram: limit } }));
    const sentAt: number[] = [];
    for (let i = 0; i < 40; i++) await processes[0]!.enqueue({ key: `announce:lim:telegram:${i}`, channel: 'telegram', parts: [i], priority: 'bulk' });
    for (const q of processes) q.start({ senders: { telegram: async () => void sentAt.push(Date.now()) }, onFailed: () => undefined });
    await processes[0]!.drained(20_000);
    for (const q of processes) await q.stop();
    expect(sentAt).toHaveLength(40);
    // 40 jobs at 10 per second need at least three more windows after the first, whichever process takes them.
    expect(Math.max(...sentAt) - Math.min(...sentAt)).toBeGreaterThanOrEqual(2500);
  }, 30_000);
});
