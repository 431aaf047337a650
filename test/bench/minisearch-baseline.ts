import MiniSearch from 'minisearch';
import type { Entry } from '../../src/knowledge/entry.js';
import { syllables, termsOf } from '../../src/knowledge/normalize.js';
import { BOOSTS, entryWords } from '../../src/knowledge/search.js';

/**
 * The same documents, terms and field boosts in minisearch (BM25+), to measure the library the
 * issue suggested against the precomputed-impact index the bot uses.
 */
export function minisearchOver(entries: readonly Entry[]): (question: string) => unknown {
  const index = new MiniSearch<{ id: string } & Record<string, string>>({
    fields: Object.keys(BOOSTS),
    tokenize: (s) => s.split(' '),
    processTerm: (t) => t || null,
    searchOptions: { boost: BOOSTS, combineWith: 'OR', prefix: false, fuzzy: false },
  });
  index.addAll(
    entries.map((e) => {
      const words = entryWords(e);
      return { id: e.id, ...Object.fromEntries(Object.entries(words).map(([f, w]) => [f, termsOf(w).join(' ')])) };
    }),
  );
  const vocabulary = new Set(entries.flatMap((e) => Object.values(entryWords(e)).flat()));
  return (question) => index.search(termsOf(syllables(question, { chat: true, vocabulary })).join(' ')).slice(0, 3);
}
