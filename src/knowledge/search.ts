import { Bm25Index } from './bm25-index.js';
import type { Entry } from './entry.js';
import { syllables, termsOf } from './normalize.js';
import { STOPWORDS } from './vietnamese-lexicon.js';

export interface SearchHit {
  entry: Entry;
  /** BM25 score (higher is better; not comparable across queries). */
  score: number;
}

/** The best entries for a question and the evidence the decision is made on. */
export interface Ranking {
  /** Best entries first, at most three. */
  hits: SearchHit[];
  /** Share (0–1) of the question's informative words and word pairs that the top entry contains, weighted by rarity. */
  coverage: number;
  /** The same share for the best three entries together: is the question about what they cover at all? */
  coverageTop: number;
  /** Top score over the runner-up's (Infinity when there is none). */
  margin: number;
}

/**
 * What the search makes of a question: answer the top entry (`confident`), offer the best few
 * (`unsure`), or admit it has nothing (`none`).
 */
export interface SearchOutcome extends Ranking {
  kind: 'confident' | 'unsure' | 'none';
}

/** Where answering stops and offering choices begins; calibrated on the dev set (npm run bench -- --calibrate). */
export interface SearchThresholds {
  /** Minimum coverage to answer the top entry outright. */
  confidentCoverage: number;
  /** Minimum margin over the runner-up to answer outright. */
  confidentMargin: number;
  /** Minimum coverage of the best three together to offer them as choices; below it, the bot says it does not know. */
  unsureCoverage: number;
}

export const DEFAULT_THRESHOLDS: SearchThresholds = {
  confidentCoverage: 0.6,
  confidentMargin: 1.25,
  unsureCoverage: 0.35,
};

const BOOSTS = { title: 3, questions: 2, keywords: 2, body: 1 };
/** A word pair counts for less than a word in the coverage: it confirms, it does not carry the meaning alone. */
const BIGRAM_WEIGHT = 0.5;

/** BM25 search over the policy entries, with the Vietnamese normaliser on both sides. */
export class PolicySearch {
  private readonly index: Bm25Index;
  private readonly byId: Map<string, Entry>;
  private readonly entryTerms: Map<string, Set<string>>;
  private readonly weight: Map<string, number>;
  private readonly unknownWeight: number;
  /** Every folded word of the content: remnants are repaired only into one of these. */
  readonly vocabulary: ReadonlySet<string>;

  constructor(
    entries: readonly Entry[],
    readonly thresholds: SearchThresholds = DEFAULT_THRESHOLDS,
  ) {
    this.byId = new Map(entries.map((e) => [e.id, e]));
    const words = (text: string, chat: boolean) => syllables(text, { chat });
    const docs = entries.map((e) => ({
      id: e.id,
      words: {
        title: words(`${e.title.vi} . ${e.title.en}`, false),
        questions: words(e.questions.join(' . '), true),
        keywords: words(e.keywords.join(' . '), true),
        body: words([e.answer, e.eligibility, e.howToApply].map((b) => `${b.vi} . ${b.en}`).join(' . '), false),
      },
    }));
    this.vocabulary = new Set(docs.flatMap((d) => Object.values(d.words).flat()));
    const fields = docs.map((d) => ({
      id: d.id,
      fields: Object.fromEntries(Object.entries(d.words).map(([f, w]) => [f, termsOf(w)])),
    }));
    this.index = new Bm25Index(fields, BOOSTS);
    this.entryTerms = new Map(fields.map((d) => [d.id, new Set(Object.values(d.fields).flat())]));
    const df = new Map<string, number>();
    for (const set of this.entryTerms.values()) for (const t of set) df.set(t, (df.get(t) ?? 0) + 1);
    const n = Math.max(entries.length, 1);
    this.weight = new Map([...df].map(([t, f]) => [t, Math.log(1 + n / f)]));
    this.unknownWeight = Math.log(1 + n);
  }

  /** The entry with this id, if any. */
  get(id: string): Entry | undefined {
    return this.byId.get(id);
  }

  /** Ranks the entries for a question, without deciding what to do with them. */
  rank(question: string): Ranking {
    const terms = termsOf(syllables(question, { chat: true, vocabulary: this.vocabulary }));
    if (terms.length === 0) return { hits: [], coverage: 0, coverageTop: 0, margin: 0 };
    const hits = this.index.search(terms, 3).map((h) => ({ entry: this.byId.get(h.id)!, score: h.score }));
    const top = hits[0];
    if (!top) return { hits, coverage: 0, coverageTop: 0, margin: 0 };
    const runnerUp = hits[1]?.score ?? 0;
    return {
      hits,
      coverage: this.coverage(terms, [top.entry.id]),
      coverageTop: this.coverage(terms, hits.map((h) => h.entry.id)),
      margin: runnerUp > 0 ? top.score / runnerUp : Infinity,
    };
  }

  /** Answer, offer choices, or say it does not know, by the thresholds. */
  decide(ranking: Ranking, t: SearchThresholds = this.thresholds): SearchOutcome['kind'] {
    if (ranking.hits.length === 0) return 'none';
    if (ranking.coverage >= t.confidentCoverage && ranking.margin >= t.confidentMargin) return 'confident';
    if (ranking.coverageTop >= t.unsureCoverage) return 'unsure';
    return 'none';
  }

  search(question: string): SearchOutcome {
    const ranking = this.rank(question);
    return { ...ranking, kind: this.decide(ranking) };
  }

  private coverage(terms: string[], entryIds: string[]): number {
    const sets = entryIds.map((id) => this.entryTerms.get(id)!);
    const has = { has: (t: string) => sets.some((s) => s.has(t)) };
    let total = 0;
    let covered = 0;
    for (const t of new Set(terms)) {
      if (STOPWORDS.has(t)) continue;
      const w = (this.weight.get(t) ?? this.unknownWeight) * (t.includes('_') ? BIGRAM_WEIGHT : 1);
      total += w;
      if (has.has(t)) covered += w;
    }
    return total === 0 ? 0 : covered / total;
  }
}
