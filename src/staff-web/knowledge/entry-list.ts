import type { EntryBody } from '../../content/content-kinds.js';
import type { ContentStore, DocumentState, Revision } from '../../content/content-store.js';
import { fold } from '../../knowledge/normalize.js';
import { TOPICS } from '../../knowledge/topics.js';
import type { InsightStore } from '../../storage/ports.js';
import { reviewOverdue } from './review-due.js';

/** How many of the latest 👎 and unanswered questions are read to count the questions that led to each entry. */
export const RECENT_QUESTIONS_READ = 1000;

/** One entry in the editor's list. */
export interface EntryRow {
  id: string;
  topic: string;
  title: { vi: string; en: string };
  reviewed: string | undefined;
  overdue: boolean;
  up: number;
  down: number;
  /** Of the latest questions recorded (👎 with the question asked), how many led to this entry. */
  questions: number;
  state: 'published' | 'draft' | 'retired';
  publishedRev: number | null;
  latestRev: number;
  /** A draft newer than the published revision waits to be published. */
  pendingDraft: boolean;
}

const topicOrder = (topic: string) => {
  const i = (TOPICS as readonly string[]).indexOf(topic);
  return i === -1 ? TOPICS.length : i;
};

/**
 * Every entry with what an editor decides on: published, draft only or retired; its review day and
 * whether it is overdue; 👍/👎; the recent questions that led to it. Overdue entries come first
 * (longest overdue first), then by topic and id.
 */
export async function listEntries(store: ContentStore, insights: InsightStore, today: string): Promise<EntryRow[]> {
  const [documents, published, feedback, recent] = await Promise.all([
    store.documents('entry'),
    store.published('entry'),
    insights.feedbackByEntry(),
    insights.recentQuestions(RECENT_QUESTIONS_READ),
  ]);
  const bodies = new Map(published.map((r) => [r.docId, r]));
  const votes = new Map(feedback.map((f) => [f.entryId, f]));
  const asked = new Map<string, number>();
  for (const q of recent) if (q.entryId) asked.set(q.entryId, (asked.get(q.entryId) ?? 0) + 1);
  // Drafts never published and retired entries: their shown revision is read one by one (few of them).
  const shown = await Promise.all(documents.map(async (d): Promise<[DocumentState, Revision | undefined]> => [d, bodies.get(d.docId) ?? (await store.revision('entry', d.docId, d.publishedRev ?? d.latestRev))]));
  const rows = shown.map(([d, revision]): EntryRow => {
    const body = (revision?.body ?? {}) as Partial<EntryBody>;
    const vote = votes.get(d.docId);
    return {
      id: d.docId,
      topic: body.topic ?? '',
      title: { vi: body.title?.vi ?? d.docId, en: body.title?.en ?? d.docId },
      reviewed: body.reviewed,
      overdue: reviewOverdue(body.reviewed, today),
      up: vote?.up ?? 0,
      down: vote?.down ?? 0,
      questions: asked.get(d.docId) ?? 0,
      state: d.retired ? 'retired' : d.publishedRev === null ? 'draft' : 'published',
      publishedRev: d.publishedRev,
      latestRev: d.latestRev,
      pendingDraft: d.latestRev > (d.publishedRev ?? 0),
    };
  });
  return rows.sort(
    (a, b) =>
      Number(b.overdue) - Number(a.overdue) ||
      (a.overdue ? (a.reviewed ?? '').localeCompare(b.reviewed ?? '') : 0) ||
      topicOrder(a.topic) - topicOrder(b.topic) ||
      a.id.localeCompare(b.id),
  );
}

/** The rows of one topic (or all) whose id or title (either language) contains the search, without case or diacritics. */
export function filterEntries(rows: EntryRow[], filter: { topic?: string; search?: string }): EntryRow[] {
  const words = filter.search ? fold(filter.search).split(' ').filter(Boolean) : [];
  return rows.filter((r) => {
    if (filter.topic && r.topic !== filter.topic) return false;
    if (words.length === 0) return true;
    const haystack = fold(`${r.id} ${r.title.vi} ${r.title.en}`);
    return words.every((w) => haystack.includes(w));
  });
}
