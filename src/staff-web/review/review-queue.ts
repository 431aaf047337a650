import type { EntryBody } from '../../content/content-kinds.js';
import { isHistory } from '../../knowledge/entry.js';
import { daysBetween } from '../../time/vietnam-time.js';
import { reviewOverdue } from '../knowledge/review-due.js';

/** 👎 are compared over two periods of this many days: the latest, and the one before. */
export const VOTE_WINDOW_DAYS = 30;
/** A rise counts from this many 👎 in the latest period (one unhappy member is not a trend). */
export const MIN_RISING_DOWN = 2;

/** An entry reviewed longer ago than the review period. */
export interface OverdueEntry {
  entry: EntryBody;
  /** Days since it was reviewed. */
  days: number;
}

/** A document an entry rests on though it is replaced. */
export interface ReplacedDocument {
  number: string;
  /** What replaced it, as the marking source says. */
  replacedBy: string;
  /** The entries whose sources mark it replaced. */
  markedIn: string[];
  /** The entry's main basis (its first source) is itself marked replaced. */
  mainBasis?: true;
}

export interface StaleCitation {
  entry: EntryBody;
  documents: ReplacedDocument[];
}

export interface RisingDownVotes {
  entryId: string;
  /** 👎 in the latest period, and in the period before it. */
  recent: number;
  before: number;
}

/** Entries last reviewed more than the review period before `today` (ISO day, Vietnam), oldest review first. */
export function overdueEntries(entries: readonly EntryBody[], today: string): OverdueEntry[] {
  return entries
    .filter((e) => reviewOverdue(e.reviewed, today))
    .map((entry) => ({ entry, days: daysBetween(entry.reviewed, today) }))
    .sort((a, b) => a.entry.reviewed.localeCompare(b.entry.reviewed) || a.entry.id.localeCompare(b.entry.id));
}

/** "45/2021/NĐ-CP" and "45/2021/nđ-cp " are one document. */
const documentKey = (number: string) => number.normalize('NFC').replace(/\s+/g, '').toUpperCase();

/**
 * Entries still answered as the rule of today (not history on `today`) that rest on a replaced
 * document: they cite as in force a document which a published entry's sources mark replaced, or
 * their main basis (the first source) is marked replaced. An entry that records a replacement
 * itself — an older document among its other sources marked replaced, citing what replaced it — is
 * not flagged for it. Entries in id order.
 */
export function staleCitations(entries: readonly EntryBody[], today: string): StaleCitation[] {
  const replaced = new Map<string, ReplacedDocument>();
  for (const e of entries)
    for (const s of e.sources) {
      if (s.status !== 'replaced') continue;
      const key = documentKey(s.number);
      const known = replaced.get(key) ?? { number: s.number.trim(), replacedBy: (s.replacedBy ?? '').trim(), markedIn: [] };
      if (!known.markedIn.includes(e.id)) known.markedIn.push(e.id);
      replaced.set(key, known);
    }
  const out: StaleCitation[] = [];
  for (const entry of [...entries].sort((a, b) => a.id.localeCompare(b.id))) {
    if (isHistory(entry, today)) continue;
    const documents = new Map<string, ReplacedDocument>();
    entry.sources.forEach((s, i) => {
      const key = documentKey(s.number);
      if (s.status === 'replaced') {
        if (i === 0) documents.set(key, { number: s.number.trim(), replacedBy: (s.replacedBy ?? '').trim(), markedIn: [entry.id], mainBasis: true });
        return;
      }
      const marked = replaced.get(key);
      if (marked && !documents.has(key)) documents.set(key, marked);
    });
    if (documents.size > 0) out.push({ entry, documents: [...documents.values()] });
  }
  return out;
}

/**
 * Entries with more 👎 in the latest {@link VOTE_WINDOW_DAYS} days than in the same period before,
 * and at least {@link MIN_RISING_DOWN} of them; most recent 👎 first. `votes` holds at least the
 * votes of both periods (each member's current vote, with when it was cast).
 */
export function risingDownVotes(votes: ReadonlyArray<{ entryId: string; helpful: boolean; at: string }>, now: Date): RisingDownVotes[] {
  const windowMs = VOTE_WINDOW_DAYS * 86_400_000;
  const recentFrom = now.getTime() - windowMs;
  const beforeFrom = recentFrom - windowMs;
  const counts = new Map<string, { recent: number; before: number }>();
  for (const v of votes) {
    if (v.helpful) continue;
    const at = Date.parse(v.at);
    if (at < beforeFrom || at > now.getTime()) continue;
    const c = counts.get(v.entryId) ?? { recent: 0, before: 0 };
    if (at >= recentFrom) c.recent++;
    else c.before++;
    counts.set(v.entryId, c);
  }
  return [...counts]
    .filter(([, c]) => c.recent >= MIN_RISING_DOWN && c.recent > c.before)
    .map(([entryId, c]) => ({ entryId, ...c }))
    .sort((a, b) => b.recent - a.recent || a.before - b.before || a.entryId.localeCompare(b.entryId));
}

/** Where the vote periods start: the votes to read for {@link risingDownVotes}. */
export const votesFrom = (now: Date) => new Date(now.getTime() - 2 * VOTE_WINDOW_DAYS * 86_400_000).toISOString();
