import { fold, syllables } from '../../knowledge/normalize.js';
import { STOPWORDS } from '../../knowledge/vietnamese-lexicon.js';

/**
 * Two questions are one when this share of their words (folded, without stop words) is common to
 * both: the words they share over all the words either has (the Jaccard index).
 */
export const SIMILAR_AT = 0.5;

/** One question the assistant could not answer, as the insight store keeps it. */
export interface UnansweredQuestion {
  question: string;
  /** 'unsure': it offered entries (`topic` is the best one's); 'none': nothing fitted. */
  outcome: 'unsure' | 'none';
  topic: string | null;
  at: string;
}

/** Questions that ask the same thing in other words or spellings. */
export interface QuestionGroup {
  /** How many times the group's questions were asked (once per member and spelling, as the store keeps them). */
  count: number;
  /**
   * One text per wording (spellings that differ only in diacritics, case, punctuation or chat
   * abbreviations are one: the one with the most diacritics, then the newest), most asked first.
   */
  questions: string[];
  /**
   * The topic of the entries the assistant offered, when it is a sure guess: every question of the
   * group got entries offered ('unsure'), all of one topic. Null when any got nothing ('none') or
   * the questions disagree.
   */
  topic: string | null;
  /** When a question of the group was last asked (ISO). */
  latest: string;
}

/**
 * The words that carry a question's meaning: folded (no diacritics, no case), chat spellings
 * expanded (ko → khong), stop words left out. A question of stop words only keeps them all, so that
 * its own spellings still meet.
 */
export function meaningWords(question: string): Set<string> {
  const all = syllables(question, { chat: true });
  const kept = all.filter((w) => !STOPWORDS.has(w));
  return new Set(kept.length > 0 ? kept : all);
}

interface Building {
  words: Set<string>;
  rows: UnansweredQuestion[];
  first: number;
}

/**
 * Groups questions that are alike, greedily and always the same way for the same input: the
 * questions are read newest first, each joins the group whose first question it is most alike
 * (at least {@link SIMILAR_AT}; the earlier group on a tie) or starts a group. Groups come most
 * asked first, then most recently asked.
 */
export function groupQuestions(rows: readonly UnansweredQuestion[]): QuestionGroup[] {
  const ordered = [...rows].sort((a, b) => b.at.localeCompare(a.at) || a.question.localeCompare(b.question));
  const groups: Building[] = [];
  // Only groups sharing a word can be alike: each word lists the groups whose first question has it.
  const byWord = new Map<string, Building[]>();
  for (const row of ordered) {
    if (fold(row.question) === '') continue;
    const words = meaningWords(row.question);
    // Words in common with each group that has any: the Jaccard index follows from the sizes.
    const shared = new Map<Building, number>();
    for (const w of words) for (const g of byWord.get(w) ?? []) shared.set(g, (shared.get(g) ?? 0) + 1);
    let best: Building | undefined;
    let bestScore = SIMILAR_AT;
    for (const [g, common] of shared) {
      const score = common / (words.size + g.words.size - common);
      if (score > bestScore || (score === bestScore && (best === undefined || g.first < best.first))) [best, bestScore] = [g, score];
    }
    if (best) {
      best.rows.push(row);
      continue;
    }
    const group = { words, rows: [row], first: groups.length };
    groups.push(group);
    for (const w of words) {
      const list = byWord.get(w);
      if (list) list.push(group);
      else byWord.set(w, [group]);
    }
  }
  return groups
    .map((g) => ({ group: finish(g.rows), first: g.first }))
    .sort((a, b) => b.group.count - a.group.count || b.group.latest.localeCompare(a.group.latest) || a.first - b.first)
    .map((g) => g.group);
}

/** Letters beyond plain ASCII: a spelling with its diacritics reads better as an example question. */
const marks = (text: string) => text.replace(/[\x00-\x7f]/g, '').length;

/** A question's words as a key: two spellings of the same words are one question. */
export const wordingKey = (question: string): string => syllables(question, { chat: true }).join(' ') || fold(question);

/** A group's wordings counted, its topic when every question agrees on it, its last time (rows are newest first). */
function finish(rows: UnansweredQuestion[]): QuestionGroup {
  const spellings = new Map<string, { text: string; count: number; order: number }>();
  const topics = new Set<string | null>();
  for (const row of rows) {
    const key = wordingKey(row.question);
    const text = row.question.replace(/\s+/g, ' ').trim();
    const seen = spellings.get(key);
    if (!seen) spellings.set(key, { text, count: 1, order: spellings.size });
    else {
      seen.count++;
      if (marks(text) > marks(seen.text)) seen.text = text;
    }
    topics.add(row.outcome === 'none' ? null : row.topic);
  }
  const [only = null] = topics;
  const topic = topics.size === 1 ? only : null;
  return {
    count: rows.length,
    questions: [...spellings.values()].sort((a, b) => b.count - a.count || a.order - b.order).map((s) => s.text),
    topic,
    latest: rows[0]!.at,
  };
}
