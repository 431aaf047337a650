import type { Entry } from './entry.js';
import { fold } from './normalize.js';
import { TOPICS, type Topic } from './topics.js';

/** Fewest entries a topic should have (issue 3: ≥ 10 for credit, tax, young-labour; ≥ 4 for the rest). */
export const MIN_ENTRIES: Record<Topic, number> = Object.fromEntries(
  TOPICS.map((t) => [t, t === 'credit' || t === 'tax' || t === 'young-labour' ? 10 : 4]),
) as Record<Topic, number>;

const VIETNAMESE_MARKERS = new Set(
  'htx co khong ko k duoc dc vay von thue ho tro la gi nao bao nhieu cho cua toi minh em anh o dau lam sao the nhu hop tac xa duoc phai nop dat bhxh tndn'.split(' '),
);

/** A question typed the way many members type: Vietnamese without any diacritics. */
export function isUnaccentedVietnamese(question: string): boolean {
  const hasMarks = question.normalize('NFD') !== question.normalize('NFC').normalize('NFD').replace(/\p{M}/gu, '') || /[đĐ]/.test(question);
  if (hasMarks) return false;
  return fold(question)
    .split(' ')
    .some((w) => VIETNAMESE_MARKERS.has(w));
}

export interface TopicCoverage {
  topic: Topic;
  entries: number;
  minimum: number;
  oldestReview: string | null;
  citingReplaced: number;
  withoutUnaccentedQuestion: number;
}

/** The coverage table `npm run content:check` prints. */
export function coverageByTopic(entries: readonly Entry[]): TopicCoverage[] {
  return TOPICS.map((topic) => {
    const mine = entries.filter((e) => e.topic === topic);
    return {
      topic,
      entries: mine.length,
      minimum: MIN_ENTRIES[topic],
      oldestReview: mine.map((e) => e.reviewed).sort()[0] ?? null,
      citingReplaced: mine.filter((e) => e.sources.some((s) => s.status !== 'in-force')).length,
      withoutUnaccentedQuestion: mine.filter((e) => !e.questions.some(isUnaccentedVietnamese)).length,
    };
  });
}
