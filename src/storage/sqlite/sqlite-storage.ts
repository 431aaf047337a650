import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Storage } from '../ports.js';
import { sqliteInsights } from './sqlite-insights.js';
import { sqliteSessions } from './sqlite-sessions.js';
import { sqliteCounters } from './sqlite-counters.js';
import { DEFAULT_SESSION_IDLE_MS } from '../ports.js';
import { sqliteTickets } from './sqlite-tickets.js';
import { sqliteWebInbox } from './sqlite-web-inbox.js';
import { sqlitePhotos } from './sqlite-photos.js';
import { sqliteContentStore } from '../../content/sqlite-content-store.js';
import { batched, groupCommit, type GroupCommit } from './group-commit.js';
import { sqliteAccounts } from '../../staff-web/accounts/sqlite-accounts.js';
import { sqliteConsoleSessions } from '../../staff-web/auth/sqlite-console-sessions.js';
import { signallingChanges, sqliteTicketChanges } from '../../staff-web/live/ticket-changes.js';
import { sqliteConferences } from '../../staff-web/conferences/sqlite-conferences.js';
import { sqliteSavedReplies } from '../../staff-web/saved-replies/sqlite-saved-replies.js';
import { sqliteSubscriptions } from '../../subscriptions/sqlite-subscriptions.js';
import { sqliteAnnouncements } from '../../announcements/sqlite-announcements.js';
import { sqliteLinks } from '../../identity/sqlite-links.js';
import { sqliteProfiles } from '../../profile/sqlite-profiles.js';
import { sqliteZaloOaStore } from '../../channels/zalo-oa/sqlite-oa-store.js';

/** SQLite storage, with its database (the delivery outbox lives in the same file). */
export type SqliteStorage = Storage & { kind: 'sqlite'; db: Database.Database; commits: GroupCommit };

/** Options both stores take. */
export interface StorageOptions {
  /** Sessions idle longer than this are forgotten; default 30 days. */
  sessionIdleMs?: number;
}

/** Opens (and creates) the embedded database `bot.db` in `dataDir`. */
export function openSqliteStorage(dataDir: string, options: StorageOptions = {}): SqliteStorage {
  mkdirSync(dataDir, { recursive: true });
  return sqliteStorage(new Database(join(dataDir, 'bot.db')), { photosDir: join(dataDir, 'photos'), ...options });
}

/** SQLite storage on an open database (a file, or ':memory:' in tests); photos go to `photosDir`, or into the database without one. */
export function sqliteStorage(db: Database.Database, options: StorageOptions & { photosDir?: string } = {}): SqliteStorage {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  // Checkpoint every 4000 pages (16 MB) instead of 1000: a page written by many turns is copied to
  // the database once, not four times (+20% web chat messages/s, `npm run bench -- --only web`);
  // the log is cut back to 32 MB after a checkpoint, and a restart replays at most that.
  db.pragma('wal_autocheckpoint = 4000');
  db.pragma('journal_size_limit = 33554432');
  db.exec(`
    CREATE TABLE IF NOT EXISTS update_claims (
      key TEXT PRIMARY KEY,
      expires_at INTEGER NOT NULL
    );
  `);
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

  // Writes of one event-loop turn share a commit (see group-commit.ts).
  const commits = groupCommit(db);
  const ticketChanges = batched(sqliteTicketChanges(db), commits);
  return {
    kind: 'sqlite' as const,
    sessions: batched(sqliteSessions(db, options.sessionIdleMs ?? DEFAULT_SESSION_IDLE_MS), commits),
    // One process works a SQLite file: the conversation service's own queue serialises turns.
    lock: { run: (_id, work) => work() },
    claims: batched<Storage['claims']>(
      {
        async claim(key, ttlSeconds) {
          return claim(key, ttlSeconds);
        },
        async release(key) {
          releaseClaim.run(key);
        },
      },
      commits,
    ),
    counters: batched(sqliteCounters(db), commits),
    insights: batched(sqliteInsights(db), commits),
    tickets: signallingChanges(batched(sqliteTickets(db), commits), ticketChanges),
    ticketChanges,
    webInbox: batched(sqliteWebInbox(db), commits),
    photos: batched(sqlitePhotos(db, options.photosDir), commits),
    accounts: batched(sqliteAccounts(db), commits),
    consoleSessions: batched(sqliteConsoleSessions(db), commits),
    conferences: batched(sqliteConferences(db), commits),
    savedReplies: batched(sqliteSavedReplies(db), commits),
    subscriptions: batched(sqliteSubscriptions(db), commits),
    announcements: batched(sqliteAnnouncements(db), commits),
    content: batched(sqliteContentStore(db), commits),
    links: batched(sqliteLinks(db), commits),
    zaloOa: sqliteZaloOaStore(db, commits),
    profiles: batched(sqliteProfiles(db), commits),
    db,
    commits,
    async ping() {
      return db.prepare('SELECT 1 AS ok').get() !== undefined;
    },
    async close() {
      db.close();
    },
  };
}
