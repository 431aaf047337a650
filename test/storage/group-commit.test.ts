import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStorage, type SqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';

/** The staff CLI's view: a second connection to the same file, as another process has. */
function otherProcess(dir: string) {
  const db = new Database(join(dir, 'bot.db'), { readonly: true });
  return {
    session: (id: string) => db.prepare<[string], { value: string }>('SELECT value FROM sessions WHERE conversation_id = ?').get(id)?.value,
    close: () => db.close(),
  };
}

describe('SQLite writes of one moment share a commit, and nobody is told before it', () => {
  let storage: SqliteStorage | undefined;
  let dir = '';
  afterEach(async () => {
    await storage?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a saved session is on disk for another process when the save settles, and not before', async () => {
    dir = mkdtempSync(join(tmpdir(), 'htx-gc-'));
    storage = openSqliteStorage(dir);
    const reader = otherProcess(dir);
    // Many members' turns at once: each save is stored in the batch of this moment…
    const saves = Array.from({ length: 20 }, (_, i) => storage!.sessions.commit(`web:m${i}`, { step: i }));
    // …which another process does not see until it is committed…
    expect(reader.session('web:m0')).toBeUndefined();
    // …and this process already reads back (the same connection, inside the batch).
    expect((await storage.sessions.loadTurn('web:m7', undefined)).session).toEqual({ step: 7 });
    await Promise.all(saves);
    for (let i = 0; i < 20; i++) expect(JSON.parse(reader.session(`web:m${i}`)!)).toEqual({ step: i });
    reader.close();
  });
});
