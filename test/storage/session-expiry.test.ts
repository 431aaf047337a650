import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Storage } from '../../src/storage/ports.js';
import { openRedisStorage } from '../../src/storage/redis/redis-storage.js';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import { startRedis, type RedisProcess } from '../support/redis-server.js';

const IDLE_MS = 400;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A conversation left idle longer than SESSION_IDLE_DAYS is forgotten (here shortened to 400 ms), on both stores. */
describe.each(['sqlite', 'redis'] as const)('idle sessions on %s', (kind) => {
  let redis: RedisProcess | undefined;
  let dir: string | undefined;
  let storage: Storage;
  afterAll(async () => {
    await storage?.close();
    await redis?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('forgets a conversation idle longer than the limit, and keeps one that goes on', async () => {
    if (kind === 'redis') {
      redis = await startRedis();
      storage = await openRedisStorage(redis.url, { sessionIdleMs: IDLE_MS });
    } else {
      dir = mkdtempSync(join(tmpdir(), 'htx-idle-'));
      storage = openSqliteStorage(dir, { sessionIdleMs: IDLE_MS });
    }
    await storage.sessions.save('web:idle', { locale: 'vi', step: 'form' });
    await storage.sessions.save('web:busy', { locale: 'en' });
    for (let i = 0; i < 3; i++) {
      await pause(IDLE_MS / 2);
      // The busy member writes again: each turn saves the session, which starts the idle time again.
      await storage.sessions.save('web:busy', { locale: 'en', turn: i });
    }
    expect(await storage.sessions.load('web:idle')).toBeUndefined();
    expect(await storage.sessions.load('web:busy')).toEqual({ locale: 'en', turn: 2 });
  });
});
