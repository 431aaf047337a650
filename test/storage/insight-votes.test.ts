import Database from 'better-sqlite3';
import { beforeEach, expect, it } from 'vitest';
import type { InsightStore } from '../../src/storage/ports.js';
import { redisInsights } from '../../src/storage/redis/redis-insights.js';
import { sqliteInsights } from '../../src/storage/sqlite/sqlite-insights.js';
import { redisStoreFixture } from '../support/redis-store.js';
import { storeSuite, type OpenedStore } from '../support/store-suite.js';

/** Until the clock has moved past `iso` (votes are stamped with the store's own clock, to the millisecond). */
const after = async (iso: string) => {
  while (Date.now() <= Date.parse(iso)) await new Promise((r) => setTimeout(r, 2));
  return new Date().toISOString();
};

/** The review queue's reading of votes with their time, on SQLite and on a real Redis. */
function voteTimesContract(name: string, open: () => Promise<OpenedStore<InsightStore>>) {
  storeSuite(`votes with their time on ${name}`, open, (opened) => {
    let store: InsightStore;
    beforeEach(() => {
      store = opened();
    });

    it('lists each vote cast since a moment with the entry, 👍 or 👎 and when, oldest first', async () => {
      const start = new Date().toISOString();
      // A moment apart each, so that "oldest first" has one answer.
      await store.recordFeedback('vay-von-quy-htx', false, 'vay von', 'm1');
      await after(new Date().toISOString());
      await store.recordFeedback('thue-tndn', true, null, 'm1');
      await after(new Date().toISOString());
      await store.recordFeedback('vay-von-quy-htx', false, null, 'm2');
      const end = await after(new Date().toISOString());
      const votes = await store.votesSince(start);
      expect(votes.map(({ entryId, helpful }) => [entryId, helpful])).toEqual([
        ['vay-von-quy-htx', false],
        ['thue-tndn', true],
        ['vay-von-quy-htx', false],
      ]);
      for (const v of votes) expect(v.at >= start && v.at < end).toBe(true);
      expect([...votes.map((v) => v.at)].sort()).toEqual(votes.map((v) => v.at));
      expect(await store.votesSince(end)).toEqual([]);
    });

    it('leaves out votes cast before the moment asked', async () => {
      await store.recordFeedback('dat-cong-ich', false, null, 'early');
      const [early] = await store.votesSince('2000-01-01T00:00:00.000Z');
      const since = await after(early!.at);
      await store.recordFeedback('dat-cong-ich', false, null, 'late');
      expect((await store.votesSince(since)).map((v) => v.entryId)).toEqual(['dat-cong-ich']);
      expect(await store.votesSince('2000-01-01T00:00:00.000Z')).toHaveLength(2);
    });

    it('keeps one vote per member and entry: voting again replaces the vote and its time', async () => {
      const since = new Date().toISOString();
      await store.recordFeedback('ocop', true, null, 'tapper');
      const [first] = await store.votesSince(since);
      await after(first!.at);
      await store.recordFeedback('ocop', false, 'ocop', 'tapper');
      const votes = await store.votesSince(since);
      expect(votes).toHaveLength(1);
      expect(votes[0]).toMatchObject({ entryId: 'ocop', helpful: false });
      expect(votes[0]!.at > first!.at).toBe(true);
      expect(await store.feedbackByEntry()).toEqual([{ entryId: 'ocop', up: 0, down: 1 }]);
    });

    it('forgets a member’s votes with their times (/forget)', async () => {
      const since = new Date().toISOString();
      await store.recordFeedback('ocop', false, null, 'leaver');
      await store.recordFeedback('thue-tndn', false, null, 'leaver');
      await store.recordFeedback('ocop', false, null, 'stayer');
      await store.forgetVoter('leaver');
      expect(await store.votesSince(since)).toEqual([{ entryId: 'ocop', helpful: false, at: expect.any(String) }]);
    });
  });
}

voteTimesContract('SQLite', async () => {
  const db = new Database(':memory:');
  return { store: sqliteInsights(db), reset: async () => void db.exec('DELETE FROM feedback; DELETE FROM unanswered;'), close: async () => void db.close() };
});
voteTimesContract('Redis', () => redisStoreFixture(redisInsights));
