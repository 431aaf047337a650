import type Database from 'better-sqlite3';
import { fold } from '../../knowledge/normalize.js';
import type { InsightStore } from '../ports.js';

/** Kept unanswered questions; older ones are deleted (a flood of new members cannot grow the table without end). */
const MAX_KEPT = 10_000;

/** Votes and unanswered questions in SQLite: one vote per member and entry, one row per member and question. */
export function sqliteInsights(db: Database.Database): InsightStore {
  db.exec(`
    CREATE TABLE IF NOT EXISTS feedback (
      id INTEGER PRIMARY KEY,
      entry_id TEXT NOT NULL,
      helpful INTEGER NOT NULL,
      question TEXT,
      at TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS feedback_entry ON feedback (entry_id);
    CREATE TABLE IF NOT EXISTS unanswered (
      id INTEGER PRIMARY KEY,
      question TEXT NOT NULL,
      outcome TEXT NOT NULL,
      topic TEXT,
      at TEXT NOT NULL
    );
  `);
  // Votes and questions of a member, by pseudonym (added to tables that may predate it).
  for (const table of ['feedback', 'unanswered']) {
    const columns = db.prepare<[], { name: string }>(`PRAGMA table_info(${table})`).all();
    if (!columns.some((c) => c.name === 'voter')) db.exec(`ALTER TABLE ${table} ADD COLUMN voter TEXT`);
  }
  if (!db.prepare<[], { name: string }>('PRAGMA table_info(unanswered)').all().some((c) => c.name === 'folded')) db.exec('ALTER TABLE unanswered ADD COLUMN folded TEXT');
  db.exec(`
    CREATE UNIQUE INDEX IF NOT EXISTS feedback_voter ON feedback (entry_id, voter);
    CREATE UNIQUE INDEX IF NOT EXISTS unanswered_voter ON unanswered (voter, folded);
    CREATE INDEX IF NOT EXISTS feedback_at ON feedback (at);
  `);
  const vote = db.prepare(
    `INSERT INTO feedback (entry_id, helpful, question, at, voter) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(entry_id, voter) DO UPDATE SET helpful = excluded.helpful, question = excluded.question, at = excluded.at`,
  );
  const insertUnanswered = db.prepare('INSERT OR IGNORE INTO unanswered (question, outcome, topic, at, voter, folded) VALUES (?, ?, ?, ?, ?, ?)');
  const trimUnanswered = db.prepare('DELETE FROM unanswered WHERE id <= (SELECT MAX(id) FROM unanswered) - ?');
  const forgetVotes = db.prepare('DELETE FROM feedback WHERE voter = ?');
  const forgetQuestions = db.prepare('DELETE FROM unanswered WHERE voter = ?');
  const byEntry = db.prepare<[], { entryId: string; up: number; down: number }>(
    `SELECT entry_id AS entryId, SUM(helpful) AS up, SUM(1 - helpful) AS down
     FROM feedback GROUP BY entry_id ORDER BY down DESC, up ASC, entry_id`,
  );
  const recent = db.prepare<[number], { kind: 'down' | 'unsure' | 'none'; question: string; entryId: string | null; topic: string | null; at: string }>(
    `SELECT * FROM (
       SELECT 'down' AS kind, question, entry_id AS entryId, NULL AS topic, at, id FROM feedback WHERE helpful = 0 AND question IS NOT NULL
       UNION ALL
       SELECT outcome AS kind, question, NULL AS entryId, topic, at, id FROM unanswered
     ) ORDER BY at DESC, id DESC LIMIT ?`,
  );
  const votesSince = db.prepare<[string], { entryId: string; helpful: number; at: string }>('SELECT entry_id AS entryId, helpful, at FROM feedback WHERE at >= ? ORDER BY at, id');
  let inserts = 0;
  return {
    async recordFeedback(entryId, helpful, question, voter) {
      vote.run(entryId, helpful ? 1 : 0, question, new Date().toISOString(), voter);
    },
    async recordUnanswered(question, outcome, topic, voter) {
      insertUnanswered.run(question, outcome, topic, new Date().toISOString(), voter, fold(question));
      if (++inserts % 100 === 0) trimUnanswered.run(MAX_KEPT);
    },
    async forgetVoter(voter) {
      forgetVotes.run(voter);
      forgetQuestions.run(voter);
    },
    async feedbackByEntry() {
      return byEntry.all();
    },
    async recentQuestions(limit) {
      return recent.all(limit).map(({ kind, question, entryId, topic, at }) => ({ kind, question, entryId, topic, at }));
    },
    async votesSince(sinceIso) {
      return votesSince.all(sinceIso).map(({ entryId, helpful, at }) => ({ entryId, helpful: helpful === 1, at }));
    },
  };
}
