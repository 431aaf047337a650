import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Api, GrammyError } from 'grammy';
import { AnnouncementService } from '../../src/announcements/announcement-service.js';
import { createPacer, TELEGRAM_RATE_LIMIT } from '../../src/delivery/pacer.js';
import { redisSendWindow } from '../../src/delivery/send-window.js';
import { storageRedis } from '../../src/storage/redis/redis-client.js';
import { startRedis, type RedisProcess } from '../support/redis-server.js';
import { createSqliteOutbox } from '../../src/delivery/sqlite-outbox.js';
import { createTranslator } from '../../src/i18n/create-translator.js';
import { telegramMemberSender } from '../../src/relay/senders.js';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import { FakeRateLimitedApi } from './fake-rate-limited-api.js';

const TOKEN = '123456:BENCH-token_for_the_fake_api_0000';
const FIRST_MEMBER = 1_000_000;
const ASKER = 42;

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface AnnounceFigures {
  members: number;
  seconds: number;
  /** Announcement messages a second, first to last accepted by the fake API. */
  bulkPerSecond: number;
  /** All messages a second over the same time (announcements and member replies). */
  totalPerSecond: number;
  replies: number;
  during: { p50: number; p99: number };
  baseline: { p50: number; p99: number };
  rejected429: number;
  lost: number;
  duplicated: number;
}

/**
 * A real announcement to `members` Telegram subscribers through the app's parts — the SQLite store
 * and outbox, the AnnouncementService, the Telegram sender and the shared pacer (30 msg/s) — against
 * a fake Bot API that answers 429 above 30 messages in a second, while a member is answered every
 * `replyEveryMs` through the same pacer (as a member's turn is answered: interactive, before waiting
 * bulk sends). Reply latency is measured first without a broadcast (the baseline of the same run).
 */
