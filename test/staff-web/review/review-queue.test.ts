import { describe, expect, it } from 'vitest';
import { bodyFromEntry } from '../../../src/content/content-kinds.js';
import { loadKnowledge } from '../../../src/knowledge/load-knowledge.js';
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

  it('lists entries in force citing as in force a document some entry marks replaced, with what replaced it', () => {
    const entries = [
      entryBody('tax', 'old-basis', { sources: [inForce('99/2020/NĐ-CP')] }),
      entryBody('tax', 'new-basis', { sources: [inForce('15/2026/NĐ-CP'), replaced('99/2020/NĐ-CP', '15/2026/NĐ-CP')] }),
      entryBody('tax', 'history', { sources: [replaced('99/2020/ND-CP x', 'y'), inForce(' 99/2020/nđ-cp ')], period: { to: '2025-12-31' }, supersededBy: 'tax-new-basis' }),
      entryBody('tax', 'ends-later', { sources: [inForce('99/2020/NĐ-CP')], period: { to: '2027-12-31' } }),
      entryBody('tax', 'unrelated', { sources: [inForce('15/2026/NĐ-CP')] }),
    ];
    const stale = staleCitations(entries, TODAY);
    // new-basis records the replacement itself (its old document marked replaced, citing the new one): not flagged.
    expect(stale.map((s) => s.entry.id)).toEqual(['tax-ends-later', 'tax-old-basis']);
    expect(stale.find((s) => s.entry.id === 'tax-old-basis')!.documents).toEqual([{ number: '99/2020/NĐ-CP', replacedBy: '15/2026/NĐ-CP', markedIn: ['tax-new-basis'] }]);
  });

  it('lists an entry still answered whose main basis (its first source) is itself marked replaced', () => {
    const entries = [
      entryBody('credit', 'main-replaced', { sources: [replaced('57/2018/NĐ-CP', '98/2025/NĐ-CP'), inForce('45/2021/NĐ-CP')], period: { to: '2027-06-30' } }),
      entryBody('credit', 'main-replaced-history', { sources: [replaced('57/2018/NĐ-CP', '98/2025/NĐ-CP')], period: { to: '2025-06-30' } }),
      entryBody('credit', 'records-it', { sources: [inForce('98/2025/NĐ-CP'), replaced('57/2018/NĐ-CP', '98/2025/NĐ-CP')] }),
    ];
    expect(staleCitations(entries, TODAY).map((s) => [s.entry.id, s.documents])).toEqual([
      ['credit-main-replaced', [{ number: '57/2018/NĐ-CP', replacedBy: '98/2025/NĐ-CP', markedIn: ['credit-main-replaced'], mainBasis: true }]],
    ]);
  });

  it('flags none of the shipped entries that record a replacement themselves (establishment-where-to-register cites 92/2024/NĐ-CP as replaced by 295/2026/NĐ-CP)', () => {
    const shipped = loadKnowledge('flows/knowledge').map(bodyFromEntry);
    const register = shipped.find((e) => e.id === 'establishment-where-to-register')!;
    expect(register.sources.some((s) => s.status === 'replaced' && s.replacedBy === '295/2026/NĐ-CP')).toBe(true);
    expect(staleCitations(shipped, TODAY).map((s) => s.entry.id)).toEqual([]);
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
