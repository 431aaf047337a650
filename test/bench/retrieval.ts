import type { KnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import type { SearchOutcome } from '../../src/knowledge/search.js';
import type { DevItem } from './devset.js';

export interface RetrievalReport {
  inScope: number;
  top1: number;
  top3: number;
  byGroup: Record<'accented' | 'unaccented' | 'english', { n: number; top1: number }>;
  byTopic: Record<string, { n: number; top1: number; top3: number }>;
  outOfScope: { n: number; rejected: number; notConfident: number };
  answered: { confident: number; confidentCorrect: number; confidentOnEntry: number };
  /** Entry level: the top result (or one of the best three) is an entry that answers the question. */
  entry: { n: number; top1: number; top3: number };
  misses: Array<{ q: string; expected: string; got: string; kind: string }>;
}

const group = (d: DevItem) => (d.lang === 'en' ? 'english' : d.accented ? 'accented' : 'unaccented');

/** Topic and entry accuracy of the search on the dev set, and how out-of-scope questions are rejected. */
export function measureRetrieval(kb: KnowledgeBase, devset: DevItem[], search = (q: string): SearchOutcome => kb.search(q)): RetrievalReport {
  const r: RetrievalReport = {
    inScope: 0,
    top1: 0,
    top3: 0,
    byGroup: { accented: { n: 0, top1: 0 }, unaccented: { n: 0, top1: 0 }, english: { n: 0, top1: 0 } },
    byTopic: {},
    outOfScope: { n: 0, rejected: 0, notConfident: 0 },
    answered: { confident: 0, confidentCorrect: 0, confidentOnEntry: 0 },
    entry: { n: 0, top1: 0, top3: 0 },
    misses: [],
  };
  for (const d of devset) {
    const out = search(d.q);
    const topics = out.hits.map((h) => h.entry.topic);
    if (d.topic === null) {
      r.outOfScope.n++;
      if (out.kind === 'none') r.outOfScope.rejected++;
      if (out.kind !== 'confident') r.outOfScope.notConfident++;
      else r.misses.push({ q: d.q, expected: 'none', got: topics[0] ?? '-', kind: out.kind });
      continue;
    }
    r.inScope++;
    const t = (r.byTopic[d.topic] ??= { n: 0, top1: 0, top3: 0 });
    const g = r.byGroup[group(d)];
    t.n++;
    g.n++;
    // An in-scope question the search rejects outright counts as a miss.
    const ok1 = out.kind !== 'none' && topics[0] === d.topic;
    const ok3 = out.kind !== 'none' && topics.slice(0, 3).includes(d.topic);
    if (ok1) (r.top1++, t.top1++, g.top1++);
    if (ok3) (r.top3++, t.top3++);
    const ids = out.kind === 'none' ? [] : out.hits.map((h) => h.entry.id);
    const entry1 = d.entries !== undefined && ids[0] !== undefined && d.entries.includes(ids[0]);
    if (d.entries) {
      r.entry.n++;
      if (entry1) r.entry.top1++;
      if (ids.slice(0, 3).some((id) => d.entries!.includes(id))) r.entry.top3++;
    }
    if (out.kind === 'confident') {
      r.answered.confident++;
      if (ok1) r.answered.confidentCorrect++;
      if (entry1) r.answered.confidentOnEntry++;
    }
    if (!ok1) r.misses.push({ q: d.q, expected: d.topic, got: out.kind === 'none' ? 'none' : (topics[0] ?? '-'), kind: out.kind });
    else if (d.entries && !entry1) r.misses.push({ q: d.q, expected: d.entries.join('|'), got: ids[0] ?? '-', kind: out.kind });
  }
  return r;
}

export const pct = (a: number, b: number) => (b === 0 ? 0 : (100 * a) / b);
