import type Database from 'better-sqlite3';
import type { WebInbox } from '../ports.js';

/** Web chat messages waiting to be fetched, in SQLite. */
export function sqliteWebInbox(db: Database.Database): WebInbox {
  db.exec(`CREATE TABLE IF NOT EXISTS web_inbox (id INTEGER PRIMARY KEY AUTOINCREMENT, client_id TEXT NOT NULL, message TEXT NOT NULL);
           CREATE INDEX IF NOT EXISTS web_inbox_client ON web_inbox (client_id, id);`);
  const insert = db.prepare('INSERT INTO web_inbox (client_id, message) VALUES (?, ?)');
  const after = db.prepare<[string, number], { id: number; message: string }>('SELECT id, message FROM web_inbox WHERE client_id = ? AND id > ? ORDER BY id LIMIT 100');
  const clear = db.prepare('DELETE FROM web_inbox WHERE client_id = ?');
  return {
    async push(clientId, message) {
      return Number(insert.run(clientId, JSON.stringify(message)).lastInsertRowid);
    },
    async since(clientId, afterId) {
      return after.all(clientId, afterId).map((r) => ({ id: r.id, message: JSON.parse(r.message) as unknown }));
    },
    async clear(clientId) {
      clear.run(clientId);
    },
  };
}
