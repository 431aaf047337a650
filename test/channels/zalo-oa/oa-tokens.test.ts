import Database from 'better-sqlite3';
import { pino } from 'pino';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZaloOaApi } from '../../../src/channels/zalo-oa/oa-api.js';
import { OaMessenger } from '../../../src/channels/zalo-oa/oa-messenger.js';
import type { ZaloOaStore } from '../../../src/channels/zalo-oa/oa-store.js';
import { sqliteZaloOaStore } from '../../../src/channels/zalo-oa/sqlite-oa-store.js';
import { OaTokenKeeper } from '../../../src/channels/zalo-oa/token-keeper.js';
import { FakeZaloOa } from '../../support/fake-zalo-oa.js';
import { startRedis, type RedisProcess } from '../../support/redis-server.js';
import { startTestApp, type TestApp } from '../../support/start-test-app.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One bot process's view of the OA: its own API client, token keeper and log. */
function processOn(oa: FakeZaloOa, root: string, store: ZaloOaStore, options: { fault?: (point: string) => void; lockTtlMs?: number } = {}) {
  const logs: string[] = [];
  const logger = pino({ level: 'info' }, new Writable({ write: (chunk, _e, done) => void (logs.push(String(chunk)), done()) }));
  const api = new ZaloOaApi({ appId: oa.appId, secretKey: oa.secretKey, apiRoot: root, oauthRoot: root });
  const tokens = new OaTokenKeeper({ store, refresh: (rt) => api.refresh(rt), logger, ...options });
  return { tokens, messenger: new OaMessenger(api, tokens), logs };
}

/** A crash at `point`: the process stops there, its lock left to expire (no clean-up runs). */
function crashingAt(point: string, store: ZaloOaStore): { store: ZaloOaStore; fault: (p: string) => void } {
  return {
    store: { ...store, unlock: async () => undefined },
    fault: (p) => {
      if (p === point) throw new Error(`crashed at ${p}`);
    },
  };
}

describe('the OA access token', () => {
  const oa = new FakeZaloOa();
  let root: string;
  beforeAll(async () => {
    root = await oa.start();
  });
  afterAll(() => oa.stop());

  it('is refreshed before it expires: messages sent across several lifetimes are never refused for the token', async () => {
    oa.accessTtlSeconds = 1;
    const store = sqliteZaloOaStore(new Database(':memory:'));
    const bot = processOn(oa, root, store);
    await bot.tokens.seed(oa.firstRefreshToken);
    oa.memberWrote('u-refresh');
    oa.windowMessages = 1000;
    const refreshesBefore = oa.refreshes;
    for (let i = 0; i < 25; i++) {
      await bot.messenger.send('u-refresh', `tin ${i}`);
      await sleep(100);
    }
    expect(oa.sentTo('u-refresh')).toHaveLength(25);
    expect(oa.refusals.filter((r) => r.code === -216)).toEqual([]);
    expect(oa.refreshes - refreshesBefore).toBeGreaterThanOrEqual(2);
    expect(bot.logs.join('')).not.toMatch(/at-\d+|rt-\d+/); // tokens never logged
  });

  it('survives a crash between the refresh call and storing the new pair: the next process says to re-authorise, and a new ZALO_OA_REFRESH_TOKEN restarts the chain', async () => {
    oa.accessTtlSeconds = 90_000;
    const store = sqliteZaloOaStore(new Database(':memory:'));
    const first = oa.authorise();
    const crash = crashingAt('zalo-oa:refresh:after-call', store);
    const dying = processOn(oa, root, crash.store, { fault: crash.fault, lockTtlMs: 150 });
    await dying.tokens.seed(first);
    await expect(dying.tokens.accessToken()).rejects.toThrow(/crashed/);
    expect((await store.tokens())!.pending).toBeDefined();

    const next = processOn(oa, root, store);
    await expect(next.tokens.accessToken()).rejects.toThrow();
    expect(next.logs.join('')).toContain('authorise the OA for the app again');
    expect(next.logs.join('')).not.toContain(first);
    // The operator authorises the OA again and restarts with the new value.
    await next.tokens.seed(oa.authorise());
    oa.memberWrote('u-crash');
    await next.messenger.send('u-crash', 'lại hoạt động');
    expect(oa.sentTo('u-crash')).toEqual(['lại hoạt động']);
  });

  it('survives a crash after the pending refresh is stored and before Zalo is called: the next process spends the same refresh token once', async () => {
    const store = sqliteZaloOaStore(new Database(':memory:'));
    const seed = oa.authorise();
    const crash = crashingAt('zalo-oa:refresh:before-call', store);
    const dying = processOn(oa, root, crash.store, { fault: crash.fault, lockTtlMs: 150 });
    await dying.tokens.seed(seed);
    const before = oa.refreshes;
    await expect(dying.tokens.accessToken()).rejects.toThrow(/crashed/);
    const next = processOn(oa, root, store);
    const token = await next.tokens.accessToken();
    expect(token).toMatch(/^at-/);
    expect(oa.refreshes - before).toBe(1);
    expect(oa.validRefreshTokens()).toContain((await store.tokens())!.refreshToken);
    expect((await store.tokens())!.pending).toBeUndefined();
  });
});

describe('two bot processes on one Redis', () => {
  const oa = new FakeZaloOa();
  let redis: RedisProcess;
  let apps: TestApp[] = [];
  beforeAll(async () => {
    const root = await oa.start();
    redis = await startRedis();
    oa.accessTtlSeconds = 1;
    oa.windowMessages = 1000;
    // Both start at once: each checks the token at start, so they race for the first refresh.
    apps = await Promise.all([0, 1].map(() => startTestApp({ ...oa.env(root), REDIS_URL: redis.url })));
  });
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close()));
    await redis?.stop();
    await oa.stop();
  });

  it('refreshing the token at the same moments leaves one valid refresh token, and both keep answering', async () => {
    const members = ['r1', 'r2', 'r3', 'r4'];
    for (let round = 0; round < 8; round++) {
      // The same moment in both processes, near the token's end.
      await Promise.all(members.map((m, i) => oa.post(apps[i % 2]!.baseUrl, oa.text(m, `/status`)).then((r) => expect(r.status).toBe(200))));
      await sleep(300);
    }
    await Promise.all(apps.map((a) => a.queue.drained(10_000)));
    for (const m of members) expect(oa.sentTo(m).length).toBeGreaterThanOrEqual(8);
    expect(oa.refusals.filter((r) => r.call === 'oauth')).toEqual([]); // no spent refresh token was ever used
    expect(oa.validRefreshTokens()).toHaveLength(1);
    expect(oa.validRefreshTokens()).toEqual([(await apps[0]!.storage.zaloOa.tokens())!.refreshToken]);
    expect(oa.refreshes).toBeGreaterThanOrEqual(2);
  });
});
