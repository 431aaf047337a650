import type Database from 'better-sqlite3';
import type { RateCounter } from '../ports.js';

/** Fixed-window counters in SQLite; windows that ended are swept now and then. */
export function sqliteCounters(db: Database.Database): RateCounter {
  db.exec('CREATE TABLE IF NOT EXISTS rate_counters (key TEXT PRIMARY KEY, window_end INTEGER NOT NULL, count INTEGER NOT NULL)');
  const hit = db.prepare<[{ key: string; end: number; now: number }], { count: number }>(
    `INSERT INTO rate_counters (key, window_end, count) VALUES (@key, @end, 1)
     ON CONFLICT(key) DO UPDATE SET
       count = CASE WHEN window_end <= @now THEN 1 ELSE count + 1 END,
       window_end = CASE WHEN window_end <= @now THEN excluded.window_end ELSE window_end END
     RETURNING count`,
  );
  const sweep = db.prepare('DELETE FROM rate_counters WHERE window_end <= ?');
  const read = db.prepare<[string, number], { count: number }>('SELECT count FROM rate_counters WHERE key = ? AND window_end > ?');
  let hits = 0;
  return {
    async hit(key, windowSeconds) {
      const now = Date.now();
      if (++hits % 1000 === 0) sweep.run(now);
      return hit.get({ key, end: now + windowSeconds * 1000, now })!.count;
    },
    async peek(key) {
      return read.get(key, Date.now())?.count ?? 0;
    },
  };
}
