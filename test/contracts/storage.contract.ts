import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Storage } from '../../src/storage/ports.js';

/** The behaviour every storage adapter must have; run against SQLite and Redis. */
export function storageContract(name: string, open: () => Promise<Storage>, close: () => Promise<void> = async () => {}) {
  describe(`${name} storage`, () => {
    let storage: Storage;
    beforeAll(async () => {
      storage = await open();
    });
    afterAll(async () => {
      await storage.close();
      await close();
    });

    it('answers a ping', async () => {
      expect(await storage.ping()).toBe(true);
    });

    it('returns nothing for a conversation it has never seen', async () => {
      expect(await storage.sessions.load('telegram:never')).toBeUndefined();
    });

    it('keeps a session per conversation, with Vietnamese text intact', async () => {
      const a = { v: 1, locale: 'en', choices: [{ id: 'lang:vi', label: 'Tiếng Việt' }] };
      const b = { v: 1, choices: [] };
      await storage.sessions.save('telegram:1', a);
      await storage.sessions.save('web:abc', b);
      expect(await storage.sessions.load('telegram:1')).toEqual(a);
      expect(await storage.sessions.load('web:abc')).toEqual(b);
    });

    it('overwrites a session with its newer value', async () => {
      await storage.sessions.save('zalo:x', { v: 1, locale: 'vi', choices: [] });
      await storage.sessions.save('zalo:x', { v: 1, locale: 'en', choices: [] });
      expect(await storage.sessions.load('zalo:x')).toMatchObject({ locale: 'en' });
    });

    it('claims an update once, even when claimed concurrently', async () => {
      const results = await Promise.all(Array.from({ length: 20 }, () => storage.claims.claim('telegram:update:42', 60)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await storage.claims.claim('telegram:update:43', 60)).toBe(true);
    });

    it('lets a released claim be taken again (a failed handling is retried)', async () => {
      expect(await storage.claims.claim('telegram:update:50', 60)).toBe(true);
      await storage.claims.release('telegram:update:50');
      expect(await storage.claims.claim('telegram:update:50', 60)).toBe(true);
      expect(await storage.claims.claim('telegram:update:50', 60)).toBe(false);
    });

    it('counts 👍/👎 per entry, unhelpful entries first', async () => {
      await storage.insights.recordFeedback('tax-a', true, 'thue tndn');
      await storage.insights.recordFeedback('credit-b', false, 'vay von [số]');
      await storage.insights.recordFeedback('credit-b', false, null);
      await storage.insights.recordFeedback('credit-b', true, 'vay');
      expect(await storage.insights.feedbackByEntry()).toEqual([
        { entryId: 'credit-b', up: 1, down: 2 },
        { entryId: 'tax-a', up: 1, down: 0 },
      ]);
    });

    it('keeps unanswered and 👎 questions, newest first', async () => {
      await storage.insights.recordUnanswered('giá phân bón', 'none', null);
      await new Promise((r) => setTimeout(r, 5));
      await storage.insights.recordUnanswered('htx nuôi ong', 'unsure', 'technology');
      const recent = await storage.insights.recentQuestions(10);
      expect(recent[0]).toMatchObject({ kind: 'unsure', question: 'htx nuôi ong', topic: 'technology' });
      expect(recent.map((r) => r.question)).toContain('vay von [số]');
      expect(recent.map((r) => r.question)).toContain('giá phân bón');
      expect(await storage.insights.recentQuestions(1)).toHaveLength(1);
    });

    it('lets a claim be taken again after it expires', async () => {
      expect(await storage.claims.claim('telegram:update:77', 1)).toBe(true);
      await new Promise((r) => setTimeout(r, 1100));
      expect(await storage.claims.claim('telegram:update:77', 1)).toBe(true);
    });
  });
}
