/** A logged-in staff member's session, kept on the server; the cookie holds only its random id. */
export interface ConsoleSession {
  login: string;
  createdAt: string;
}

/** Sessions end after this long without a request (the 8 hours). */
export const CONSOLE_SESSION_IDLE_MS = 8 * 60 * 60 * 1000;

/** Server-side sessions on either store, so any process behind one address can answer. */
export interface ConsoleSessionStore {
  create(id: string, session: ConsoleSession, idleMs: number): Promise<void>;
  /** The session, its idle time restarted; undefined when it ended or expired. */
  touch(id: string, idleMs: number): Promise<ConsoleSession | undefined>;
  delete(id: string): Promise<void>;
  /** Ends every session of an account (disabled, or its password reset). */
  deleteForLogin(login: string): Promise<void>;
}