export async function announceBench(members = 10_000, replyEveryMs = 1000, shared = false): Promise<AnnounceFigures> {
  const api = new FakeRateLimitedApi(TELEGRAM_RATE_LIMIT.max);
  const root = await api.start();
  // Shared: the limit counted in Redis by two pacers, as two processes count it — the announcement
  // sent by one, the member answered by the other.
  const redis: RedisProcess | undefined = shared ? await startRedis() : undefined;
  const clients = redis ? [storageRedis(redis.url, undefined, { lazyConnect: false }), storageRedis(redis.url, undefined, { lazyConnect: false })] : [];
  const pacerOf = (i: number) => createPacer(TELEGRAM_RATE_LIMIT, clients[i] && redisSendWindow(clients[i]!, 'telegram', TELEGRAM_RATE_LIMIT));
  const dataDir = mkdtempSync(join(tmpdir(), 'htx-announce-bench-'));
  const storage = openSqliteStorage(dataDir);
  try {
    for (let i = 0; i < members; i++) {
      await storage.subscriptions.save({ memberId: `telegram:${FIRST_MEMBER + i}`, topics: ['credit'], commune: null, locale: 'vi', consentAt: new Date().toISOString() });
    }
    const outbox = createSqliteOutbox(storage.db, { pollIntervalMs: 50 }, storage.commits);
    const service = new AnnouncementService({ store: storage.announcements, subscriptions: storage.subscriptions, tickets: storage.tickets, queue: outbox, translator: createTranslator(join(import.meta.dirname, '..', '..', 'locales')) });
    const pace = pacerOf(0);
    const replyPace = shared ? pacerOf(1) : pace;
    outbox.start({
      senders: { telegram: pace(telegramMemberSender(new Api(TOKEN, { apiRoot: root }))) },
      onDelivered: (job) => service.delivered(job),
      onFailed: async (job, reason) => void (await service.failed(job, reason)),
    });
    // A member's answer, sent at once in their turn: the same pacer, interactive; a 429 waits its retry_after (as grammY's auto-retry does).
    const replyApi = new Api(TOKEN, { apiRoot: root });
    replyApi.config.use((prev, method, payload, signal) => replyPace.slot('interactive').then(() => prev(method, payload, signal)));
    const answer = async (): Promise<number> => {
      const asked = Date.now();
      const arrived = new Promise<number>((resolve) => api.waiters.set(ASKER, resolve));
      for (;;) {
        try {
          await replyApi.sendMessage(ASKER, 'Câu trả lời cho thành viên');
          break;
        } catch (error) {
          if (!(error instanceof GrammyError && error.error_code === 429)) throw error;
          await sleep((error.parameters.retry_after ?? 1) * 1000);
        }
      }
      return (await arrived) - asked;
    };

    const baseline: number[] = [];
    for (let i = 0; i < 20; i++) {
      baseline.push(await answer());
      await sleep(50);
    }

    const startedAt = Date.now();
    await service.compose({ text: 'Quỹ hỗ trợ HTX mở đợt cho vay mới.', photo: null, link: null, audience: { kind: 'all' } }, 'bench', new Date());
    await service.sweep();
    const during: number[] = [];
    let done = false;
    const asking = (async () => {
      while (!done) {
        during.push(await answer());
        await sleep(replyEveryMs);
      }
    })();
    while ((await storage.announcements.counts('1')).queued > 0) await sleep(250);
    done = true;
    await asking;
    await outbox.drained(60_000);
    await outbox.stop();

    const bulk = api.received.filter((r) => r.chatId >= FIRST_MEMBER && r.at >= startedAt);
    const first = Math.min(...bulk.map((r) => r.at));
    const last = Math.max(...bulk.map((r) => r.at));
    const seconds = (last - first) / 1000;
    const all = api.received.filter((r) => r.at >= first && r.at <= last).length;
    const perChat = new Map<number, number>();
    for (const r of bulk) perChat.set(r.chatId, (perChat.get(r.chatId) ?? 0) + 1);
    return {
      members,
      seconds,
      bulkPerSecond: (bulk.length - 1) / seconds,
      totalPerSecond: (all - 1) / seconds,
      replies: during.length,
      during: { p50: quantile(during, 0.5), p99: quantile(during, 0.99) },
      baseline: { p50: quantile(baseline, 0.5), p99: quantile(baseline, 0.99) },
      rejected429: api.rejected429,
      lost: members - perChat.size,
      duplicated: [...perChat.values()].filter((n) => n > 1).length,
    };
  } finally {
    await storage.close();
    for (const c of clients) c.disconnect();
    await redis?.stop();
    await api.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The bench's lines (`npm run bench -- --only announce`; ANNOUNCE_MEMBERS sets the audience, default 10,000). */
export async function printAnnounceBench(): Promise<void> {
  const members = Number(process.env['ANNOUNCE_MEMBERS'] ?? 10_000);
  console.log('\n## Announcements (bulk priority) against the Telegram limit');
  for (const shared of [false, true]) {
    const f = await announceBench(members, 1000, shared);
    const ratio = f.bulkPerSecond / TELEGRAM_RATE_LIMIT.max;
    console.log(shared ? 'the limit counted in Redis, the announcement sent by one process and the member answered by another:' : 'one process:');
    console.log(
      `  announcement to ${f.members.toLocaleString('en')} members: ${f.seconds.toFixed(1)} s, ${f.bulkPerSecond.toFixed(1)} msg/s = ${(ratio * 100).toFixed(1)}% of 30 msg/s ` +
        `(all messages ${f.totalPerSecond.toFixed(1)} msg/s with the replies), ${f.rejected429} × 429, ${f.lost} lost, ${f.duplicated} duplicated   target ≥ 95%, 0, 0  ${ratio >= 0.95 && f.lost === 0 && f.duplicated === 0 ? 'PASS' : 'FAIL'}`,
    );
    console.log(
      `  member replies during it (one a second, ${f.replies}): p50 ${f.during.p50.toFixed(0)} ms, p99 ${f.during.p99.toFixed(0)} ms; ` +
        `without a broadcast p50 ${f.baseline.p50.toFixed(0)} ms, p99 ${f.baseline.p99.toFixed(0)} ms (ratio p99 ${(f.during.p99 / f.baseline.p99).toFixed(1)}×)   target p99 < 2 s  ${f.during.p99 < 2000 ? 'PASS' : 'FAIL'}`,
    );
  }
}
