import { isDeepStrictEqual } from 'node:util';
import type { Conference } from '../conversation/forms/form-definition.js';
import type { Organisation } from '../conversation/organisation.js';
import type { Entry } from '../knowledge/entry.js';
import { bodyFromEntry, ORGANISATION_ID } from './content-kinds.js';
import type { ContentKind, ContentStore, DocumentState } from './content-store.js';

/** The author of revisions that come from the shipped flows/ files. */
export const FILES_AUTHOR = 'files';

export interface SeedReport {
  /** Documents made from the files (a new install, or a new entry in a release). */
  added: string[];
  /** Changed in the files and not edited by staff: published from the files. */
  updated: string[];
  /** Changed in the files while staff had edited them: a draft for staff to review. */
  drafted: string[];
  /** Gone from the files and never edited by staff: retired. */
  retired: string[];
}

/**
 * The flows/ files are the shipped base: a new install starts from them, and a release that
 * changes a file reaches the store. At every start (from every process, safely at once):
 * - a document the store lacks is added from the files and published;
 * - a document whose file version changed since the last start is published from the files if
 *   staff never edited it, and otherwise saved as a draft beside the staff's version (staff decide);
 * - an entry gone from the files is retired if staff never edited it.
 * Conferences are the admins' from the start (the table they were edited in before seeds them):
 * only a conference the store lacks is added.
 */
export async function seedContent(
  store: ContentStore,
  files: { entries: readonly Entry[]; organisation: Organisation; /** From the conferences table (itself seeded from flows/conferences.yaml). */ conferences: readonly Conference[] },
  at: string,
): Promise<SeedReport> {
  const report: SeedReport = { added: [], updated: [], drafted: [], retired: [] };
  const bodies: Array<[ContentKind, string, unknown]> = [
    ...files.entries.map((e): [ContentKind, string, unknown] => ['entry', e.id, bodyFromEntry(e)]),
    ['organisation', ORGANISATION_ID, files.organisation],
    ...files.conferences.map((c): [ContentKind, string, unknown] => ['conference', c.id, c]),
  ];
  // Read in bulk: at a usual start every document is there and equals its published revision.
  const known = new Map<string, { state: DocumentState; published?: unknown }>();
  for (const kind of ['entry', 'organisation', 'conference'] as const) {
    const published = new Map((await store.published(kind)).map((r) => [r.docId, r.body]));
    for (const state of await store.documents(kind)) known.set(`${kind}:${state.docId}`, { state, published: published.get(state.docId) });
  }
  const changed = bodies.filter(([kind, docId, body]) => {
    const seen = known.get(`${kind}:${docId}`);
    return !(seen && seen.state.publishedRev === seen.state.latestRev && isDeepStrictEqual(plain(body), seen.published));
  });
  // Documents are independent: written together (one commit on SQLite, pipelined on Redis).
  const outcomes = await Promise.all(changed.map(([kind, docId, body]) => seedOne(store, kind, docId, body, at)));
  outcomes.forEach((outcome, i) => outcome && report[outcome].push(`${changed[i]![0]}:${changed[i]![1]}`));
  const inFiles = new Set(files.entries.map((e) => e.id));
  for (const { state } of known.values()) {
    if (state.kind !== 'entry' || inFiles.has(state.docId) || state.retired) continue;
    const revisions = await store.revisions('entry', state.docId);
    if (revisions.every((r) => r.author === FILES_AUTHOR) && (await store.retire('entry', state.docId, FILES_AUTHOR, at))) report.retired.push(`entry:${state.docId}`);
  }
  return report;
}

/** The body as stored (JSON drops undefined fields). */
const plain = (body: unknown): unknown => JSON.parse(JSON.stringify(body)) as unknown;

async function seedOne(store: ContentStore, kind: ContentKind, docId: string, body: unknown, at: string): Promise<keyof SeedReport | null> {
  const state = await store.document(kind, docId);
  if (!state) {
    // Another process seeding at the same moment wins the race: then there is nothing to do here.
    const rev = await store.append(kind, docId, 0, { body, author: FILES_AUTHOR, at, note: 'from flows/ files', publish: true });
    return rev === null ? null : 'added';
  }
  if (kind === 'conference') return null;
  const revisions = await store.revisions(kind, docId);
  const lastFromFiles = revisions.filter((r) => r.author === FILES_AUTHOR).at(-1);
  if (lastFromFiles && isDeepStrictEqual(plain(body), lastFromFiles.body)) return null;
  const untouched = revisions.every((r) => r.author === FILES_AUTHOR) && state.publishedRev === state.latestRev;
  const rev = await store.append(kind, docId, state.latestRev, {
    body,
    author: FILES_AUTHOR,
    at,
    note: untouched ? 'from flows/ files (changed in this release)' : 'from flows/ files (changed in this release; staff had edited this: review before publishing)',
    publish: untouched,
  });
  if (rev === null) return null;
  return untouched ? 'updated' : 'drafted';
}
