import type Database from 'better-sqlite3';
import { emptyCounts, type Announcement, type AnnouncementStore } from './announcement.js';

/** Announcements in the embedded database: the announcement as JSON, one row per recipient with its outcome. */
export function sqliteAnnouncements(db: Database.Database): AnnouncementStore {
  db.exec(`
    CREATE TABLE IF NOT EXISTS announcements (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      body TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS announcement_recipients (
      announcement_id INTEGER NOT NULL,
      member_id TEXT NOT NULL,
      outcome TEXT NOT NULL DEFAULT 'queued',
      PRIMARY KEY (announcement_id, member_id)
    );
  `);
  const insert = db.prepare<[string], unknown>('INSERT INTO announcements (body) VALUES (?)');
  const select = db.prepare<[number], { id: number; body: string }>('SELECT id, body FROM announcements WHERE id = ?');
  const newest = db.prepare<[number], { id: number; body: string }>('SELECT id, body FROM announcements ORDER BY id DESC LIMIT ?');
  const update = db.prepare('UPDATE announcements SET body = ? WHERE id = ?');
  const addRecipient = db.prepare('INSERT OR IGNORE INTO announcement_recipients (announcement_id, member_id) VALUES (?, ?)');
  const queued = db.prepare<[number], { member_id: string }>("SELECT member_id FROM announcement_recipients WHERE announcement_id = ? AND outcome = 'queued' ORDER BY member_id");
  const setOutcome = db.prepare("UPDATE announcement_recipients SET outcome = ? WHERE announcement_id = ? AND member_id = ? AND outcome = 'queued'");
  const count = db.prepare<[number], { outcome: keyof ReturnType<typeof emptyCounts>; n: number }>('SELECT outcome, COUNT(*) AS n FROM announcement_recipients WHERE announcement_id = ? GROUP BY outcome');
  const read = (row: { id: number; body: string } | undefined): Announcement | undefined => (row ? { ...(JSON.parse(row.body) as Omit<Announcement, 'id'>), id: String(row.id) } : undefined);
  const body = ({ id: _id, ...rest }: Announcement) => JSON.stringify(rest);
  const transition = db.transaction((id: string, from: readonly string[], to: Announcement['status'], changes: Partial<Announcement>) => {
    const current = read(select.get(Number(id)));
    if (!current || !from.includes(current.status)) return undefined;
    const next = { ...current, ...changes, status: to };
    update.run(body(next), Number(id));
    return next;
  });
  const addAll = db.transaction((id: number, members: readonly string[]) => {
    for (const m of members) addRecipient.run(id, m);
  });
  return {
    async create(a) {
      const id = String(insert.run(JSON.stringify(a)).lastInsertRowid);
      return { ...a, id };
    },
    async get(id) {
      return read(select.get(Number(id)));
    },
    async list(limit) {
      return newest.all(limit).map((r) => read(r)!);
    },
    async transition(id, from, to, changes = {}) {
      return transition(id, from, to, changes);
    },
    async addRecipients(id, members) {
      addAll(Number(id), members);
    },
    async queuedRecipients(id) {
      return queued.all(Number(id)).map((r) => r.member_id);
    },
    async recordOutcome(id, memberId, outcome) {
      setOutcome.run(outcome, Number(id), memberId);
    },
    async counts(id) {
      const counts = emptyCounts();
      for (const row of count.all(Number(id))) counts[row.outcome] = row.n;
      return counts;
    },
  };
}
