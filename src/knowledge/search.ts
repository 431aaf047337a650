import MiniSearch from 'minisearch';
import type { Entry } from './entry.js';
import { STOPWORDS } from './vietnamese-lexicon.js';
import { syllables, termsOf } from './normalize.js';

export interface SearchHit {
  entry: Entry;
  /** BM25 score from the index (higher is better; not comparable across queries). */
  score: number;
}

/**
 * What the search makes of a question: answer the top entry (`confident`), offer the best few
 * (`unsure`), or admit it has nothing (`none`).
 */
export interface SearchOutcome {
  kind: 'confident' | 'unsure' | 'none';
  /** Best entries first, at most three, also when `kind` is none (for the benchmark). */
  hits: SearchHit[];
  /** Share (0–1) of the question's informative words that the top entry contains, weighted by rarity. */
  coverage: number;
}

/** Where answering stops and offering choices begins; calibrated on the dev set (npm run bench). */
export interface SearchThresholds {
  /** Minimum coverage to answer the top entry. */
  confidentCoverage: number;
  /** Minimum ratio of the top score to the runner-up of another entry to answer it outright. */
  confidentMargin: number;
  /** Minimum coverage to offer choices at all; below it, the bot says it does not know. */
  unsureCoverage: number;
}

export const DEFAULT_THRESHOLDS: SearchThresholds = {
  confidentCoverage: 0.6,
  confidentMargin: 1.25,
  unsureCoverage: 0.35,
};

const BOOST = { title: 3, questions: 2, keywords: 2, body: 1 };

/** BM25 search over the policy entries, with the Vietnamese normaliser on both sides. */
export class PolicySearch {
  private readonly index: MiniSearch<{ id: string; title: string; questions: string; keywords: string; body: string }>;
  private readonly byId: Map<string, Entry>;
  private readonly entryWords: Map<string, Set<string>>;
  private readonly weight: Map<string, number>;
  private readonly unknownWeight: number;
  /** Every folded word of the content: remnants are repaired only into one of these. */
  readonly vocabulary: ReadonlySet<string>;

  constructor(
    entries: readonly Entry[],
    private readonly thresholds: SearchThresholds = DEFAULT_THRESHOLDS,
  ) {
    this.byId = new Map(entries.map((e) => [e.id, e]));
    const words = (text: string, chat: boolean) => syllables(text, { chat });
    const docs = entries.map((e) => {
      const title = words(`${e.title.vi} ${e.title.en}`, false);
      const questions = words(e.questions.join(' . '), true);
      const keywords = words(e.keywords.join(' . '), true);
      const body = words(
        [e.answer, e.eligibility, e.howToApply].map((b) => `${b.vi} ${b.en}`).join(' . '),
        false,
      );
      return { id: e.id, parts: { title, questions, keywords, body } };
    });
    this.vocabulary = new Set(docs.flatMap((d) => Object.values(d.parts).flat()));
    this.entryWords = new Map(
      docs.map((d) => [d.id, new Set(Object.values(d.parts).flat().filter((w) => !STOPWORDS.has(w)))]),
    );
    const df = new Map<string, number>();
    for (const set of this.entryWords.values()) for (const w of set) df.set(w, (df.get(w) ?? 0) + 1);
    const n = Math.max(entries.length, 1);
    this.weight = new Map([...df].map(([w, f]) => [w, Math.log(1 + n / f)]));
    this.unknownWeight = Math.log(1 + n);

    this.index = new MiniSearch({
      fields: ['title', 'questions', 'keywords', 'body'],
      tokenize: (s) => s.split(' '),
      processTerm: (t) => t || null,
      searchOptions: { boost: BOOST, combineWith: 'OR', prefix: false, fuzzy: false },
    });
    this.index.addAll(
      docs.map((d) => ({
        id: d.id,
        title: termsOf(d.parts.title).join(' '),
        questions: termsOf(d.parts.questions).join(' '),
        keywords: termsOf(d.parts.keywords).join(' '),
        body: termsOf(d.parts.body).join(' '),
      })),
    );
  }

  /** The entry with this id, if any. */
  get(id: string): Entry | undefined {
    return this.byId.get(id);
  }

  search(question: string): SearchOutcome {
    const words = syllables(question, { chat: true, vocabulary: this.vocabulary });
    const queryTerms = termsOf(words);
    if (queryTerms.length === 0) return { kind: 'none', hits: [], coverage: 0 };
    const results = this.index.search(queryTerms.join(' '));
    const hits = results.slice(0, 3).map((r) => ({ entry: this.byId.get(String(r.id))!, score: r.score }));
    const top = hits[0];
    if (!top) return { kind: 'none', hits, coverage: 0 };
    const coverage = this.coverage(words, top.entry.id);
    const t = this.thresholds;
    const runnerUp = hits[1]?.score ?? 0;
    const clearWinner = runnerUp === 0 || top.score / runnerUp >= t.confidentMargin;
    if (coverage >= t.confidentCoverage && clearWinner) return { kind: 'confident', hits, coverage };
    if (coverage >= t.unsureCoverage) return { kind: 'unsure', hits, coverage };
    return { kind: 'none', hits, coverage };
  }

  private coverage(words: string[], entryId: string): number {
    const content = new Set(words.filter((w) => !STOPWORDS.has(w)));
    const has = this.entryWords.get(entryId)!;
    let total = 0;
    let covered = 0;
    for (const w of content) {
      const weight = this.weight.get(w) ?? this.unknownWeight;
      total += weight;
      if (has.has(w)) covered += weight;
    }
    return total === 0 ? 0 : covered / total;
  }
}
