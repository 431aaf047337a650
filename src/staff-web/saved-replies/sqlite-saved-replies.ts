import type Database from 'better-sqlite3';
import { inTitleOrder, type SavedReply, type SavedReplyStore } from './saved-reply-store.js';

/** Saved replies in the embedded database, one row each. */
export function sqliteSavedReplies(db: Database.Database): SavedReplyStore {
  db.exec(`CREATE TABLE IF NOT EXISTS saved_replies (
             id TEXT PRIMARY KEY,
             title TEXT NOT NULL,
             text TEXT NOT NULL,
             updated_at TEXT NOT NULL
           )`);
  const columns = 'id, title, text, updated_at AS updatedAt';
  const all = db.prepare<[], SavedReply>(`SELECT ${columns} FROM saved_replies`);
  const one = db.prepare<[string], SavedReply>(`SELECT ${columns} FROM saved_replies WHERE id = ?`);
  const insert = db.prepare<[SavedReply]>('INSERT INTO saved_replies (id, title, text, updated_at) VALUES (@id, @title, @text, @updatedAt)');
  const update = db.prepare<[SavedReply]>('UPDATE saved_replies SET title = @title, text = @text, updated_at = @updatedAt WHERE id = @id');
  const remove = db.prepare<[string]>('DELETE FROM saved_replies WHERE id = ?');
  return {
    async list() {
      return inTitleOrder(all.all());
    },
    async get(id) {
      return one.get(id);
    },
    async add(reply) {
      insert.run(reply);
    },
    async replace(reply) {
      return update.run(reply).changes === 1;
    },
    async remove(id) {
      return remove.run(id).changes === 1;
    },
  };
}
