import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PHOTO_BYTES, type PhotoStore } from '../../src/storage/ports.js';
import { openRedisStorage } from '../../src/storage/redis/redis-storage.js';
import { PHOTO_TTL_SECONDS, photoKey } from '../../src/storage/redis/redis-photos.js';
import { openSqliteStorage, sqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import { startRedis, type RedisProcess } from '../support/redis-server.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('rest of a png')]);
const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(300_000, 7)]);

/** What every photo store must do: the same bytes and type back under a random id, nothing for a wrong id. */
function photoContract(name: string, open: () => Promise<{ photos: PhotoStore; close: () => Promise<void> }>) {
  describe(`photos on ${name}`, () => {
    let photos: PhotoStore;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ photos, close } = await open());
    });
    afterAll(async () => close());

    it('gives back the same bytes and type under a random id', async () => {
      const a = await photos.save(png, 'image/png');
      const b = await photos.save(jpeg, 'image/jpeg');
      expect(a).toMatch(UUID);
      expect(b).not.toBe(a);
      expect(await photos.load(a)).toEqual({ data: png, type: 'image/png' });
      const loaded = await photos.load(b);
      expect(loaded!.type).toBe('image/jpeg');
      expect(loaded!.data.equals(jpeg)).toBe(true);
    });

    it('finds nothing for an unknown or malformed id', async () => {
      expect(await photos.load('00000000-0000-4000-8000-000000000000')).toBeUndefined();
      expect(await photos.load('../bot.db')).toBeUndefined();
      expect(await photos.load('')).toBeUndefined();
    });

    it('refuses a photo over the limit', async () => {
      await expect(photos.save(Buffer.alloc(MAX_PHOTO_BYTES + 1), 'image/png')).rejects.toThrow(/larger/);
    });
  });
}

const dataDir = mkdtempSync(join(tmpdir(), 'htx-photos-'));
photoContract('SQLite with a data directory', async () => {
  const storage = openSqliteStorage(dataDir);
  return { photos: storage.photos, close: async () => storage.close() };
});
photoContract('SQLite in memory', async () => {
  const storage = sqliteStorage(new Database(':memory:'));
  return { photos: storage.photos, close: async () => storage.close() };
});
let redisServer: RedisProcess;
photoContract('Redis', async () => {
  redisServer = await startRedis();
  const storage = await openRedisStorage(redisServer.url);
  return {
    photos: storage.photos,
    close: async () => {
      await storage.close();
      await redisServer.stop();
    },
  };
});

describe('where photos are kept', () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('SQLite: a file DATA_DIR/photos/<id>, still there after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'htx-photos-restart-'));
    const first = openSqliteStorage(dir);
    const id = await first.photos.save(png, 'image/png');
    await first.close();
    expect(readFileSync(join(dir, 'photos', id)).equals(png)).toBe(true);
    expect(readdirSync(join(dir, 'photos'))).toEqual([id]); // no temporary file left behind
    const second = openSqliteStorage(dir);
    expect(await second.photos.load(id)).toEqual({ data: png, type: 'image/png' });
    await second.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('SQLite in memory writes no file anywhere', async () => {
    const storage = sqliteStorage(new Database(':memory:'));
    const id = await storage.photos.save(png, 'image/png');
    expect(existsSync(join(process.cwd(), 'photos', id))).toBe(false);
    await storage.close();
  });

  it('Redis: under the prefix, forgotten after 90 days', async () => {
    const server = await startRedis();
    const storage = await openRedisStorage(server.url);
    const id = await storage.photos.save(png, 'image/png');
    const client = new Redis(server.url);
    expect(await client.keys('*')).toEqual([photoKey(id)]);
    const ttl = await client.ttl(photoKey(id));
    expect(ttl).toBeGreaterThan(PHOTO_TTL_SECONDS - 60);
    expect(ttl).toBeLessThanOrEqual(90 * 24 * 60 * 60);
    client.disconnect();
    await storage.close();
    await server.stop();
  });
});
