import type Database from 'better-sqlite3';
import type { Conference } from '../../conversation/forms/form-definition.js';
import type { ConferenceStore } from './conference-store.js';

interface Row {
  id: string;
  name_vi: string;
  name_en: string;
  date: string;
  place_vi: string;
  place_en: string;
  deadline: string;
}

const fromRow = (r: Row): Conference => ({
  id: r.id,
  name: { vi: r.name_vi, en: r.name_en },
  date: r.date,
  place: { vi: r.place_vi, en: r.place_en },
  deadline: r.deadline,
});

const toRow = (c: Conference): Row => ({
  id: c.id,
  name_vi: c.name.vi,
  name_en: c.name.en,
  date: c.date,
  place_vi: c.place.vi,
  place_en: c.place.en,
  deadline: c.deadline,
});

/** Conferences in the embedded database: one row each, a column per field. */
export function sqliteConferences(db: Database.Database): ConferenceStore {
  db.exec(`CREATE TABLE IF NOT EXISTS conferences (
             id TEXT PRIMARY KEY,
             name_vi TEXT NOT NULL,
             name_en TEXT NOT NULL,
             date TEXT NOT NULL,
             place_vi TEXT NOT NULL,
             place_en TEXT NOT NULL,
             deadline TEXT NOT NULL
           )`);
  const all = db.prepare<[], Row>('SELECT * FROM conferences ORDER BY date, id');
  const one = db.prepare<[string], Row>('SELECT * FROM conferences WHERE id = ?');
  const insert = db.prepare<[Row]>(
    `INSERT OR IGNORE INTO conferences (id, name_vi, name_en, date, place_vi, place_en, deadline)
     VALUES (@id, @name_vi, @name_en, @date, @place_vi, @place_en, @deadline)`,
  );
  const update = db.prepare<[Row]>(
    `UPDATE conferences SET name_vi = @name_vi, name_en = @name_en, date = @date, place_vi = @place_vi, place_en = @place_en, deadline = @deadline
     WHERE id = @id`,
  );
  return {
    async list() {
      return all.all().map(fromRow);
    },
    async get(id) {
      const row = one.get(id);
      return row && fromRow(row);
    },
    async add(conference) {
      return insert.run(toRow(conference)).changes === 1;
    },
    async replace(conference) {
      return update.run(toRow(conference)).changes === 1;
    },
  };
}
