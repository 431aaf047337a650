import type { Entry } from '../../src/knowledge/entry.js';
import { KnowledgeBase } from '../../src/knowledge/knowledge-base.js';

/** p50/p99 query latency (ms) over the given questions, after a warm-up (every question worked out afresh: not from the cache of recent questions). */
export function measureLatency(kb: KnowledgeBase | ((q: string) => unknown), questions: string[], rounds = 20): { p50: number; p99: number; n: number } {
  const search = typeof kb === 'function' ? kb : (q: string) => kb.searchUncached(q);
  for (const q of questions) search(q);
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const q of questions) {
      const t0 = process.hrtime.bigint();
      search(q);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
  return { p50: at(0.5), p99: at(0.99), n: times.length };
}

/** Pads the knowledge base to `size` entries with synthetic ones built from shuffled real text. */
export function padEntries(entries: readonly Entry[], size: number, seed = 42): Entry[] {
  const out = [...entries];
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const shuffle = (s: string) => s.split(' ').sort(() => rand() - 0.5).join(' ');
  for (let i = 0; out.length < size; i++) {
    const base = entries[i % entries.length]!;
    const mix = (b: { vi: string; en: string }) => ({ vi: shuffle(b.vi), en: shuffle(b.en) });
    out.push({
      ...base,
      id: `synthetic-${i}`,
      title: mix(base.title),
      answer: mix(base.answer),
      eligibility: mix(base.eligibility),
      howToApply: mix(base.howToApply),
      questions: base.questions.map(shuffle),
      related: [],
    });
  }
  return out;
}
