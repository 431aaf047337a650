import { createTwoFilesPatch } from 'diff';
import { stringify } from 'yaml';
import type { z } from 'zod';
import { referenceProblems } from '../knowledge/load-knowledge.js';
import { vietnamDay } from '../time/vietnam-time.js';
import { BODY_SCHEMAS, entryFromBody, type EntryBody } from './content-kinds.js';
import type { ContentKind, ContentStore, DocumentState, Revision } from './content-store.js';

/** Who acts: the console's logged-in staff member (or "files" for the shipped flows/). */
export interface Actor {
  login: string;
  role: 'admin' | 'editor' | 'staff';
}

/** Field path ("sources.0.number", "answer.vi") → what is wrong there, in the schema's words. */
export type FieldProblems = Record<string, string>;

export type Refusal =
  /** The body does not pass the kind's schema or its references (the problems say where). */
  | { ok: false; reason: 'invalid'; problems: FieldProblems }
  /** Someone else saved a newer revision since this one was opened: reload and redo. */
  | { ok: false; reason: 'conflict' }
  /** The actor's role may not do this (a staff account; an editor publishing their own draft). */
  | { ok: false; reason: 'forbidden' | 'own-draft' }
  | { ok: false; reason: 'not-found' }
  /** Other published entries point to it (related, supersededBy): those links go first. */
  | { ok: false; reason: 'referenced'; by: string[] };

export type Outcome<T = object> = ({ ok: true } & T) | Refusal;

export interface ContentServiceOptions {
  now: () => Date;
  /** After a publish, rollback or retire: this process answers with the change at once (others are told by the store). */
  onPublished?: (kind: ContentKind) => Promise<void>;
  /**
   * Writes a body about to be published where other readers take it from (a conference into the
   * conferences table the exports read). Called before the revision is marked published, so a
   * process told of the publish finds it there.
   */
  project?: (kind: ContentKind, docId: string, body: unknown) => Promise<void>;
}

/** May write drafts: editors and admins. */
export const canEdit = (actor: Actor) => actor.role === 'admin' || actor.role === 'editor';
/** May publish a draft: an admin, or an editor who did not write it (a second pair of eyes). */
export const canPublish = (actor: Actor, draft: Pick<Revision, 'author'>) => actor.role === 'admin' || (actor.role === 'editor' && draft.author !== actor.login);

