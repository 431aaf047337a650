import type { ContentService } from '../../content/content-service.js';
import type { ContentKind } from '../../content/content-store.js';
import { formatVietnamDateTime } from '../../time/vietnam-time.js';

/** One line of a diff between two revisions, as the page colours it. */
export interface DiffLine {
  kind: 'add' | 'del' | 'hunk' | 'same';
  text: string;
}

/** One revision as the history lists it. */
export interface RevisionRow {
  rev: number;
  /** Who wrote it (the account's name), when, and why. */
  author: string;
  at: string;
  iso: string;
  note: string;
  /** It is what the bot uses now. */
  current: boolean;
  publishedBy?: string;
  publishedAt?: string;
  /** What it changed from the revision before it (nothing for the first). */
  changes: DiffLine[];
  /** Newer than the published revision: it can be published. */
  publishable: boolean;
  /** Older than the published revision: it can be brought back (a new revision, published at once by an admin). */
  restorable: boolean;
}

export interface HistoryView {
  latestRev: number;
  publishedRev: number | null;
  /** Newest first. */
  revisions: RevisionRow[];
}

/** The lines of a unified diff without its file headers. */
export function diffLines(patch: string): DiffLine[] {
  return patch.split('\n').flatMap((line): DiffLine[] => {
    if (/^(Index:|={5,}|--- |\+\+\+ |\\ No newline)/.test(line)) return [];
    if (line.startsWith('@@')) return [{ kind: 'hunk', text: line }];
    if (line.startsWith('+')) return [{ kind: 'add', text: line }];
    if (line.startsWith('-')) return [{ kind: 'del', text: line }];
    return line === '' ? [] : [{ kind: 'same', text: line }];
  });
}

/**
 * A document's history for the console: every revision with who wrote and published it, when, and
 * what it changed from the one before; undefined when the document has no revision yet.
 */
export async function historyView(content: ContentService, kind: ContentKind, docId: string, nameOf: (login: string) => string): Promise<HistoryView | undefined> {
  const history = await content.history(kind, docId);
  if (!history) return undefined;
  const { state, revisions } = history;
  const published = state.retired ? null : state.publishedRev;
  const rows = await Promise.all(
    revisions.map(async (r): Promise<RevisionRow> => {
      const patch = r.rev > 1 ? await content.diff(kind, docId, r.rev - 1, r.rev) : undefined;
      return {
        rev: r.rev,
        author: nameOf(r.author),
        at: formatVietnamDateTime(r.at),
        iso: r.at,
        note: r.note,
        current: r.rev === published,
        ...(r.publishedBy ? { publishedBy: nameOf(r.publishedBy), publishedAt: formatVietnamDateTime(r.publishedAt ?? null) } : {}),
        changes: patch ? diffLines(patch) : [],
        publishable: r.rev > (published ?? 0),
        restorable: published !== null && r.rev < published,
      };
    }),
  );
  return { latestRev: state.latestRev, publishedRev: published, revisions: rows.reverse() };
}
