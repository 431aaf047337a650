import type Database from 'better-sqlite3';
import type { ContentKind, ContentStore, DocumentState, Revision } from './content-store.js';

interface DocRow {
  kind: ContentKind;
  doc_id: string;
  latest_rev: number;
  published_rev: number | null;
  retired: number;
  retired_by: string | null;
  retired_at: string | null;
}
interface RevRow {
  kind: ContentKind;
  doc_id: string;
  rev: number;
  body: string;
  author: string;
  at: string;
  note: string;
  published_by: string | null;
  published_at: string | null;
}

const toState = (r: DocRow): DocumentState => ({
  kind: r.kind,
  docId: r.doc_id,
  latestRev: r.latest_rev,
  publishedRev: r.published_rev,
  retired: r.retired === 1,
  ...(r.retired_by ? { retiredBy: r.retired_by, retiredAt: r.retired_at ?? '' } : {}),
});
const toRevision = (r: RevRow): Revision => ({
  kind: r.kind,
  docId: r.doc_id,
  rev: r.rev,
  body: JSON.parse(r.body) as unknown,
  author: r.author,
  at: r.at,
  note: r.note,
  ...(r.published_by ? { publishedBy: r.published_by, publishedAt: r.published_at ?? '' } : {}),
});

/** Content documents in the embedded database: a row per document, a row per revision, one version counter. */
export function sqliteContentStore(db: Database.Database): ContentStore {
  db.exec(`
    CREATE TABLE IF NOT EXISTS content_documents (
      kind TEXT NOT NULL, doc_id TEXT NOT NULL,
      latest_rev INTEGER NOT NULL, published_rev INTEGER,
      retired INTEGER NOT NULL DEFAULT 0, retired_by TEXT, retired_at TEXT,
      PRIMARY KEY (kind, doc_id)
    );
    CREATE TABLE IF NOT EXISTS content_revisions (
      kind TEXT NOT NULL, doc_id TEXT NOT NULL, rev INTEGER NOT NULL,
      body TEXT NOT NULL, author TEXT NOT NULL, at TEXT NOT NULL, note TEXT NOT NULL,
      published_by TEXT, published_at TEXT,
      PRIMARY KEY (kind, doc_id, rev)
    );
    CREATE TABLE IF NOT EXISTS content_version (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL);
    INSERT OR IGNORE INTO content_version (id, version) VALUES (1, 0);
  `);
  const doc = db.prepare<[string, string], DocRow>('SELECT * FROM content_documents WHERE kind = ? AND doc_id = ?');
  const docs = db.prepare<[string], DocRow>('SELECT * FROM content_documents WHERE kind = ? ORDER BY doc_id');
  const rev = db.prepare<[string, string, number], RevRow>('SELECT * FROM content_revisions WHERE kind = ? AND doc_id = ? AND rev = ?');
  const revs = db.prepare<[string, string], RevRow>('SELECT * FROM content_revisions WHERE kind = ? AND doc_id = ? ORDER BY rev');
  const published = db.prepare<[string], RevRow>(
    `SELECT r.* FROM content_documents d JOIN content_revisions r ON r.kind = d.kind AND r.doc_id = d.doc_id AND r.rev = d.published_rev
     WHERE d.kind = ? AND d.retired = 0 ORDER BY d.doc_id`,
  );
  const insertDoc = db.prepare('INSERT INTO content_documents (kind, doc_id, latest_rev) VALUES (?, ?, 0)');
  const setLatest = db.prepare('UPDATE content_documents SET latest_rev = ? WHERE kind = ? AND doc_id = ? AND latest_rev = ?');
  const insertRev = db.prepare('INSERT INTO content_revisions (kind, doc_id, rev, body, author, at, note) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const setPublished = db.prepare('UPDATE content_documents SET published_rev = ?, retired = 0, retired_by = NULL, retired_at = NULL WHERE kind = ? AND doc_id = ?');
  const markRevPublished = db.prepare('UPDATE content_revisions SET published_by = ?, published_at = ? WHERE kind = ? AND doc_id = ? AND rev = ?');
  const setRetired = db.prepare('UPDATE content_documents SET retired = 1, retired_by = ?, retired_at = ? WHERE kind = ? AND doc_id = ?');
  const bump = db.prepare('UPDATE content_version SET version = version + 1 WHERE id = 1');
  const readVersion = db.prepare<[], { version: number }>('SELECT version FROM content_version WHERE id = 1');

  const publishNow = (kind: string, docId: string, r: number, by: string, at: string) => {
    setPublished.run(r, kind, docId);
    markRevPublished.run(by, at, kind, docId, r);
    bump.run();
  };

  // Each write is one transaction: the check of the expected revision and the write cannot be split.
  const append = db.transaction((kind: ContentKind, docId: string, expected: number, r: { body: unknown; author: string; at: string; note: string; publish?: boolean }): number | null => {
    const current = doc.get(kind, docId);
    if ((current?.latest_rev ?? 0) !== expected) return null;
    if (!current) insertDoc.run(kind, docId);
    const next = expected + 1;
    setLatest.run(next, kind, docId, expected);
    insertRev.run(kind, docId, next, JSON.stringify(r.body), r.author, r.at, r.note);
    if (r.publish) publishNow(kind, docId, next, r.author, r.at);
    return next;
  });
  const publish = db.transaction((kind: ContentKind, docId: string, r: number, by: string, at: string): boolean => {
    if (!rev.get(kind, docId, r)) return false;
    publishNow(kind, docId, r, by, at);
    return true;
  });
  const retire = db.transaction((kind: ContentKind, docId: string, by: string, at: string): boolean => {
    if (setRetired.run(by, at, kind, docId).changes === 0) return false;
    bump.run();
    return true;
  });

  return {
    async append(kind, docId, expectedLatest, revision) {
      return append(kind, docId, expectedLatest, revision);
    },
    async publish(kind, docId, r, by, at) {
      return publish(kind, docId, r, by, at);
    },
    async retire(kind, docId, by, at) {
      return retire(kind, docId, by, at);
    },
    async document(kind, docId) {
      const row = doc.get(kind, docId);
      return row && toState(row);
    },
    async documents(kind) {
      return docs.all(kind).map(toState);
    },
    async revisions(kind, docId) {
      return revs.all(kind, docId).map(toRevision);
    },
    async revision(kind, docId, r) {
      const row = rev.get(kind, docId, r);
      return row && toRevision(row);
    },
    async published(kind) {
      return published.all(kind).map(toRevision);
    },
    async version() {
      return readVersion.get()!.version;
    },
  };
}
