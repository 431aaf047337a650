import { canPublish, type Actor, type ContentService } from '../../content/content-service.js';
import type { DocumentState, Revision } from '../../content/content-store.js';
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
  };
}
