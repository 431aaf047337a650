import type { ConversationLock, SessionStore } from '../conversation/ports.js';

/** Sessions idle this long are forgotten (both stores), unless configured otherwise. */
export const DEFAULT_SESSION_IDLE_MS = 30 * 24 * 60 * 60 * 1000;
import type { TicketStore } from '../tickets/ticket-store.js';
import type { AccountStore } from '../staff-web/accounts/staff-account.js';
import type { ConsoleSessionStore } from '../staff-web/auth/console-sessions.js';
import type { TicketChanges } from '../staff-web/live/ticket-changes.js';
import type { ConferenceStore } from '../staff-web/conferences/conference-store.js';
import type { ContentStore } from '../content/content-store.js';
import type { SavedReplyStore } from '../staff-web/saved-replies/saved-reply-store.js';
import type { SubscriptionStore } from '../subscriptions/subscription.js';
import type { AnnouncementStore } from '../announcements/announcement.js';
import type { LinkStore } from '../identity/link-store.js';
import type { ProfileStore } from '../profile/profile.js';
import type { ZaloOaStore } from '../channels/zalo-oa/oa-store.js';

/** Claims an update id once, so a platform's retry of the same update is dropped. */
export interface UpdateClaims {
  /** True the first time `key` is claimed within `ttlSeconds`, false after. */
  claim(key: string, ttlSeconds: number): Promise<boolean>;
  /** Gives a claim back after a failed handling, so the platform's retry is handled. */
  release(key: string): Promise<void>;
}

/**
 * What members' votes and unanswered questions tell the Alliance. No conversation id is kept: a
 * member is known only by a pseudonym (a hash of the conversation id), so that a second tap changes
 * the vote instead of adding one, a question asked again is stored once, and /forget can erase them.
 */
export interface InsightStore {
  /** One vote per member and entry: voting again replaces the member's vote. */
  recordFeedback(entryId: string, helpful: boolean, question: string | null, voter: string): Promise<void>;
  /** Stored at most once per member and question (compared folded: diacritics, case, punctuation). */
  recordUnanswered(question: string, outcome: 'unsure' | 'none', topic: string | null, voter: string): Promise<void>;
  /** Erases the member's votes and questions (/forget). */
  forgetVoter(voter: string): Promise<void>;
  /** 👍/👎 counts per entry, most 👎 first. */
  feedbackByEntry(): Promise<Array<{ entryId: string; up: number; down: number }>>;
  /** The latest 👎 and unanswered questions, newest first. */
  recentQuestions(limit: number): Promise<Array<{ kind: 'down' | 'unsure' | 'none'; question: string; entryId: string | null; topic: string | null; at: string }>>;
  /**
   * The votes cast or changed at or after `sinceIso`, each member's current vote per entry with when
   * it was cast, oldest first (the review queue compares 👎 of two periods). Votes cast before the
   * store kept their time (Redis, before issue 11) or older than a year may be left out.
   */
  votesSince(sinceIso: string): Promise<Array<{ entryId: string; helpful: boolean; at: string }>>;
}

/**
 * A web chat browser's conversation: what the member sent and what the bot and staff answered, so
 * the page shows its history after a reload and fetches staff answers that arrived while it was
 * closed. Bounded per browser (the latest entries are kept) and forgotten with the session.
 */
export interface WebInbox {
  /**
   * Stores an entry for this browser; returns its increasing id. With a key (a delivery's key), the
   * same entry stored again returns the first id instead of a second copy.
   */
  push(clientId: string, message: unknown, key?: string): Promise<number>;
  /** Several entries at once (one write where the store allows), each like `push`; their ids in order. */
  pushMany(clientId: string, entries: Array<{ message: unknown; key?: string }>): Promise<number[]>;
  /** Entries after `afterId`, oldest first (at most 100). */
  since(clientId: string, afterId: number): Promise<Array<{ id: number; message: unknown }>>;
  /** The latest `limit` entries, oldest first. */
  recent(clientId: string, limit: number): Promise<Array<{ id: number; message: unknown }>>;
  clear(clientId: string): Promise<void>;
}

/** Photos members send from the web chat, kept for staff; each at most {@link MAX_PHOTO_BYTES}. */
export interface PhotoStore {
  /** Stores the image; returns its id (used in tickets as `photo:<id>`). */
  save(data: Buffer, type: PhotoType): Promise<string>;
  load(id: string): Promise<{ data: Buffer; type: PhotoType } | undefined>;
  /** Erases the photo (a member's /forget); nothing for an id it does not hold. */
  remove(id: string): Promise<void>;
}

export type PhotoType = 'image/jpeg' | 'image/png' | 'image/webp';
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

/** Fixed-window counters shared by every process (limits on what members may do how often). */
export interface RateCounter {
  /** Adds one to `key` in the current window of `windowSeconds`; returns the count including this one. */
  hit(key: string, windowSeconds: number): Promise<number>;
  /** The count of `key` in its current window, without adding one (0 when none). */
  peek(key: string): Promise<number>;
}

/** One storage back end: SQLite (embedded default) or Redis. */
export interface Storage {
  kind: 'sqlite' | 'redis';
  sessions: SessionStore;
  /** Serialises one member's turns across processes (Redis), or in this process (SQLite). */
  lock: ConversationLock;
  claims: UpdateClaims;
  counters: RateCounter;
  insights: InsightStore;
  tickets: TicketStore;
  /** Moves whenever a ticket is filed or changes (the console's live queue watches it). */
  ticketChanges: TicketChanges;
  webInbox: WebInbox;
  photos: PhotoStore;
  /** Staff accounts of the web console, and their logged-in sessions. */
  accounts: AccountStore;
  consoleSessions: ConsoleSessionStore;
  /** Dialogue conferences (seeded from flows/conferences.yaml, edited by admins) and staff's saved replies. */
  conferences: ConferenceStore;
  savedReplies: SavedReplyStore;
  /** Members' subscriptions to announcements. */
  subscriptions: SubscriptionStore;
  /** Announcements to subscribers, their recipients and outcomes. */
  announcements: AnnouncementStore;
  /** Knowledge entries, the organisation and conferences as revised documents (seeded from flows/, edited in the console). */
  content: ContentStore;
  /** Members' conversations linked across channels (/link), and the codes that link them. */
  links: LinkStore;
  /** Members' profiles (/profile), one per linked member. */
  profiles: ProfileStore;
  /** The Zalo OA's token pair, its refresh lock, and answers waiting for members outside the reply window. */
  zaloOa: ZaloOaStore;
  /** Resolves when the store answers; used by /healthz. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