/** What can be read of an entry that does not pass the schema, for the reference checks (ids, related, supersededBy). */
function looseEntry(body: unknown): EntryBody {
  const raw = (body ?? {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  return {
    id: text(raw['id']),
    topic: text(raw['topic']),
    related: Array.isArray(raw['related']) ? raw['related'].filter((r): r is string => typeof r === 'string') : [],
    ...(typeof raw['supersededBy'] === 'string' ? { supersededBy: raw['supersededBy'] } : {}),
    sources: [],
  } as unknown as EntryBody;
}

/** Zod's issues as field paths → messages (the first problem of each field). */
export function fieldProblems(error: z.ZodError): FieldProblems {
  const out: FieldProblems = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.') || '(form)';
    out[path] ??= issue.message;
  }
  return out;
}

/**
 * The rules of editing content: drafts by editors, published by an admin or a second editor,
 * every revision kept, rollback as a new revision, retiring that keeps the history. Every body is
 * checked by the same zod schema as the files (and, for entries, against the other published
 * entries: ids, related, supersededBy).
 */
export class ContentService {
  constructor(
    readonly store: ContentStore,
    private readonly options: ContentServiceOptions,
  ) {}

  /** The body parsed by its kind's schema and references, or the problems by field. */
  async check(kind: ContentKind, docId: string, body: unknown): Promise<Outcome<{ body: unknown }>> {
    const parsed = BODY_SCHEMAS[kind].safeParse(body);
    if (!parsed.success) {
      // Every problem at once: the references too (a related id that does not exist) when they can be read.
      const problems = fieldProblems(parsed.error);
      if (kind === 'entry') for (const [field, message] of Object.entries(await this.entryReferenceProblems(looseEntry(body)))) problems[field] ??= message;
      return { ok: false, reason: 'invalid', problems };
    }
    if (kind === 'entry') {
      const entry = parsed.data as EntryBody;
      if (entry.id !== docId) return { ok: false, reason: 'invalid', problems: { id: `the entry's id is ${docId}` } };
      const problems = await this.entryReferenceProblems(entry);
      // A review date ahead of today would keep the entry off the review queue for years.
      if (entry.reviewed > vietnamDay(this.options.now()).day) problems['reviewed'] ??= 'a day that has come (today or earlier)';
      if (Object.keys(problems).length > 0) return { ok: false, reason: 'invalid', problems };
    }
    if (kind === 'conference' && (parsed.data as { id: string }).id !== docId) return { ok: false, reason: 'invalid', problems: { id: `the conference's id is ${docId}` } };
    return { ok: true, body: parsed.data };
  }

  /** Saves a draft over revision `basedOn` (0 for a new document); refused when a newer one was saved meanwhile. */
  async saveDraft(actor: Actor, kind: ContentKind, docId: string, body: unknown, basedOn: number, note = ''): Promise<Outcome<{ rev: number }>> {
    if (!canEdit(actor) || (kind !== 'entry' && actor.role !== 'admin')) return { ok: false, reason: 'forbidden' };
    const checked = await this.check(kind, docId, body);
    if (!checked.ok) return checked;
    const rev = await this.store.append(kind, docId, basedOn, { body: checked.body, author: actor.login, at: this.now(), note: note.slice(0, 300) });
    return rev === null ? { ok: false, reason: 'conflict' } : { ok: true, rev };
  }

  /**
   * Publishes a draft: what the bot answers with from now on, in every process. `seenLatest` is the
   * newest revision the reviewer's page showed: when a newer one was saved since, the publish is
   * refused ('conflict'), so nobody publishes a draft that was replaced under their eyes.
   */
  async publish(actor: Actor, kind: ContentKind, docId: string, rev: number, seenLatest?: number): Promise<Outcome> {
    const revision = await this.store.revision(kind, docId, rev);
    if (!revision) return { ok: false, reason: 'not-found' };
    if (seenLatest !== undefined && (await this.store.document(kind, docId))!.latestRev !== seenLatest) return { ok: false, reason: 'conflict' };
    if (!canEdit(actor) || (kind !== 'entry' && actor.role !== 'admin')) return { ok: false, reason: 'forbidden' };
    if (!canPublish(actor, revision)) return { ok: false, reason: 'own-draft' };
    // The other entries may have changed since the draft was saved (a related entry retired).
    const checked = await this.check(kind, docId, revision.body);
    if (!checked.ok) return checked;
    await this.options.project?.(kind, docId, checked.body);
    await this.store.publish(kind, docId, rev, actor.login, this.now());
    await this.options.onPublished?.(kind);
    return { ok: true };
  }

  /**
   * Brings back revision `toRev` as a new revision (history only grows). An admin's rollback is
   * published at once; an editor's is a draft for someone else to publish.
   */
  async rollback(actor: Actor, kind: ContentKind, docId: string, toRev: number): Promise<Outcome<{ rev: number; published: boolean }>> {
    if (!canEdit(actor) || (kind !== 'entry' && actor.role !== 'admin')) return { ok: false, reason: 'forbidden' };
    const [state, old] = await Promise.all([this.store.document(kind, docId), this.store.revision(kind, docId, toRev)]);
    if (!state || !old) return { ok: false, reason: 'not-found' };
    const checked = await this.check(kind, docId, old.body);
    if (!checked.ok) return checked;
    const publish = actor.role === 'admin';
    if (publish) await this.options.project?.(kind, docId, checked.body);
    const rev = await this.store.append(kind, docId, state.latestRev, { body: old.body, author: actor.login, at: this.now(), note: `rollback to ${toRev}`, publish });
    if (rev === null) return { ok: false, reason: 'conflict' };
    if (publish) await this.options.onPublished?.(kind);
    return { ok: true, rev, published: publish };
  }

  /** Stops answering with an entry (admins); its revisions stay and publishing one brings it back. */
  async retire(actor: Actor, kind: ContentKind, docId: string): Promise<Outcome> {
    if (actor.role !== 'admin' || kind !== 'entry') return { ok: false, reason: 'forbidden' };
    const by = (await this.store.published('entry'))
      .map((r) => r.body as EntryBody)
      .filter((e) => e.id !== docId && (e.related.includes(docId) || e.supersededBy === docId))
      .map((e) => e.id);
    if (by.length > 0) return { ok: false, reason: 'referenced', by };
    if (!(await this.store.retire(kind, docId, actor.login, this.now()))) return { ok: false, reason: 'not-found' };
    await this.options.onPublished?.(kind);
    return { ok: true };
  }

  async history(kind: ContentKind, docId: string): Promise<{ state: DocumentState; revisions: Revision[] } | undefined> {
    const state = await this.store.document(kind, docId);
    return state && { state, revisions: await this.store.revisions(kind, docId) };
  }

  /** A unified diff between two revisions, each written as the YAML of the files. */
  async diff(kind: ContentKind, docId: string, a: number, b: number): Promise<string | undefined> {
    const [ra, rb] = await Promise.all([this.store.revision(kind, docId, a), this.store.revision(kind, docId, b)]);
    if (!ra || !rb) return undefined;
    return createTwoFilesPatch(`${docId} @${a}`, `${docId} @${b}`, stringify(ra.body, { lineWidth: 0 }), stringify(rb.body, { lineWidth: 0 }), ra.at, rb.at);
  }

  private async entryReferenceProblems(entry: EntryBody): Promise<FieldProblems> {
    const others = (await this.store.published('entry')).map((r) => entryFromBody(r.body as EntryBody)).filter((e) => e.id !== entry.id);
    const mine = entryFromBody(entry);
    const out: FieldProblems = {};
    for (const p of referenceProblems([...others, mine])) if (p.entry === mine) out[p.field] ??= p.message;
    return out;
  }

  private now(): string {
    return this.options.now().toISOString();
  }
}
