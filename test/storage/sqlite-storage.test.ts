import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import { storageContract } from '../contracts/storage.contract.js';

const dir = mkdtempSync(join(tmpdir(), 'htx-sqlite-'));
storageContract('SQLite', async () => openSqliteStorage(dir), async () => rmSync(dir, { recursive: true, force: true }));

describe('SQLite storage on disk', () => {
  it('keeps sessions across a restart', async () => {
    const d = mkdtempSync(join(tmpdir(), 'htx-sqlite-restart-'));
    const first = openSqliteStorage(d);
    await first.sessions.save('web:restart', { v: 1, locale: 'en', choices: [] });
    await first.close();
    const second = openSqliteStorage(d);
    expect(await second.sessions.load('web:restart')).toEqual({ v: 1, locale: 'en', choices: [] });
    await second.close();
    rmSync(d, { recursive: true, force: true });
  });
});
