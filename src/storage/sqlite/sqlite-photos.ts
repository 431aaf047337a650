import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { MAX_PHOTO_BYTES, type PhotoStore, type PhotoType } from '../ports.js';

/** A photo id as `save` makes them (also the file name): anything else is not looked up. */
const PHOTO_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Photos for the embedded deployment. With a directory (`DATA_DIR/photos`), the bytes are files
 * named by the id and the table keeps the type; without one (an in-memory database in tests) the
 * bytes stay in the table. Files are written under a temporary name and renamed, so a crash never
 * leaves half a photo under its id.
 */
export function sqlitePhotos(db: Database.Database, dir?: string): PhotoStore {
  db.exec(`CREATE TABLE IF NOT EXISTS photos (
             id TEXT PRIMARY KEY,
             type TEXT NOT NULL,
             size INTEGER NOT NULL,
             created_at INTEGER NOT NULL,
             data BLOB
           )`);
  if (dir) mkdirSync(dir, { recursive: true });
  const insert = db.prepare('INSERT INTO photos (id, type, size, created_at, data) VALUES (?, ?, ?, ?, ?)');
  const select = db.prepare<[string], { type: PhotoType; data: Buffer | null }>('SELECT type, data FROM photos WHERE id = ?');
  const erase = db.prepare('DELETE FROM photos WHERE id = ?');
  return {
    async save(data, type) {
      if (data.length > MAX_PHOTO_BYTES) throw new Error(`photo larger than ${MAX_PHOTO_BYTES} bytes`);
      const id = randomUUID();
      if (dir) {
        const temporary = join(dir, `${id}.part`);
        writeFileSync(temporary, data);
        renameSync(temporary, join(dir, id));
      }
      insert.run(id, type, data.length, Date.now(), dir ? null : data);
      return id;
    },
    async load(id) {
      if (!PHOTO_ID.test(id)) return undefined;
      const row = select.get(id);
      if (!row) return undefined;
      if (row.data) return { data: row.data, type: row.type };
      if (!dir) return undefined;
      try {
        return { data: readFileSync(join(dir, id)), type: row.type };
      } catch {
        return undefined; // the file was removed by hand
      }
    },
    async remove(id) {
      if (!PHOTO_ID.test(id)) return;
      erase.run(id);
      if (dir) rmSync(join(dir, id), { force: true });
    },
  };
}
