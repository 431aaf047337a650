import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntryBody } from '../../src/content/content-kinds.js';
import type { Actor } from '../../src/content/content-service.js';
import { spawnApp, type AppProcess } from '../support/app-process.js';
import { startRedis, type RedisProcess } from '../support/redis-server.js';
import { appOn, startTestApp, type TestApp } from '../support/start-test-app.js';
import { webClient } from '../e2e/web-helpers.js';

const ID = 'credit-fund-conditions';
/** An entry no other entry links to (one that may be retired). */
const UNLINKED = 'tax-cit-old-law-2024';
const QUESTION = 'vay von quy ho tro htx can dieu kien gi';
const editor: Actor = { login: 'lan', role: 'editor' };
const admin: Actor = { login: 'an', role: 'admin' };

/** The web chat's answer to the question, as one text. */
async function answerText(baseUrl: string): Promise<string> {
  const member = webClient(baseUrl);
  const { replies } = await member.chat({ text: QUESTION });
  return replies.map((r) => r.text).join('\n');
}

/** An editor's draft of the entry with a new first line; returns its revision. */
async function draftWithAnswer(app: TestApp, answer: string): Promise<number> {
  const state = (await app.content.store.document('entry', ID))!;
  const current = (await app.content.store.revision('entry', ID, state.latestRev))!.body as EntryBody;
  const saved = await app.content.saveDraft(editor, 'entry', ID, { ...current, answer: { vi: answer, en: 'The fund lends when …' } }, state.latestRev);
  if (!saved.ok) throw new Error(`draft refused: ${JSON.stringify(saved)}`);
  return saved.rev;
}

describe.each(['sqlite', 'redis'] as const)('a published change is what members read (%s)', (kind) => {
  const ctx = appOn(kind);

  it('answers from the new text as soon as it is published, not while it is a draft; rollback brings the old text back', async () => {
    const before = await answerText(ctx.app.baseUrl);
    const marker = `Quỹ cho vay theo phương án mới ${randomUUID().slice(0, 8)}.`;
    const rev = await draftWithAnswer(ctx.app, marker);
    expect(await answerText(ctx.app.baseUrl)).toBe(before);
    expect(await ctx.app.content.publish(admin, 'entry', ID, rev)).toEqual({ ok: true });
    const after = await answerText(ctx.app.baseUrl);
    expect(after).toContain(marker);
    expect(await ctx.app.content.rollback(admin, 'entry', ID, rev - 1)).toMatchObject({ ok: true, published: true });
    expect(await answerText(ctx.app.baseUrl)).toBe(before);
  });

  it('stops answering with a retired entry at once, and answers with it again once it is published', async () => {
    expect(ctx.app.knowledge().get(UNLINKED)).toBeDefined();
    expect(await ctx.app.content.retire(admin, 'entry', UNLINKED)).toEqual({ ok: true });
    expect(ctx.app.knowledge().get(UNLINKED)).toBeUndefined();
    const state = (await ctx.app.content.store.document('entry', UNLINKED))!;
    await ctx.app.content.publish(admin, 'entry', UNLINKED, state.publishedRev!);
    expect(ctx.app.knowledge().get(UNLINKED)).toBeDefined();
  });
});

describe('a Redis that lost its data', () => {
  let redis: RedisProcess;
  let app: TestApp;
  beforeAll(async () => {
    redis = await startRedis();
    app = await startTestApp({ REDIS_URL: redis.url });
  });
  afterAll(async () => {
    await app?.close();
    await redis?.stop();
  });

  it('is seeded again from the files, so the bot keeps answering instead of knowing nothing', async () => {
    const before = await answerText(app.baseUrl);
    const client = new Redis(redis.url);
    await client.flushall();
    client.disconnect();
    await expect.poll(async () => (await app.content.store.published('entry')).length, { timeout: 10_000, interval: 200 }).toBe(app.knowledge().entries.length);
    expect(app.knowledge().entries.length).toBeGreaterThan(100);
    expect(await answerText(app.baseUrl)).toBe(before);
    expect(app.logs.some((l) => l.includes('seeding it again from the flows/ files'))).toBe(true);
  });
});

describe('two processes on one Redis', () => {
  let redis: RedisProcess;
  let app: TestApp;
  let other: AppProcess;
  beforeAll(async () => {
    redis = await startRedis();
    app = await startTestApp({ REDIS_URL: redis.url });
    other = await spawnApp({ REDIS_URL: redis.url });
  }, 60_000);
  afterAll(async () => {
    await other?.stop();
    await app?.close();
    await redis?.stop();
  });

  it('the other process answers with a change published here within 2 seconds, with no restart', async () => {
    const marker = `Điều kiện mới ${randomUUID().slice(0, 8)}.`;
    const rev = await draftWithAnswer(app, marker);
    expect(await answerText(other.url)).not.toContain(marker);
    await app.content.publish(admin, 'entry', ID, rev);
    await expect.poll(() => answerText(other.url), { timeout: 2_000, interval: 100 }).toContain(marker);
  });
});
