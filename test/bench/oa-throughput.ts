import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { ZaloOaApi } from '../../src/channels/zalo-oa/oa-api.js';
import { createOaHandler } from '../../src/channels/zalo-oa/oa-handler.js';
import { OaMessenger } from '../../src/channels/zalo-oa/oa-messenger.js';
import { oaSignature } from '../../src/channels/zalo-oa/oa-signature.js';
import { readOaWebhook } from '../../src/channels/zalo-oa/oa-webhook.js';
import { OaTokenKeeper } from '../../src/channels/zalo-oa/token-keeper.js';
import { ConversationService } from '../../src/conversation/conversation-service.js';
import type { EngineDeps } from '../../src/conversation/ports.js';
import { createBullmqDeliveryQueue } from '../../src/delivery/bullmq-queue.js';
import type { DeliveryQueue } from '../../src/delivery/ports.js';
import { createSqliteOutbox } from '../../src/delivery/sqlite-outbox.js';
import { createTranslator } from '../../src/i18n/create-translator.js';
import { loadFlows } from '../../src/flows/load-flows.js';
import { KnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { loadOutOfScope } from '../../src/knowledge/out-of-scope.js';
import { memberTickets } from '../../src/relay/member-tickets.js';
import type { Storage } from '../../src/storage/ports.js';
import { openRedisStorage } from '../../src/storage/redis/redis-storage.js';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import { sqliteTickets } from '../../src/storage/sqlite/sqlite-tickets.js';
import { TicketService } from '../../src/tickets/ticket-service.js';
import { startRedis } from '../support/redis-server.js';
import { loadDevset } from './devset.js';
import { fullPathRate, makeUpdates } from './telegram-throughput.js';

const APP_ID = '4321098765432109876';
const SECRET = 'bench-oa-secret-key';

/** Signed webhook posts as Zalo sends them (raw body and X-ZEvent-Signature), from 500 followers. */
export function makeOaPosts(questions: string[], count: number, first = 1): Array<{ raw: string; signature: string }> {
  const timestamp = String(Date.now());
  return Array.from({ length: count }, (_, i) => {
    const user = `f${i % 500}`;
    const raw = JSON.stringify({ app_id: APP_ID, user_id_by_app: `app-${user}`, event_name: 'user_send_text', timestamp, sender: { id: user }, recipient: { id: 'oa' }, message: { msg_id: `m${first + i}`, text: questions[i % questions.length] } });
    return { raw, signature: oaSignature(APP_ID, raw, timestamp, SECRET) };
  });
}

/**
 * The OA webhook path after HTTP, as the Telegram path is measured: check the signature over the
 * raw body and the timestamp, validate, take the member's lock, check the applied turn, run the
 * core, commit, send the replies through a recording transport (with the access token from the
 * store), and look for answers waiting for the member.
 */
export async function oaPathRate(storage: Storage, queue: DeliveryQueue, engine: EngineDeps, posts: Array<{ raw: string; signature: string }>, concurrency = 16): Promise<number> {
  const conversations = new ConversationService({ engine, sessions: storage.sessions, lock: storage.lock });
  const recording = async () => ({ status: 200, data: { error: 0, message: 'Success', data: { message_id: 'x' } } });
  const api = new ZaloOaApi({ appId: APP_ID, secretKey: SECRET, apiRoot: 'http://127.0.0.1:9', oauthRoot: 'http://127.0.0.1:9', transport: recording });
  const logger = pino({ level: 'silent' });
  const tokens = new OaTokenKeeper({ store: storage.zaloOa, refresh: () => Promise.reject(new Error('no refresh in the bench')), logger });
  await storage.zaloOa.seed('bench-refresh-token', Date.now());
  const t = (await storage.zaloOa.tokens())!;
  const { version, ...rest } = t;
  await storage.zaloOa.replaceTokens({ ...rest, accessToken: 'bench-access-token', issuedAt: Date.now(), expiresAt: Date.now() + 25 * 3_600_000 }, version);
  const handle = createOaHandler({ messenger: new OaMessenger(api, tokens), conversations, queue, store: storage.zaloOa, claims: storage.claims, subscriptions: storage.subscriptions, logger, t: engine.translator });
  let next = 0;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < posts.length) {
        const post = posts[next++]!;
        const reading = readOaWebhook(post.raw, post.signature, { appId: APP_ID, secretKey: SECRET, now: Date.now() });
        if (!('event' in reading)) throw new Error(`bench post refused: ${'error' in reading ? reading.error : reading.ignored}`);
        await handle(reading.event);
      }
    }),
  );
  return posts.length / (Number(process.hrtime.bigint() - t0) / 1e9);
}

