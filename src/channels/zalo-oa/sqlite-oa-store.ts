import { outboxWriter } from '../../delivery/sqlite-outbox-table.js';
import type { DeliveryJob } from '../../delivery/delivery-job.js';
import type Database from 'better-sqlite3';
import { batched, type GroupCommit } from '../../storage/sqlite/group-commit.js';
import { heldMessageSchema, oaTokensSchema, seededTokens, type HeldMessage, type OaTokens, type ZaloOaStore } from './oa-store.js';

/**
 * The OA's tokens, refresh lock and waiting messages in the embedded database. Each change is one
 * statement or one transaction, so a crash leaves the old pair or the new one, never half. With the
 * storage's group commit, writes are acknowledged once committed; reads do not wait for a commit
 * (the webhook path looks up waiting answers for every message).
 */
export function sqliteZaloOaStore(db: Database.Database, commits?: GroupCommit): ZaloOaStore {
  db.exec(`
    CREATE TABLE IF NOT EXISTS zalo_oa_tokens (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL, body TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS zalo_oa_lock (id INTEGER PRIMARY KEY CHECK (id = 1), owner TEXT NOT NULL, expires_at INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS zalo_oa_held (id TEXT PRIMARY KEY, member_id TEXT NOT NULL, job_key TEXT NOT NULL, body TEXT NOT NULL, held_at INTEGER NOT NULL, seq INTEGER NOT NULL);
    CREATE INDEX IF NOT EXISTS zalo_oa_held_member ON zalo_oa_held (member_id, seq);
    CREATE INDEX IF NOT EXISTS zalo_oa_held_job ON zalo_oa_held (job_key);
  `);
  if (!db.prepare<[], { name: string }>('PRAGMA table_info(zalo_oa_held)').all().some((c) => c.name === 'batch')) db.exec('ALTER TABLE zalo_oa_held ADD COLUMN batch TEXT');
  const selectTokens = db.prepare<[], { version: number; body: string }>('SELECT version, body FROM zalo_oa_tokens WHERE id = 1');
  const insertTokens = db.prepare('INSERT OR IGNORE INTO zalo_oa_tokens (id, version, body) VALUES (1, ?, ?)');
  const casTokens = db.prepare('UPDATE zalo_oa_tokens SET version = ?, body = ? WHERE id = 1 AND version = ?');
  const selectLock = db.prepare<[], { owner: string; expires_at: number }>('SELECT owner, expires_at FROM zalo_oa_lock WHERE id = 1');
  const upsertLock = db.prepare('INSERT INTO zalo_oa_lock (id, owner, expires_at) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at');
  const deleteLock = db.prepare('DELETE FROM zalo_oa_lock WHERE id = 1 AND owner = ?');
  const insertHeld = db.prepare('INSERT OR IGNORE INTO zalo_oa_held (id, member_id, job_key, body, held_at, seq) VALUES (?, ?, ?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM zalo_oa_held))');
  const selectHeld = db.prepare<[string], { body: string; batch: string | null }>('SELECT body, batch FROM zalo_oa_held WHERE member_id = ? ORDER BY seq');
  const assignHeld = db.prepare('UPDATE zalo_oa_held SET batch = ? WHERE member_id = ? AND batch IS NULL');
  const deleteHeld = db.prepare('DELETE FROM zalo_oa_held WHERE member_id = ? AND id = ?');
  const heldJob = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM zalo_oa_held WHERE job_key = ? LIMIT 1');

  const read = (): OaTokens | undefined => {
    const row = selectTokens.get();
    if (!row) return undefined;
    const parsed = oaTokensSchema.safeParse({ ...JSON.parse(row.body), version: row.version });
    return parsed.success ? parsed.data : undefined;
  };
  const write = (next: Omit<OaTokens, 'version'>, expected: number) => casTokens.run(expected + 1, JSON.stringify(next), expected).changes === 1;
  // IMMEDIATE: two processes on one file take the write lock before reading, so only one sees the lock free.
  const seed = db.transaction((refreshToken: string, now: number) => {
    const current = read();
    if (!current) insertTokens.run(1, JSON.stringify(seededTokens(refreshToken, now)));
    else if (current.seed !== refreshToken) write(seededTokens(refreshToken, now), current.version);
  });
  const lock = db.transaction((owner: string, ttlMs: number, now: number) => {
    const held = selectLock.get();
    if (held && held.owner !== owner && held.expires_at > now) return false;
    upsertLock.run(owner, now + ttlMs);
    return true;
  });
  const writeJob = outboxWriter(db);
  const release = db.transaction((memberId: string, ids: string[], job?: DeliveryJob) => {
    if (job) writeJob(job);
    for (const id of ids) deleteHeld.run(memberId, id);
  });
  const writes = {
    async seed(refreshToken: string, now: number) {
      seed.immediate(refreshToken, now);
    },
    async replaceTokens(next: Omit<OaTokens, 'version'>, expectedVersion: number) {
      return write(next, expectedVersion);
    },
    async lock(owner: string, ttlMs: number, now: number) {
      return lock.immediate(owner, ttlMs, now);
    },
    async unlock(owner: string) {
      deleteLock.run(owner);
    },
    async hold(m: HeldMessage) {
      insertHeld.run(m.id, m.memberId, m.jobKey, JSON.stringify(m), m.heldAt);
    },
    async release(memberId: string, ids: string[], job?: DeliveryJob) {
      release(memberId, ids, job);
    },
    async assign(memberId: string, batch: string) {
      assignHeld.run(batch, memberId);
    },
  } satisfies Partial<ZaloOaStore>;
  return {
    ...(commits ? batched(writes, commits) : writes),
    async tokens() {
      return read();
    },
    async held(memberId) {
      return selectHeld.all(memberId).map((r) => heldMessageSchema.parse({ ...JSON.parse(r.body), ...(r.batch ? { batch: r.batch } : {}) }) as HeldMessage);
    },
    async isHeld(jobKey) {
      return heldJob.get(jobKey) !== undefined;
    },
  };
}
