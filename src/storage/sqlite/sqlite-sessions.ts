import type Database from 'better-sqlite3';
import type { AppliedTurn, SessionStore } from '../../conversation/ports.js';

/** How long an applied turn is remembered: longer than any platform retries an update. */
export const APPLIED_TURN_TTL_MS = 24 * 60 * 60 * 1000;
/** How often (in commits) expired sessions and turns are swept. */
const SWEEP_EVERY = 500;

/** Sessions in SQLite, with idle expiry and the applied turns committed together with them. */
export function sqliteSessions(db: Database.Database, idleMs: number): SessionStore & { sweep(now?: number): number } {
  db.exec(`
    CREATE TABLE IF NOT EXISTS sessions (
      conversation_id TEXT PRIMARY KEY,
      value TEXT NOT NULL,
      updated_at INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS sessions_updated ON sessions (updated_at);
    CREATE TABLE IF NOT EXISTS applied_turns (
      key TEXT PRIMARY KEY,
      replies TEXT NOT NULL,
      delivered INTEGER NOT NULL DEFAULT 0,
      expires_at INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS applied_turns_expiry ON applied_turns (expires_at);
  `);
  const load = db.prepare<[string, number], { value: string }>('SELECT value FROM sessions WHERE conversation_id = ? AND updated_at > ?');
  const save = db.prepare(
    `INSERT INTO sessions (conversation_id, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT(conversation_id) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );
  const remove = db.prepare('DELETE FROM sessions WHERE conversation_id = ?');
  const findTurn = db.prepare<[string, number], { replies: string; delivered: number }>('SELECT replies, delivered FROM applied_turns WHERE key = ? AND expires_at > ?');
  const markTurn = db.prepare('UPDATE applied_turns SET delivered = 1 WHERE key = ?');
  const addTurn = db.prepare('INSERT OR REPLACE INTO applied_turns (key, replies, expires_at) VALUES (?, ?, ?)');
  const sweepSessions = db.prepare('DELETE FROM sessions WHERE updated_at <= ?');
  const sweepTurns = db.prepare('DELETE FROM applied_turns WHERE expires_at <= ?');
  let commits = 0;

  const sweep = (now = Date.now()) => sweepSessions.run(now - idleMs).changes + sweepTurns.run(now).changes;
  const commit = db.transaction((id: string, session: unknown, turn: AppliedTurn | undefined) => {
    const now = Date.now();
    if (session === null) remove.run(id);
    else save.run(id, JSON.stringify(session), now);
    if (turn) addTurn.run(turn.key, JSON.stringify(turn.replies), now + APPLIED_TURN_TTL_MS);
    if (++commits % SWEEP_EVERY === 0) sweep(now);
  });

  return {
    async load(id) {
      const row = load.get(id, Date.now() - idleMs);
      return row ? (JSON.parse(row.value) as unknown) : undefined;
    },
    async save(id, session) {
      commit(id, session, undefined);
    },
    async delete(id) {
      remove.run(id);
    },
    async loadTurn(id, key) {
      const row = key === undefined ? undefined : findTurn.get(key, Date.now());
      if (row) return { session: undefined, applied: { key: key!, replies: JSON.parse(row.replies) as unknown, delivered: row.delivered === 1 } };
      const session = load.get(id, Date.now() - idleMs);
      return { session: session ? (JSON.parse(session.value) as unknown) : undefined };
    },
    async appliedTurn(key) {
      const row = findTurn.get(key, Date.now());
      return row ? { key, replies: JSON.parse(row.replies) as unknown, delivered: row.delivered === 1 } : undefined;
    },
    async markDelivered(key) {
      markTurn.run(key);
    },
    async commit(id, session, turn) {
      commit(id, session, turn);
    },
    sweep,
  };
}
