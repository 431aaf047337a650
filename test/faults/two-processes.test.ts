import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRedisStorage } from '../../src/storage/redis/redis-storage.js';
import type { Storage } from '../../src/storage/ports.js';
import { spawnApp, type AppProcess } from '../support/app-process.js';
import { startRedis, type RedisProcess } from '../support/redis-server.js';
import { webClient } from '../e2e/web-helpers.js';

const TRIALS = 50;

/**
 * The set-up the README recommends to scale: two bot processes on one Redis. The same member's
 * "Gửi" reaching both at once (a double tap, a retry to the other instance) files one ticket.
 */
describe('two bot processes on one Redis', () => {
  let redis: RedisProcess;
  let a: AppProcess;
  let b: AppProcess;
  let storage: Storage;
  beforeAll(async () => {
    redis = await startRedis();
    const env = { REDIS_URL: redis.url, LIMIT_WEB_PER_IP_PER_MINUTE: '100000' };
    [a, b] = await Promise.all([spawnApp(env), spawnApp(env)]);
    storage = await openRedisStorage(redis.url);
  }, 60_000);
  afterAll(async () => {
    await storage?.close();
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.stop();
  });

  /** A member on process A fills a difficulty form up to its summary. */
  async function toSummary(member: ReturnType<typeof webClient>) {
    await member.chat({ choice: 'form:start:difficulty' });
    for (const text of ['HTX Đồng Tâm', '1', 'xa tan yen', '1', 'Thiếu vốn lưu động để thu mua vải thiều cho thành viên', '1']) await member.chat({ text });
    await member.chat({ choice: 'form:skip' });
    await member.chat({ choice: 'form:skip' });
    const summary = await member.chat({ choice: 'form:opt:no' }); // not to be contacted

    expect(summary.replies.at(-1)!.choices!.map((c) => c.id)).toContain('form:confirm');
  }

  it(`file one ticket when the same member's "Gửi" reaches both at once (${TRIALS} trials)`, async () => {
    let doubled = 0;
    let lost = 0;
    for (let trial = 0; trial < TRIALS; trial++) {
      const clientId = randomUUID();
      await toSummary(webClient(a.url, clientId));
      // Two taps, two message ids, one to each process at the same moment.
      const answers = await Promise.all([webClient(a.url, clientId).post({ choice: 'form:confirm' }), webClient(b.url, clientId).post({ choice: 'form:confirm' })]);
      expect(answers.map((r) => r.status)).toEqual([200, 200]);
      const tickets = await storage.tickets.byMember(`web:${clientId}`);
      if (tickets.length > 1) doubled++;
      if (tickets.length === 0) lost++;
    }
    expect({ doubled, lost }).toEqual({ doubled: 0, lost: 0 });
  }, 180_000);

  it('apply a member\'s message once when the same message (one id) reaches both at once', async () => {
    const clientId = randomUUID();
    await toSummary(webClient(a.url, clientId));
    const messageId = randomUUID();
    const [ra, rb] = await Promise.all([webClient(a.url, clientId).post({ choice: 'form:confirm' }, messageId), webClient(b.url, clientId).post({ choice: 'form:confirm' }, messageId)]);
    const [ja, jb] = (await Promise.all([ra.json(), rb.json()])) as Array<{ replies: Array<{ text: string }> }>;
    // Both answers are the one turn's replies: the same reference.
    expect(ja!.replies[0]!.text).toMatch(/Mã hồ sơ: KK-\d{4}-\d{4}/);
    expect(jb!.replies[0]!.text).toBe(ja!.replies[0]!.text);
    expect(await storage.tickets.byMember(`web:${clientId}`)).toHaveLength(1);
  }, 60_000);
});
