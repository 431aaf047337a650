import { describe, expect, it } from 'vitest';
import { overdueEntries, risingDownVotes, staleCitations, votesFrom } from '../../../src/staff-web/review/review-queue.js';
import { entryBody, inForce, replaced } from './entry-body.js';

const TODAY = '2026-12-01';

describe('the review queue', () => {
  it('lists entries reviewed more than 180 days ago (not on the 180th), oldest review first', () => {
    const entries = [
      entryBody('tax', 'a', { reviewed: '2026-05-01' }),
      entryBody('tax', 'b', { reviewed: '2025-11-20' }),
      entryBody('tax', 'c', { reviewed: '2026-06-03' }),
      entryBody('tax', 'd', { reviewed: '2026-06-04' }),
    ];
    expect(overdueEntries(entries, TODAY).map((o) => [o.entry.id, o.days])).toEqual([
      ['tax-b', 376],
      ['tax-a', 214],
      ['tax-c', 181],
    ]);
  });

  it('lists entries in force citing a document some entry marks replaced, with what replaced it', () => {
    const entries = [
      entryBody('tax', 'old-basis', { sources: [inForce('99/2020/NĐ-CP')] }),
      entryBody('tax', 'new-basis', { sources: [inForce('15/2026/NĐ-CP'), replaced('99/2020/NĐ-CP', '15/2026/NĐ-CP')] }),
      entryBody('tax', 'history', { sources: [replaced('99/2020/ND-CP x', 'y'), inForce(' 99/2020/nđ-cp ')], period: { to: '2025-12-31' }, supersededBy: 'tax-new-basis' }),
      entryBody('tax', 'ends-later', { sources: [inForce('99/2020/NĐ-CP')], period: { to: '2027-12-31' } }),
      entryBody('tax', 'unrelated', { sources: [inForce('15/2026/NĐ-CP')] }),
    ];
    const stale = staleCitations(entries, TODAY);
    expect(stale.map((s) => s.entry.id)).toEqual(['tax-ends-later', 'tax-new-basis', 'tax-old-basis']);
    expect(stale.find((s) => s.entry.id === 'tax-old-basis')!.documents).toEqual([{ number: '99/2020/NĐ-CP', replacedBy: '15/2026/NĐ-CP', markedIn: ['tax-new-basis'] }]);
  });

  it('compares 👎 of the last 30 days with the 30 before: more, and at least two', () => {
    const now = new Date('2026-12-01T05:00:00Z');
    const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000).toISOString();
    const down = (entryId: string, days: number) => ({ entryId, helpful: false, at: daysAgo(days) });
    const votes = [
      down('rising', 1),
      down('rising', 29),
      down('rising', 40),
      { entryId: 'rising', helpful: true, at: daysAgo(2) },
      down('steady', 3),
      down('steady', 5),
      down('steady', 35),
      down('steady', 50),
      down('single', 1),
      down('old', 61),
      down('old', 62),
    ];
    expect(risingDownVotes(votes, now)).toEqual([{ entryId: 'rising', recent: 2, before: 1 }]);
    expect(votesFrom(now)).toBe(daysAgo(60));
  });
});
