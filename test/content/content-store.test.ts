import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ContentStore } from '../../src/content/content-store.js';
import { contentKeys, redisContentStore } from '../../src/content/redis-content-store.js';
import { sqliteContentStore } from '../../src/content/sqlite-content-store.js';
import { redisStoreFixture } from '../support/redis-store.js';

const at = '2026-11-30T03:00:00.000Z';
const draft = (body: unknown, author = 'lan', publish = false) => ({ body, author, at, note: '', publish });

/** What every content store does: revisions kept, the newest checked before a write, one published revision, a version that moves. */
function contentStoreContract(name: string, open: () => Promise<{ store: ContentStore; reset: () => Promise<void>; close: () => Promise<void>; second?: () => ContentStore }>) {
  describe(`${name} content store`, () => {
    let fixture: Awaited<ReturnType<typeof open>>;
    let store: ContentStore;
    beforeAll(async () => {
      fixture = await open();
      store = fixture.store;
    });
    beforeEach(async () => {
      await fixture.reset();
      store = fixture.store;
    });
    afterAll(async () => fixture.close());

    it('keeps every revision of a document, oldest first, with who wrote it and the body as given', async () => {
      expect(await store.append('entry', 'credit-a', 0, draft({ text: 'một', list: [] }, 'files', true))).toBe(1);
      expect(await store.append('entry', 'credit-a', 1, draft({ text: 'hai', list: [] }))).toBe(2);
      const revisions = await store.revisions('entry', 'credit-a');
      expect(revisions.map((r) => [r.rev, r.author, r.body])).toEqual([
        [1, 'files', { text: 'một', list: [] }],
        [2, 'lan', { text: 'hai', list: [] }],
      ]);
      expect(revisions[0]).toMatchObject({ publishedBy: 'files', publishedAt: at });
      expect(revisions[1]!.publishedBy).toBeUndefined();
      expect(await store.document('entry', 'credit-a')).toEqual({ kind: 'entry', docId: 'credit-a', latestRev: 2, publishedRev: 1, retired: false });
    });

    it('refuses a write over a revision that is no longer the newest, writing nothing', async () => {
      await store.append('entry', 'credit-a', 0, draft({ v: 1 }));
      await store.append('entry', 'credit-a', 1, draft({ v: 2 }));
      expect(await store.append('entry', 'credit-a', 1, draft({ v: 'stale' }))).toBeNull();
      expect(await store.append('entry', 'credit-a', 0, draft({ v: 'new?' }))).toBeNull();
      expect((await store.revisions('entry', 'credit-a')).map((r) => r.body)).toEqual([{ v: 1 }, { v: 2 }]);
    });

    it('lets one of two writers opened on the same revision win when they save at once', async () => {
      await store.append('entry', 'credit-a', 0, draft({ v: 1 }));
      const other = fixture.second?.() ?? store;
      const results = await Promise.all([store.append('entry', 'credit-a', 1, draft({ v: 'lan' }, 'lan')), other.append('entry', 'credit-a', 1, draft({ v: 'minh' }, 'minh'))]);
      expect(results.filter((r) => r === 2)).toHaveLength(1);
      expect(results.filter((r) => r === null)).toHaveLength(1);
      expect(await store.revisions('entry', 'credit-a')).toHaveLength(2);
    });

    it('answers with the published revision only, and not with a retired document until it is published again', async () => {
      await store.append('entry', 'credit-a', 0, draft({ v: 1 }, 'files', true));
      await store.append('entry', 'credit-a', 1, draft({ v: 2 }));
      await store.append('entry', 'tax-b', 0, draft({ v: 'tax' }));
      expect((await store.published('entry')).map((r) => [r.docId, r.body])).toEqual([['credit-a', { v: 1 }]]);
      expect(await store.publish('entry', 'credit-a', 2, 'an', at)).toBe(true);
      expect((await store.published('entry')).map((r) => [r.docId, r.body, r.publishedBy])).toEqual([['credit-a', { v: 2 }, 'an']]);
      expect(await store.retire('entry', 'credit-a', 'an', at)).toBe(true);
      expect(await store.published('entry')).toEqual([]);
      expect(await store.document('entry', 'credit-a')).toMatchObject({ retired: true, retiredBy: 'an', publishedRev: 2 });
      expect(await store.revisions('entry', 'credit-a')).toHaveLength(2);
      expect(await store.publish('entry', 'credit-a', 1, 'an', at)).toBe(true);
      expect((await store.published('entry')).map((r) => r.body)).toEqual([{ v: 1 }]);
      expect(await store.document('entry', 'credit-a')).toMatchObject({ retired: false, publishedRev: 1 });
    });

    it('refuses to publish a revision that does not exist, or to retire a document that does not', async () => {
      await store.append('entry', 'credit-a', 0, draft({ v: 1 }));
      expect(await store.publish('entry', 'credit-a', 2, 'an', at)).toBe(false);
      expect(await store.publish('entry', 'nothing', 1, 'an', at)).toBe(false);
      expect(await store.retire('entry', 'nothing', 'an', at)).toBe(false);
      expect(await store.published('entry')).toEqual([]);
    });

    it('moves the version on every publish and retire, not on a draft', async () => {
      const start = await store.version();
      await store.append('entry', 'credit-a', 0, draft({ v: 1 }));
      expect(await store.version()).toBe(start);
      await store.publish('entry', 'credit-a', 1, 'an', at);
      await store.append('organisation', 'organisation', 0, draft({ name: 'x' }, 'files', true));
      await store.retire('entry', 'credit-a', 'an', at);
      expect(await store.version()).toBe(start + 3);
    });

    it('keeps kinds apart', async () => {
      await store.append('conference', 'dialogue-2026', 0, draft({ id: 'dialogue-2026' }, 'files', true));
      await store.append('entry', 'dialogue-2026', 0, draft({ other: true }));
      expect((await store.published('conference')).map((r) => r.body)).toEqual([{ id: 'dialogue-2026' }]);
      expect(await store.documents('entry')).toHaveLength(1);
      expect(await store.revision('entry', 'dialogue-2026', 1)).toMatchObject({ body: { other: true } });
      expect(await store.revision('entry', 'dialogue-2026', 2)).toBeUndefined();
    });
  });
}

contentStoreContract('SQLite', async () => {
  let db = new Database(':memory:');
  const holder = { store: sqliteContentStore(db) };
  return {
    get store() {
      return holder.store;
    },
    reset: async () => {
      db.close();
      db = new Database(':memory:');
      holder.store = sqliteContentStore(db);
    },
    close: async () => void db.close(),
  };
});

contentStoreContract('Redis', async () => {
  const fixture = await redisStoreFixture(redisContentStore);
  // Another process's connection to the same Redis.
  const other = new Redis(fixture.url);
  return {
    ...fixture,
    second: () => redisContentStore(other),
    close: async () => {
      other.disconnect();
      await fixture.close();
    },
  };
});

describe('Redis content store across connections', () => {
  it('announces each publish on the channel with the new version', async () => {
    const fixture = await redisStoreFixture(redisContentStore);
    const listener = new Redis(fixture.url);
    const heard: string[] = [];
    listener.on('message', (_channel: string, message: string) => heard.push(message));
    await listener.subscribe(contentKeys.channel());
    await fixture.store.append('entry', 'credit-a', 0, draft({ v: 1 }, 'files', true));
    await fixture.store.append('entry', 'credit-a', 1, draft({ v: 2 }));
    await fixture.store.publish('entry', 'credit-a', 2, 'an', at);
    await expect.poll(() => heard).toEqual(['1', '2']);
    listener.disconnect();
    await fixture.close();
  });
});
