import type Database from 'better-sqlite3';
import type { WebInbox } from '../ports.js';

/** Entries kept per browser: older ones are dropped when a new one is stored. */
export const WEB_INBOX_KEEP = 100;

/**
 * A web chat browser's conversation in SQLite: one row per entry, an optional idempotency key
 * unique per browser (the same delivery stored again returns the first row's id), and only the
 * latest {@link WEB_INBOX_KEEP} rows per browser kept.
 */
export function sqliteWebInbox(db: Database.Database): WebInbox {
  db.exec(`CREATE TABLE IF NOT EXISTS web_inbox (id INTEGER PRIMARY KEY AUTOINCREMENT, client_id TEXT NOT NULL, message TEXT NOT NULL);
           CREATE INDEX IF NOT EXISTS web_inbox_client ON web_inbox (client_id, id);`);
  // Databases made before entries had keys get the column (existing rows have none).
  const columns = db.prepare<[], { name: string }>('PRAGMA table_info(web_inbox)').all();
  if (!columns.some((c) => c.name === 'key')) db.exec('ALTER TABLE web_inbox ADD COLUMN key TEXT');
  db.exec('CREATE UNIQUE INDEX IF NOT EXISTS web_inbox_key ON web_inbox (client_id, key) WHERE key IS NOT NULL');

  const byKey = db.prepare<[string, string], { id: number }>('SELECT id FROM web_inbox WHERE client_id = ? AND key = ?');
  const insert = db.prepare('INSERT INTO web_inbox (client_id, message, key) VALUES (?, ?, ?)');
  // A keyed entry is inserted unless its key is stored already (then nothing is returned).
  const insertKeyed = db.prepare<[string, string, string], { id: number }>(
    'INSERT INTO web_inbox (client_id, message, key) VALUES (?, ?, ?) ON CONFLICT (client_id, key) WHERE key IS NOT NULL DO NOTHING RETURNING id',
  );
  const trim = db.prepare(
    `DELETE FROM web_inbox WHERE client_id = ? AND id <= (SELECT id FROM web_inbox WHERE client_id = ? ORDER BY id DESC LIMIT 1 OFFSET ${WEB_INBOX_KEEP})`,
  );
  const after = db.prepare<[string, number], { id: number; message: string }>('SELECT id, message FROM web_inbox WHERE client_id = ? AND id > ? ORDER BY id LIMIT 100');
  const latest = db.prepare<[string, number], { id: number; message: string }>('SELECT id, message FROM web_inbox WHERE client_id = ? ORDER BY id DESC LIMIT ?');
  const clear = db.prepare('DELETE FROM web_inbox WHERE client_id = ?');

  const store = (clientId: string, message: string, key: string | null): number => {
    if (key === null) return Number(insert.run(clientId, message, null).lastInsertRowid);
    return insertKeyed.get(clientId, message, key)?.id ?? byKey.get(clientId, key)!.id;
  };
  const push = db.transaction((clientId: string, message: string, key: string | null): number => {
    const id = store(clientId, message, key);
    trim.run(clientId, clientId);
    return id;
  });
  // A turn's message and replies are stored together and trimmed once.
  const pushMany = db.transaction((clientId: string, entries: Array<{ message: unknown; key?: string }>): number[] => {
    const ids = entries.map((e) => store(clientId, JSON.stringify(e.message), e.key ?? null));
    trim.run(clientId, clientId);
    return ids;
  });
  const parse = (r: { id: number; message: string }) => ({ id: r.id, message: JSON.parse(r.message) as unknown });

  return {
    async push(clientId, message, key) {
      return push(clientId, JSON.stringify(message), key ?? null);
    },
    async pushMany(clientId, entries) {
      return pushMany(clientId, entries);
    },
    async since(clientId, afterId) {
      return after.all(clientId, afterId).map(parse);
    },
    async recent(clientId, limit) {
      return latest.all(clientId, Math.max(0, Math.floor(limit))).reverse().map(parse);
    },
    async clear(clientId) {
      clear.run(clientId);
    },
  };
}
