import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Storage } from '../ports.js';
import { sqliteInsights } from './sqlite-insights.js';
import { sqliteTickets } from './sqlite-tickets.js';
import { sqliteWebInbox } from './sqlite-web-inbox.js';

/** SQLite storage, with its database (the delivery outbox lives in the same file). */
export type SqliteStorage = Storage & { kind: 'sqlite'; db: Database.Database };

/** Opens (and creates) the embedded database `bot.db` in `dataDir`. */
export function openSqliteStorage(dataDir: string): SqliteStorage {
  mkdirSync(dataDir, { recursive: true });
  return sqliteStorage(new Database(join(dataDir, 'bot.db')));
}

/** SQLite storage on an open database (a file, or ':memory:' in tests). */
export function sqliteStorage(db: Database.Database): SqliteStorage {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.exec(`
    CREATE TABLE IF NOT EXISTS sessions (
      conversation_id TEXT PRIMARY KEY,
      value TEXT NOT NULL,
      updated_at INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS update_claims (
      key TEXT PRIMARY KEY,
      expires_at INTEGER NOT NULL
    );
  `);
  const loadSession = db.prepare<[string], { value: string }>('SELECT value FROM sessions WHERE conversation_id = ?');
  const saveSession = db.prepare(
    `INSERT INTO sessions (conversation_id, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT(conversation_id) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );
  const deleteSession = db.prepare('DELETE FROM sessions WHERE conversation_id = ?');
  const purgeClaim = db.prepare('DELETE FROM update_claims WHERE key = ? AND expires_at <= ?');
  const insertClaim = db.prepare('INSERT OR IGNORE INTO update_claims (key, expires_at) VALUES (?, ?)');
  const releaseClaim = db.prepare('DELETE FROM update_claims WHERE key = ?');
  const purgeExpired = db.prepare('DELETE FROM update_claims WHERE expires_at <= ?');
  let claimsSincePurge = 0;

  const claim = db.transaction((key: string, ttlSeconds: number): boolean => {
    const now = Date.now();
    purgeClaim.run(key, now);
    if (++claimsSincePurge >= 1000) {
      claimsSincePurge = 0;
      purgeExpired.run(now);
    }
    return insertClaim.run(key, now + ttlSeconds * 1000).changes === 1;
  });

  return {
    kind: 'sqlite' as const,
    sessions: {
      async load(id) {
        const row = loadSession.get(id);
        return row ? (JSON.parse(row.value) as unknown) : undefined;
      },
      async save(id, session) {
        saveSession.run(id, JSON.stringify(session), Date.now());
      },
      async delete(id) {
        deleteSession.run(id);
      },
    },
    claims: {
      async claim(key, ttlSeconds) {
        return claim(key, ttlSeconds);
      },
      async release(key) {
        releaseClaim.run(key);
      },
    },
    insights: sqliteInsights(db),
    tickets: sqliteTickets(db),
    webInbox: sqliteWebInbox(db),
    db,
    async ping() {
      return db.prepare('SELECT 1 AS ok').get() !== undefined;
    },
    async close() {
      db.close();
    },
  };
}
