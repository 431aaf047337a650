/**
 * Content the Alliance keeps true in the console — knowledge entries, the organisation, the
 * conferences — as documents with every revision kept. A revision is written once and never
 * changed, except that publishing it records who published it and when. A document has at most
 * one published revision (what the bot answers with), may have newer drafts, and may be retired
 * (no longer answered; its history stays).
 *
 * One port, a SQLite and a Redis adapter, one contract suite (test/content/content-store.test.ts).
 * Bodies are checked before they get here (content-service.ts); the store keeps what it is given.
 */
export type ContentKind = 'entry' | 'organisation' | 'conference';
export const CONTENT_KINDS: readonly ContentKind[] = ['entry', 'organisation', 'conference'];

export interface Revision {
  kind: ContentKind;
  docId: string;
  /** 1, 2, 3 … per document. */
  rev: number;
  body: unknown;
  /** The staff login who wrote it, or "files" for the shipped flows/ files. */
  author: string;
  /** ISO time it was written. */
  at: string;
  /** Why (a line the author typed, "rollback to 3", "from flows/ files"). */
  note: string;
  /** Set when the revision was published. */
  publishedBy?: string;
  publishedAt?: string;
}

export interface DocumentState {
  kind: ContentKind;
  docId: string;
  /** The newest revision's number. */
  latestRev: number;
  /** The revision the bot answers with; null until one is published. */
  publishedRev: number | null;
  retired: boolean;
  retiredBy?: string;
  retiredAt?: string;
}

export interface NewRevision {
  body: unknown;
  author: string;
  at: string;
  note: string;
  /** Publish it in the same write (the seed from files; an admin's rollback). */
  publish?: boolean;
}

export interface ContentStore {
  /**
   * Appends a revision when the document's newest revision is still `expectedLatest` (0: the
   * document does not exist yet). Returns the new revision's number, or null — with nothing
   * written — when someone else wrote in between (also under concurrency, across processes).
   */
  append(kind: ContentKind, docId: string, expectedLatest: number, revision: NewRevision): Promise<number | null>;
  /** Makes `rev` the published revision (and un-retires the document); false when there is no such revision. Bumps the version. */
  publish(kind: ContentKind, docId: string, rev: number, by: string, at: string): Promise<boolean>;
  /** Stops answering with the document; its revisions stay. False when there is no such document. Bumps the version. */
  retire(kind: ContentKind, docId: string, by: string, at: string): Promise<boolean>;
  document(kind: ContentKind, docId: string): Promise<DocumentState | undefined>;
  documents(kind: ContentKind): Promise<DocumentState[]>;
  /** Every revision of the document, oldest first. */
  revisions(kind: ContentKind, docId: string): Promise<Revision[]>;
  revision(kind: ContentKind, docId: string, rev: number): Promise<Revision | undefined>;
  /** The published revision of every document of the kind that is not retired, by document id. */
  published(kind: ContentKind): Promise<Revision[]>;
  /** Moves on every publish and retire (processes compare it to know they must reload). */
  version(): Promise<number>;
}
