import type { ConversationLock, SessionStore } from '../conversation/ports.js';

/** Sessions idle this long are forgotten (both stores), unless configured otherwise. */
export const DEFAULT_SESSION_IDLE_MS = 30 * 24 * 60 * 60 * 1000;
import type { TicketStore } from '../tickets/ticket-store.js';

/** Claims an update id once, so a platform's retry of the same update is dropped. */
export interface UpdateClaims {
  /** True the first time `key` is claimed within `ttlSeconds`, false after. */
  claim(key: string, ttlSeconds: number): Promise<boolean>;
  /** Gives a claim back after a failed handling, so the platform's retry is handled. */
  release(key: string): Promise<void>;
}

/** What members' votes and unanswered questions tell the Alliance (no conversation ids kept). */
export interface InsightStore {
  recordFeedback(entryId: string, helpful: boolean, question: string | null): Promise<void>;
  recordUnanswered(question: string, outcome: 'unsure' | 'none', topic: string | null): Promise<void>;
  /** 👍/👎 counts per entry, most 👎 first. */
  feedbackByEntry(): Promise<Array<{ entryId: string; up: number; down: number }>>;
  /** The latest 👎 and unanswered questions, newest first. */
  recentQuestions(limit: number): Promise<Array<{ kind: 'down' | 'unsure' | 'none'; question: string; entryId: string | null; topic: string | null; at: string }>>;
}

/** Messages waiting for a web chat page to fetch them (staff answers arrive while the page is closed). */
export interface WebInbox {
  /** Stores a message for this browser; returns its increasing id. */
  push(clientId: string, message: unknown): Promise<number>;
  /** Messages after `afterId`, oldest first. */
  since(clientId: string, afterId: number): Promise<Array<{ id: number; message: unknown }>>;
  clear(clientId: string): Promise<void>;
}

/** One storage back end: SQLite (embedded default) or Redis. */
export interface Storage {
  kind: 'sqlite' | 'redis';
  sessions: SessionStore;
  /** Serialises one member's turns across processes (Redis), or in this process (SQLite). */
  lock: ConversationLock;
  claims: UpdateClaims;
  insights: InsightStore;
  tickets: TicketStore;
  webInbox: WebInbox;
  /** Resolves when the store answers; used by /healthz. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
