import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { startApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config/load-config.js';
import { bodyFromEntry, type EntryBody } from '../../src/content/content-kinds.js';
import type { ContentStore } from '../../src/content/content-store.js';
import { KnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { loadOutOfScope } from '../../src/knowledge/out-of-scope.js';
import { openRedisStorage } from '../../src/storage/redis/redis-storage.js';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import { spawnApp } from '../support/app-process.js';
import { startRedis } from '../support/redis-server.js';
import { padEntries } from './latency.js';

const root = join(import.meta.dirname, '..', '..');
const mark = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ID = 'credit-fund-conditions';
const QUESTION = 'vay von quy ho tro htx can dieu kien gi';

/** Milliseconds `work` takes, the median of `n` runs. */
async function timed(n: number, work: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  return median(times);
}

async function chatAnswer(url: string): Promise<string> {
  const res = await fetch(`${url}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-client-id': randomUUID() },
    body: JSON.stringify({ messageId: randomUUID(), text: QUESTION }),
  });
  const body = (await res.json()) as { replies: Array<{ text: string }> };
  return body.replies.map((r) => r.text).join('\n');
}

/** An editor's draft with a new answer, published by an admin; resolves when publish returned. */
async function publishChange(app: App, marker: string): Promise<void> {
  const state = (await app.content.store.document('entry', ID))!;
  const body = (await app.content.store.revision('entry', ID, state.latestRev))!.body as EntryBody;
  const saved = await app.content.saveDraft({ login: 'lan', role: 'editor' }, 'entry', ID, { ...body, answer: { vi: marker, en: marker } }, state.latestRev);
  if (!saved.ok) throw new Error(JSON.stringify(saved));
  await app.content.publish({ login: 'an', role: 'admin' }, 'entry', ID, saved.rev);
}

/** From the call to publish until `url` answers with the new text (polled every 10 ms). */
async function publishToAnswer(app: App, url: string): Promise<number> {
  const marker = `Đổi ${randomUUID().slice(0, 8)}`;
  const start = performance.now();
  await publishChange(app, marker);
  while (!(await chatAnswer(url)).includes(marker)) await new Promise((r) => setTimeout(r, 10));
  return performance.now() - start;
}

/** The published set read from the store and indexed, as a process does after a publish. */
async function reloadTime(store: ContentStore, offTopic: ReturnType<typeof loadOutOfScope>): Promise<number> {
  return timed(5, async () => {
    const entries = (await store.published('entry')).map((r) => ({ ...(r.body as EntryBody), file: '' }));
    return new KnowledgeBase(entries, offTopic);
  });
}

export async function contentBench(): Promise<void> {
  console.log('\n## Knowledge base editing: rebuild and publish');
  const shipped = loadKnowledge(join(root, 'flows', 'knowledge'));
  const offTopic = loadOutOfScope(join(root, 'flows', 'out-of-scope.yaml'));
  const baseline = await timed(7, () => new KnowledgeBase(shipped.map((e) => ({ ...e })), offTopic));
  console.log(`index build, the shipped ${shipped.length} entries (again, as after a publish)   ${baseline.toFixed(1)} ms (baseline)`);
  for (const [size, target, seed] of [
    [300, 200, 7],
    [3000, 2000, 11],
  ] as const) {
    // Synthetic entries never seen before: the first build normalises all their text (a process's start).
    const entries = padEntries(shipped, size, seed);
    const coldStart = performance.now();
    new KnowledgeBase(entries, offTopic);
    const cold = performance.now() - coldStart;
    // After a publish: one entry changed, every other entry's terms as they were.
    let round = 0;
    const rebuild = await timed(5, () => {
      const changed = entries.map((e, i) => (i === 3 ? { ...e, answer: { vi: `${e.answer.vi} (sửa ${++round})`, en: e.answer.en } } : { ...e }));
      return new KnowledgeBase(changed, offTopic);
    });
    console.log(`index rebuild after a publish, ${String(size).padStart(4)} entries   ${rebuild.toFixed(1)} ms   ratio ${(rebuild / baseline).toFixed(1)}   target < ${target} ms  ${mark(rebuild < target)}   (first build of ${size} new entries at start: ${cold.toFixed(0)} ms)`);
    // The whole reload after a publish: the published set read from each store, then indexed.
    const dir = mkdtempSync(join(tmpdir(), 'htx-bench-content-'));
    const sqlite = openSqliteStorage(dir);
    const server = await startRedis();
    const redis = await openRedisStorage(server.url);
    for (const [name, storage] of [
      ['SQLite', sqlite],
      ['Redis', redis],
    ] as const) {
      await Promise.all(entries.map((e) => storage.content.append('entry', e.id, 0, { body: bodyFromEntry(e), author: 'files', at: new Date().toISOString(), note: '', publish: true })));
      const reload = await reloadTime(storage.content, offTopic);
      console.log(`  reload on ${name.padEnd(6)} (read the published set + rebuild)   ${reload.toFixed(1)} ms   target < ${target} ms  ${mark(reload < target)}`);
    }
    await sqlite.close();
    await redis.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }

  // Publish → answered. SQLite: the one process; Redis: this process publishes, a second one answers.
  const trials = 10;
  const dir = mkdtempSync(join(tmpdir(), 'htx-bench-publish-'));
  const sqliteApp = await startApp({ config: loadConfig({ PORT: '0', DATA_DIR: dir, LOG_LEVEL: 'silent' }), logger: pino({ level: 'silent' }) });
  const sqliteUrl = `http://127.0.0.1:${sqliteApp.port}`;
  const chatBaseline = await timed(trials, () => chatAnswer(sqliteUrl));
  const sqliteTimes: number[] = [];
  for (let i = 0; i < trials; i++) sqliteTimes.push(await publishToAnswer(sqliteApp, sqliteUrl));
  await sqliteApp.stop();
  rmSync(dir, { recursive: true, force: true });
  const worstSqlite = Math.max(...sqliteTimes);
  console.log(`one web chat answer (baseline)                     ${chatBaseline.toFixed(1)} ms`);
  console.log(`publish → answered, SQLite (one process)           median ${median(sqliteTimes).toFixed(0)} ms, worst ${worstSqlite.toFixed(0)} ms of ${trials}   target < 1000 ms  ${mark(worstSqlite < 1000)}`);

  const server = await startRedis();
  const dirA = mkdtempSync(join(tmpdir(), 'htx-bench-publish-'));
  const a = await startApp({ config: loadConfig({ PORT: '0', DATA_DIR: dirA, LOG_LEVEL: 'silent', REDIS_URL: server.url }), logger: pino({ level: 'silent' }) });
  const b = await spawnApp({ REDIS_URL: server.url, LOG_LEVEL: 'warn' });
  const redisTimes: number[] = [];
  for (let i = 0; i < trials; i++) redisTimes.push(await publishToAnswer(a, b.url));
  const worstRedis = Math.max(...redisTimes);
  console.log(`publish → answered by the other process, Redis     median ${median(redisTimes).toFixed(0)} ms, worst ${worstRedis.toFixed(0)} ms of ${trials}   target < 2000 ms  ${mark(worstRedis < 2000)}`);
  await b.stop();
  await a.stop();
  await server.stop();
  rmSync(dirA, { recursive: true, force: true });
}
