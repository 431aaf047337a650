import type Database from 'better-sqlite3';
import type { ConsoleSession, ConsoleSessionStore } from './console-sessions.js';

export function sqliteConsoleSessions(db: Database.Database): ConsoleSessionStore {
  db.exec(`CREATE TABLE IF NOT EXISTS console_sessions (
    id TEXT PRIMARY KEY, login TEXT NOT NULL, created_at TEXT NOT NULL, expires_at INTEGER NOT NULL);
    CREATE INDEX IF NOT EXISTS console_sessions_login ON console_sessions (login);`);
  const insert = db.prepare('INSERT INTO console_sessions (id, login, created_at, expires_at) VALUES (?, ?, ?, ?)');
  const find = db.prepare<[string, number], { login: string; created_at: string }>('SELECT login, created_at FROM console_sessions WHERE id = ? AND expires_at > ?');
  const extend = db.prepare('UPDATE console_sessions SET expires_at = ? WHERE id = ?');
  const remove = db.prepare('DELETE FROM console_sessions WHERE id = ?');
  const removeLogin = db.prepare('DELETE FROM console_sessions WHERE login = ?');
  const sweep = db.prepare('DELETE FROM console_sessions WHERE expires_at <= ?');
  return {
    async create(id, s, idleMs) {
      sweep.run(Date.now());
      insert.run(id, s.login, s.createdAt, Date.now() + idleMs);
    },
    async touch(id, idleMs) {
      const row = find.get(id, Date.now());
      if (!row) return undefined;
      extend.run(Date.now() + idleMs, id);
      return { login: row.login, createdAt: row.created_at } satisfies ConsoleSession;
    },
    async delete(id) {
      remove.run(id);
    },
    async deleteForLogin(login) {
      removeLogin.run(login);
    },
  };
}
