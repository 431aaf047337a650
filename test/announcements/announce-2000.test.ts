import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Api } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnnouncementService } from '../../src/announcements/announcement-service.js';
import { zaloSender } from '../../src/channels/zalo/zalo-sender.js';
import { ZaloApi } from '../../src/channels/zalo/zalo-api.js';
import { createPacer } from '../../src/delivery/pacer.js';
import type { DeliveryQueue } from '../../src/delivery/ports.js';
import { createSqliteOutbox } from '../../src/delivery/sqlite-outbox.js';
import { createTranslator } from '../../src/i18n/create-translator.js';
import { telegramMemberSender } from '../../src/relay/senders.js';
import { openSqliteStorage, type SqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import { openRedisStorage } from '../../src/storage/redis/redis-storage.js';
import type { Storage } from '../../src/storage/ports.js';
import { createBullmqDeliveryQueue } from '../../src/delivery/bullmq-queue.js';
import { startRedis, type RedisProcess } from '../support/redis-server.js';
import type { Subscription } from '../../src/subscriptions/subscription.js';
import { FakeTelegram } from '../support/fake-telegram.js';
import { FakeZalo } from '../support/fake-zalo.js';
import { localesDir } from '../support/fixtures.js';
import { BlockingProxy } from './blocking-proxy.js';

const MEMBERS = 2000;
const translator = createTranslator(localesDir);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Telegram members have numeric chats, Zalo members string ids; every fifth is on Zalo. */
const members = Array.from({ length: MEMBERS }, (_, i) => (i % 5 === 4 ? `zalo:z${i}` : `telegram:${100_000 + i}`));
const blocked = new Set(members.filter((_, i) => i % 97 === 3)); // about 20, on both platforms
const subscription = (memberId: string, i: number): Subscription => ({
  memberId,
  topics: i % 2 ? ['credit', 'dialogue'] : ['tax'],
  commune: null,
  locale: i % 10 === 1 ? 'en' : 'vi',
  consentAt: '2026-11-30T03:00:00.000Z',
});

describe.each(['sqlite', 'redis'] as const)(`an announcement to ${MEMBERS.toLocaleString('en')} members on the fake Telegram and Zalo servers, on %s`, (kind) => {
  const telegram = new FakeTelegram();
  const zalo = new FakeZalo();
  let telegramProxy: BlockingProxy;
  let zaloProxy: BlockingProxy;
  let dataDir: string;
  let storage: Storage;
  let redis: RedisProcess | undefined;
  let tgRoot: string;
  let zaloRoot: string;

  beforeAll(async () => {
    telegramProxy = new BlockingProxy(await telegram.start(), { description: 'Forbidden: bot was blocked by the user' });
    zaloProxy = new BlockingProxy(await zalo.start(), { description: 'User has blocked or unfollowed the bot' });
    for (const m of blocked) (m.startsWith('zalo:') ? zaloProxy : telegramProxy).blocked.add(m.slice(m.indexOf(':') + 1));
    tgRoot = await telegramProxy.start();
    zaloRoot = await zaloProxy.start();
    dataDir = mkdtempSync(join(tmpdir(), 'htx-announce-'));
    if (kind === 'redis') redis = await startRedis();
    storage = redis ? await openRedisStorage(redis.url) : openSqliteStorage(dataDir);
    for (const [i, m] of members.entries()) await storage.subscriptions.save(subscription(m, i));
  });
  afterAll(async () => {
    await storage?.close();
    await redis?.stop();
    await Promise.all([telegramProxy.stop(), zaloProxy.stop(), telegram.stop(), zalo.stop()]);
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** A bot process's delivery side: the outbox on the database, the real senders, the service. */
  function boot(options: { failEnqueueAfter?: number } = {}) {
    const queueOptions = { pollIntervalMs: 20, concurrency: 8, retry: { maxAttempts: 5, baseDelayMs: 50, maxDelayMs: 500 } };
    const sqlite = storage as SqliteStorage;
    const outbox = redis ? createBullmqDeliveryQueue({ ...queueOptions, redisUrl: redis.url }) : createSqliteOutbox(sqlite.db, queueOptions, sqlite.commits);
    let enqueued = 0;
    // A process that dies while handing the recipients to the queue: later enqueues fail.
    const queue: DeliveryQueue = {
      ...outbox,
      enqueue: async (job) => {
        if (options.failEnqueueAfter !== undefined && ++enqueued > options.failEnqueueAfter) throw new Error('process killed');
        return outbox.enqueue(job);
      },
    };
    const service = new AnnouncementService({ store: storage.announcements, subscriptions: storage.subscriptions, tickets: storage.tickets, queue, translator });
    // A faster pacer than Telegram's 30/s keeps the test short; the limit itself is the pacer's test and the bench's.
    const pace = createPacer({ max: 1000, perMs: 1000 });
    outbox.start({
      senders: { telegram: pace(telegramMemberSender(new Api(telegram.token, { apiRoot: tgRoot }))), zalo: zaloSender(new ZaloApi(zalo.token, zaloRoot)), staff: pace(async () => undefined) },
      onDelivered: (job) => service.delivered(job),
      onFailed: async (job, reason) => void (await service.failed(job, reason)),
    });
    return { service, queue: outbox };
  }

  it('reaches everyone once through a restart in the middle and 429s, marks the blocked, leaves out the unsubscribed, and answers a member first', async () => {
    const unsubscribed = members[10]!;
    await storage.subscriptions.remove(unsubscribed);

    // First process: hands 700 recipients to the queue, then dies; some are sent meanwhile.
    const first = boot({ failEnqueueAfter: 700 });
    expect((await first.service.audience({ kind: 'all' })).length).toBe(MEMBERS - 1);
    const draft = await first.service.compose({ text: 'Hội nghị đối thoại 2026: gửi kiến nghị trước 15/12.', photo: null, link: 'https://lmhtx.example.vn/hoi-nghi', audience: { kind: 'all' } }, 'lan', new Date());
    telegram.failNext('sendMessage', 1, { status: 429, description: 'Too Many Requests: retry after 1', retryAfter: 1 });
    await first.service.sweep();
    await sleep(300);
    await first.queue.stop();
    const before = await storage.announcements.counts(draft.id);
    expect(before.sent).toBeGreaterThan(0);
    expect((await storage.announcements.get(draft.id))).toMatchObject({ status: 'sending', enqueued: false, recipients: MEMBERS - 1 });

    // Second process on the same database: hands on the rest; the queue ignores the keys it knows.
    const second = boot();
    zalo.failNext('sendMessage', 2, { status: 429, description: 'Quota exceeded' });
    await second.service.sweep();
    // A staff answer to a member while the broadcast is under way.
    const bulkSentBeforeAnswer = telegram.callsOf('sendMessage').length + zalo.calls.length;
    await second.queue.enqueue({ key: 'relay:answer:KK-2026-0001', channel: 'telegram', parts: [{ conversationId: 'telegram:555', reply: { text: 'Cán bộ trả lời: đã nhận hồ sơ.' } }] });
    telegram.failNext('sendMessage', 1, { status: 429, description: 'Too Many Requests: retry after 1', retryAfter: 1 });
    await second.queue.drained(60_000);
    await second.service.sweep();
    await second.queue.stop();

    const texts = new Map<string, string[]>();
    for (const c of telegram.callsOf('sendMessage')) texts.set(`telegram:${c.body['chat_id']}`, [...(texts.get(`telegram:${c.body['chat_id']}`) ?? []), String(c.body['text'])]);
    for (const c of zalo.calls.filter((c) => c.method === 'sendMessage')) texts.set(`zalo:${c.body['chat_id']}`, [...(texts.get(`zalo:${c.body['chat_id']}`) ?? []), String(c.body['text'])]);
    // Everyone once, nobody twice; the blocked and the unsubscribed got nothing.
    for (const m of members) {
      const got = texts.get(m) ?? [];
      if (blocked.has(m) || m === unsubscribed) expect(got, m).toEqual([]);
      else expect(got, m).toHaveLength(1);
    }
    expect(texts.get(members[0]!)![0]).toContain('Hội nghị đối thoại 2026');
    expect(texts.get(members[0]!)![0]).toContain('🔗 https://lmhtx.example.vn/hoi-nghi');
    expect(texts.get(members[0]!)![0]).toContain('Gõ /unsubscribe');
    expect(texts.get(members[1]!)![0]).toContain('Type /unsubscribe'); // in the member's language
    // The answer went out before most of the broadcast that was waiting when it came.
    const order = telegram.callsOf('sendMessage').map((c) => String(c.body['chat_id']));
    const answerAt = order.indexOf('555');
    expect(answerAt).toBeGreaterThanOrEqual(0);
    expect(answerAt - bulkSentBeforeAnswer).toBeLessThan(50);
    expect(order.length - answerAt).toBeGreaterThan(500);

    const counts = await storage.announcements.counts(draft.id);
    expect(counts).toEqual({ queued: 0, sent: MEMBERS - 1 - blocked.size, failed: 0, blocked: blocked.size });
    expect(await storage.announcements.get(draft.id)).toMatchObject({ status: 'done', enqueued: true });
    // The blocked are marked and left out of the next announcement.
    const next = await second.service.audience({ kind: 'all' });
    expect(next.length).toBe(MEMBERS - 1 - blocked.size);
    expect(next.some((s) => blocked.has(s.memberId))).toBe(false);
  }, 90_000);
});
