import type Database from 'better-sqlite3';
import { isBulk, type DeliveryJob } from './delivery-job.js';

/**
 * The outbox table of the embedded delivery queue. Stores write their consequences into it in the
 * same transaction as the change that causes them (a staff reply and the message to the member),
 * so a crash leaves both or neither; the queue works the rows.
 */
export function ensureOutboxTable(db: Database.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS delivery_outbox (
      id INTEGER PRIMARY KEY,
      key TEXT NOT NULL UNIQUE,
      channel TEXT NOT NULL,
      parts TEXT NOT NULL,
      state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
      next_part INTEGER NOT NULL DEFAULT 0,
      attempts INTEGER NOT NULL DEFAULT 0,
      due_at INTEGER NOT NULL,
      finished_at INTEGER,
      last_error TEXT,
      priority INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE IF NOT EXISTS delivery_channel_pauses (
      channel TEXT PRIMARY KEY,
      until INTEGER NOT NULL
    );
  `);
  // Databases from before bulk deliveries (announcements) get the priority column: 0 interactive, 1 bulk.
  const columns = db.prepare<[], { name: string }>('PRAGMA table_info(delivery_outbox)').all();
  if (!columns.some((c) => c.name === 'priority')) db.exec('ALTER TABLE delivery_outbox ADD COLUMN priority INTEGER NOT NULL DEFAULT 0');
  // When each job was enqueued (the metrics' oldest pending age); rows from before it read their due time instead.
  if (!columns.some((c) => c.name === 'enqueued_at')) db.exec('ALTER TABLE delivery_outbox ADD COLUMN enqueued_at INTEGER');
  db.exec(`
    DROP INDEX IF EXISTS delivery_outbox_due;
    CREATE INDEX IF NOT EXISTS delivery_outbox_next ON delivery_outbox (state, priority, due_at);
  `);
}

/** A statement that stores a job unless its key is known; true when it was added. Usable inside a transaction. */
export function outboxWriter(db: Database.Database): (job: DeliveryJob) => boolean {
  ensureOutboxTable(db);
  const insert = db.prepare('INSERT OR IGNORE INTO delivery_outbox (key, channel, parts, due_at, priority, enqueued_at) VALUES (?, ?, ?, ?, ?, ?)');
  return (job, now = Date.now()) => insert.run(job.key, job.channel, JSON.stringify(job.parts), now, isBulk(job) ? 1 : 0, now).changes === 1;
}
