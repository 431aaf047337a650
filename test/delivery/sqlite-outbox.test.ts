import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_RETRY_POLICY, retryPolicy } from '../../src/delivery/backoff.js';
import { createSqliteOutbox } from '../../src/delivery/sqlite-outbox.js';
import { deliveryQueueContract } from './delivery-queue.contract.js';

deliveryQueueContract('SQLite outbox', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'htx-outbox-'));
  const dbs: Database.Database[] = [];
  return {
    // Each instance gets its own connection to the same file, as a restarted process would.
    create(options) {
      const db = new Database(join(dir, 'bot.db'));
      db.pragma('journal_mode = WAL');
      dbs.push(db);
      return createSqliteOutbox(db, options);
    },
    async close() {
      for (const db of dbs) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('backoff', () => {
  const policy = retryPolicy({ baseDelayMs: 100, maxDelayMs: 5000 });

  it('grows with each attempt and never exceeds maxDelayMs', () => {
    const low = (attempt: number) => backoffDelay(attempt, policy, () => 0);
    const high = (attempt: number) => backoffDelay(attempt, policy, () => 1);
    expect([1, 2, 3, 4].map(low)).toEqual([50, 100, 200, 400]);
    expect([1, 2, 3, 4].map(high)).toEqual([100, 200, 400, 800]);
    for (let attempt = 1; attempt <= 100; attempt++) {
      const delay = backoffDelay(attempt, policy);
      expect(delay).toBeGreaterThanOrEqual(Math.min(2500, 50 * 2 ** (attempt - 1)));
      expect(delay).toBeLessThanOrEqual(5000);
    }
  });

  it('defaults to 8 attempts from 500 ms to 60 s and rejects nonsense', () => {
    expect(DEFAULT_RETRY_POLICY).toEqual({ maxAttempts: 8, baseDelayMs: 500, maxDelayMs: 60_000 });
    expect(() => retryPolicy({ maxAttempts: 0 })).toThrow(RangeError);
    expect(() => retryPolicy({ baseDelayMs: 10, maxDelayMs: 5 })).toThrow(RangeError);
  });
});
