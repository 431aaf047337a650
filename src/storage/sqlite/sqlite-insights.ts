import type Database from 'better-sqlite3';
import type { InsightStore } from '../ports.js';

/** Votes and unanswered questions in SQLite. */
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
  const insertFeedback = db.prepare('INSERT INTO feedback (entry_id, helpful, question, at) VALUES (?, ?, ?, ?)');
  const insertUnanswered = db.prepare('INSERT INTO unanswered (question, outcome, topic, at) VALUES (?, ?, ?, ?)');
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
  return {
    async recordFeedback(entryId, helpful, question) {
      insertFeedback.run(entryId, helpful ? 1 : 0, question, new Date().toISOString());
    },
    async recordUnanswered(question, outcome, topic) {
      insertUnanswered.run(question, outcome, topic, new Date().toISOString());
    },
    async feedbackByEntry() {
      return byEntry.all();
    },
    async recentQuestions(limit) {
      return recent.all(limit).map(({ kind, question, entryId, topic, at }) => ({ kind, question, entryId, topic, at }));
    },
  };
}