/** npm run bench -- --only oa: the OA webhook path against the Telegram webhook path, on SQLite and on Redis, in the same run. */
export async function printOaBench(root: string): Promise<void> {
  const entries = loadKnowledge(join(root, 'flows', 'knowledge'));
  const engine: EngineDeps = {
    knowledge: new KnowledgeBase(entries, loadOutOfScope(join(root, 'flows', 'out-of-scope.yaml'))),
    translator: createTranslator(join(root, 'locales')),
    defaultLocale: 'vi',
    flows: loadFlows(join(root, 'flows')),
    tickets: memberTickets(new TicketService(sqliteTickets(new Database(':memory:')))),
    now: () => new Date(),
  };
  const N = 4000;
  const ROUNDS = 3;
  const texts = [...loadDevset().map((d) => d.q), '/start', '/menu', '1', '2'];
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  // Rounds alternate the two paths, and each path's median is taken: a busy machine slows both alike.
  const measure = async (storage: Storage, queue: DeliveryQueue) => {
    await fullPathRate(storage, engine, makeUpdates(texts, 1000, 3_000_000), queue, 'webhook'); // warm-up
    await oaPathRate(storage, queue, engine, makeOaPosts(texts, 1000, 3_000_000));
    const telegram: number[] = [];
    const oa: number[] = [];
    for (let round = 0, first = 4_000_000; round < ROUNDS; round++, first += N) {
      telegram.push(await fullPathRate(storage, engine, makeUpdates(texts, N, first), queue, 'webhook'));
      oa.push(await oaPathRate(storage, queue, engine, makeOaPosts(texts, N, first)));
    }
    return { telegram: median(telegram), oa: median(oa) };
  };
  const dir = mkdtempSync(join(tmpdir(), 'htx-bench-oa-'));
  const sqlite = openSqliteStorage(dir);
  const sqliteQueue = createSqliteOutbox(sqlite.db, {}, sqlite.commits);
  const onSqlite = await measure(sqlite, sqliteQueue);
  await sqliteQueue.stop();
  await sqlite.close();
  rmSync(dir, { recursive: true, force: true });
  const server = await startRedis();
  const redis = await openRedisStorage(server.url);
  const redisQueue = createBullmqDeliveryQueue({ redisUrl: server.url });
  const onRedis = await measure(redis, redisQueue);
  await redisQueue.stop();
  await redis.close();
  await server.stop();
  const mark = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
  console.log(`\n## Updates per second through the Zalo OA webhook path (signature, timestamp, validate, claim, core, session, send through a recording transport, waiting answers looked up), against the Telegram webhook path, 16 in flight, median of ${ROUNDS} alternating rounds of ${N}`);
  for (const [name, r] of [['SQLite', onSqlite], ['Redis', onRedis]] as const) {
    const ratio = r.oa / r.telegram;
    console.log(`on ${name.padEnd(7)} Telegram webhook ${Math.round(r.telegram)} updates/s   Zalo OA ${Math.round(r.oa)} updates/s   ratio ${ratio.toFixed(2)}   target ≥ 0.8  ${mark(ratio >= 0.8)}`);
  }
}
