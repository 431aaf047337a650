import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebInbox } from '../../src/storage/ports.js';
import { redisKeys, REDIS_PREFIX } from '../../src/storage/redis/keys.js';
import { redisWebInbox } from '../../src/storage/redis/redis-web-inbox.js';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import { sqliteWebInbox } from '../../src/storage/sqlite/sqlite-web-inbox.js';
import { startRedis, type RedisProcess } from '../support/redis-server.js';

/** What a browser's conversation must do on every back end: shown once, in order, the latest kept. */
function webInboxContract(name: string, open: () => Promise<{ inbox: WebInbox; close: () => Promise<void> }>) {
  describe(`web inbox on ${name}`, () => {
    let inbox: WebInbox;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ inbox, close } = await open());
    });
    afterAll(async () => close());

    it('keeps a browser’s entries in order, apart from other browsers', async () => {
      const a = await inbox.push('browser-a', { from: 'member', text: 'xin chào' });
      const b = await inbox.push('browser-a', { from: 'bot', reply: { text: 'Chào bạn' } });
      await inbox.push('browser-b', { from: 'member', text: 'không phải của a' });
      expect(b).toBeGreaterThan(a);
      expect(await inbox.since('browser-a', 0)).toEqual([
        { id: a, message: { from: 'member', text: 'xin chào' } },
        { id: b, message: { from: 'bot', reply: { text: 'Chào bạn' } } },
      ]);
      expect(await inbox.since('browser-a', a)).toEqual([{ id: b, message: { from: 'bot', reply: { text: 'Chào bạn' } } }]);
      expect(await inbox.since('browser-a', b)).toEqual([]);
      expect(await inbox.since('nobody', 0)).toEqual([]);
    });

    it('stores a delivery pushed again under the same key once, and returns the first id', async () => {
      const first = await inbox.push('browser-c', { from: 'bot', reply: { text: 'Cán bộ trả lời' } }, 'deliver:KK-2026-0001:1');
      const again = await inbox.push('browser-c', { from: 'bot', reply: { text: 'Cán bộ trả lời' } }, 'deliver:KK-2026-0001:1');
      expect(again).toBe(first);
      expect(await inbox.since('browser-c', 0)).toHaveLength(1);
      // The same key from another browser is that browser's own entry.
      const other = await inbox.push('browser-d', { from: 'bot', reply: { text: 'x' } }, 'deliver:KK-2026-0001:1');
      expect(other).not.toBe(first);
      // Without a key, every push is a new entry.
      await inbox.push('browser-c', { from: 'member', text: 'a' });
      await inbox.push('browser-c', { from: 'member', text: 'a' });
      expect(await inbox.since('browser-c', 0)).toHaveLength(3);
    });

    it('keeps only the latest 100 entries of a browser, and forgets the keys of dropped ones', async () => {
      const ids: number[] = [];
      for (let i = 0; i < 105; i++) ids.push(await inbox.push('browser-e', { from: 'member', text: `tin ${i}` }, `k${i}`));
      const kept = await inbox.since('browser-e', 0);
      expect(kept).toHaveLength(100);
      expect(kept[0]).toEqual({ id: ids[5], message: { from: 'member', text: 'tin 5' } });
      expect(kept.at(-1)!.id).toBe(ids[104]);
      // A kept key still answers with its id; a dropped one is a new entry.
      expect(await inbox.push('browser-e', { from: 'member', text: 'tin 104' }, 'k104')).toBe(ids[104]);
      expect(await inbox.push('browser-e', { from: 'member', text: 'tin 0' }, 'k0')).toBeGreaterThan(ids[104]!);
    });

    it('gives the latest entries for the history, oldest first', async () => {
      for (let i = 0; i < 8; i++) await inbox.push('browser-f', { from: 'member', text: `m${i}` });
      const recent = await inbox.recent('browser-f', 3);
      expect(recent.map((e) => (e.message as { text: string }).text)).toEqual(['m5', 'm6', 'm7']);
      expect(recent[0]!.id).toBeLessThan(recent[2]!.id);
      expect(await inbox.recent('browser-f', 50)).toHaveLength(8);
      expect(await inbox.recent('browser-f', 0)).toEqual([]);
      expect(await inbox.recent('nobody', 10)).toEqual([]);
    });

    it('forgets a browser’s entries and keys on clear', async () => {
      const first = await inbox.push('browser-g', { from: 'member', text: 'x' }, 'key-g');
      await inbox.clear('browser-g');
      expect(await inbox.since('browser-g', 0)).toEqual([]);
      expect(await inbox.push('browser-g', { from: 'member', text: 'x' }, 'key-g')).not.toBe(first);
    });
  });
}

webInboxContract('SQLite', async () => {
  const db = new Database(':memory:');
  return { inbox: sqliteWebInbox(db), close: async () => void db.close() };
});

let redisServer: RedisProcess;
webInboxContract('Redis', async () => {
  redisServer = await startRedis();
  const redis = new Redis(redisServer.url);
  return {
    inbox: redisWebInbox(redis),
    close: async () => {
      const keys = await redis.keys('*');
      expect(keys.every((k) => k.startsWith(REDIS_PREFIX))).toBe(true);
      redis.disconnect();
      await redisServer.stop();
    },
  };
});

describe('web inbox upgrades', () => {
  it('SQLite: a database made before entries had keys keeps its entries and takes keys', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'htx-inbox-old-'));
    const old = new Database(join(dir, 'bot.db'));
    old.exec(`CREATE TABLE web_inbox (id INTEGER PRIMARY KEY AUTOINCREMENT, client_id TEXT NOT NULL, message TEXT NOT NULL);`);
    old.prepare('INSERT INTO web_inbox (client_id, message) VALUES (?, ?)').run('old-browser', JSON.stringify({ text: 'trả lời cũ' }));
    old.close();
    const storage = openSqliteStorage(dir);
    expect(await storage.webInbox.since('old-browser', 0)).toEqual([{ id: 1, message: { text: 'trả lời cũ' } }]);
    const id = await storage.webInbox.push('old-browser', { from: 'bot', reply: { text: 'mới' } }, 'k');
    expect(await storage.webInbox.push('old-browser', { from: 'bot', reply: { text: 'mới' } }, 'k')).toBe(id);
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('Redis: entries stored before keys existed are read and trimmed like the others', async () => {
    const server = await startRedis();
    const redis = new Redis(server.url);
    await redis.incr(redisKeys.webInboxSeq());
    await redis.zadd(redisKeys.webInbox('old-browser'), 1, JSON.stringify({ id: 1, message: { text: 'trả lời cũ' } }));
    const inbox = redisWebInbox(redis);
    expect(await inbox.since('old-browser', 0)).toEqual([{ id: 1, message: { text: 'trả lời cũ' } }]);
    for (let i = 0; i < 100; i++) await inbox.push('old-browser', { from: 'member', text: String(i) }, `k${i}`);
    const kept = await inbox.since('old-browser', 0);
    expect(kept).toHaveLength(100);
    expect(kept[0]!.message).toEqual({ from: 'member', text: '0' });
    redis.disconnect();
    await server.stop();
  });
});
