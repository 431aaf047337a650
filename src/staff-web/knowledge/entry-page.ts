import { canPublish, type Actor, type ContentService } from '../../content/content-service.js';
import type { DocumentState, Revision } from '../../content/content-store.js';
import type { Translate } from '../../conversation/ports.js';
import type { InsightStore } from '../../storage/ports.js';
import { diffLines, type DiffLine } from './diff-lines.js';
import { reviewOverdue } from './review-due.js';

/** What the entry page shows besides the page context: the state, one revision, the history, a diff, the actions allowed. */
export interface EntryPageData {
  id: string;
  state: DocumentState;
  /** The revision shown: the one asked for (?rev=), else the published one, else the newest. */
  shown: { rev: number; body: Record<string, unknown> };
  overdue: boolean;
  /** Revisions newer than the published one, never published. */
  drafts: number[];
  /** Newest first. */
  revisions: Revision[];
  revisionNumbers: number[];
  /** The newest revision, when it is not what the bot answers with: whether this account may publish it, and why not. */
  publishable?: { rev: number; again: boolean; allowed: boolean; reason?: 'own-draft' | 'forbidden' };
  canRetire: boolean;
  diff?: { a: number; b: number; lines: DiffLine[] };
  /** The compare form's choice: the diff shown, else published → newest. */
  compare: { a: number; b: number };
  /**
   * The newest revision when it is a draft newer than the published one: what it changes (from the
   * published revision; absent when none was published) and its own text, shown above the publish button.
   */
  pending?: { rev: number; from: number | null; lines: DiffLine[]; body: Record<string, unknown> };
}

const revNumber = (value: unknown) => {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : undefined;
};

/** The entry page's data for this account, or undefined when there is no such entry. */
export async function entryPageData(content: ContentService, id: string, actor: Actor, query: { rev?: unknown; a?: unknown; b?: unknown }, today: string): Promise<EntryPageData | undefined> {
  const history = await content.history('entry', id);
  if (!history || history.revisions.length === 0) return undefined;
  const { state, revisions } = history;
  const wanted = revNumber(query.rev);
  const newest = revisions[revisions.length - 1]!;
  const shown = revisions.find((r) => r.rev === wanted) ?? revisions.find((r) => r.rev === state.publishedRev) ?? newest;
  const body = (shown.body ?? {}) as Record<string, unknown>;
  // The newest revision waits to be published when it is newer than the published one; a retired entry comes back by publishing.
  const waiting = newest.rev !== state.publishedRev || state.retired;
  const allowed = canPublish(actor, newest);
  const a = revNumber(query.a);
  const b = revNumber(query.b);
  const patch = a !== undefined && b !== undefined ? await content.diff('entry', id, a, b) : undefined;
  const from = state.publishedRev;
  const isDraft = newest.rev > (from ?? 0);
  const pendingPatch = isDraft && from !== null ? await content.diff('entry', id, from, newest.rev) : undefined;
  const diff = patch !== undefined ? { a: a!, b: b! } : undefined;
  return {
    id,
    state,
    shown: { rev: shown.rev, body },
    overdue: reviewOverdue(typeof body['reviewed'] === 'string' ? body['reviewed'] : undefined, today),
    drafts: revisions.filter((r) => r.rev > (state.publishedRev ?? 0) && r.publishedAt === undefined).map((r) => r.rev),
    revisions: [...revisions].reverse(),
    revisionNumbers: revisions.map((r) => r.rev),
    ...(waiting
      ? {
          publishable: {
            rev: newest.rev,
            again: newest.rev === state.publishedRev,
            allowed,
            ...(allowed ? {} : { reason: actor.role === 'editor' ? ('own-draft' as const) : ('forbidden' as const) }),
          },
        }
      : {}),
    canRetire: actor.role === 'admin' && !state.retired && state.publishedRev !== null,
    ...(patch !== undefined ? { diff: { a: a!, b: b!, lines: diffLines(patch) } } : {}),
    compare: diff ?? { a: from ?? 1, b: newest.rev },
    ...(isDraft ? { pending: { rev: newest.rev, from, lines: pendingPatch !== undefined ? diffLines(pendingPatch) : [], body: (newest.body ?? {}) as Record<string, unknown> } } : {}),
  };
}

/** How many of the latest 👎 and unanswered questions are read for one entry's page. */
const RECENT_READ = 1000;
/** How many of the questions that led to the entry its page lists. */
export const RECENT_SHOWN = 10;

/** Members' votes on one entry and the latest questions (👎 with what was asked) that led to it, newest first. */
export async function entryFeedback(insights: InsightStore, id: string): Promise<{ up: number; down: number; questions: Array<{ question: string; at: string; kind: string }> }> {
  const [votes, recent] = await Promise.all([insights.feedbackByEntry(), insights.recentQuestions(RECENT_READ)]);
  const vote = votes.find((v) => v.entryId === id);
  const questions = recent.filter((q) => q.entryId === id).slice(0, RECENT_SHOWN).map((q) => ({ question: q.question, at: q.at, kind: q.kind }));
  return { up: vote?.up ?? 0, down: vote?.down ?? 0, questions };
}

/**
 * A history note in the page's language: the notes the system writes ("rollback to 3", "from
 * flows/ files", seeding a changed release) are stored in English; what an editor typed is kept as typed.
 */
export function noteInWords(note: string, t: Translate): string {
  const rollback = /^rollback to (\d+)$/.exec(note);
  if (rollback) return t('console.knowledge.systemNote.rollback', { rev: Number(rollback[1]) });
  if (note === 'from flows/ files') return t('console.knowledge.systemNote.files');
  if (note === 'from flows/ files (changed in this release)') return t('console.knowledge.systemNote.filesChanged');
  if (note.startsWith('from flows/ files (changed in this release;')) return t('console.knowledge.systemNote.filesChangedEdited');
  return note;
}
