import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntryBody } from '../../src/content/content-kinds.js';
import { validateKnowledge } from '../../src/knowledge/load-knowledge.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { expectOneLineError, removeTempDirs, runCli, tempDir } from '../cli/cli-process.js';
import { realFlowsDir } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/start-test-app.js';

const ID = 'credit-fund-conditions';

describe('npm run content:export', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({}, { keepData: true });
  });
  afterAll(async () => {
    await app?.close();
    removeTempDirs();
  });

  it('writes the published set as files in the flows/ format that content:check accepts, staff edits included', async () => {
    const current = (await app.content.store.revision('entry', ID, 1))!.body as EntryBody;
    const saved = await app.content.saveDraft({ login: 'lan', role: 'editor' }, 'entry', ID, { ...current, answer: { vi: 'Quỹ cho vay khi có phương án khả thi.\nDòng thứ hai.', en: 'The fund lends on a feasible plan.' } }, 1);
    expect(saved.ok).toBe(true);
    await app.content.publish({ login: 'an', role: 'admin' }, 'entry', ID, 2);
    const shipped = loadKnowledge(join(realFlowsDir, 'knowledge'));
    const unlinked = shipped.find((e) => e.id !== ID && !shipped.some((o) => o.related.includes(e.id) || o.supersededBy === e.id))!.id;
    expect(await app.content.retire({ login: 'an', role: 'admin' }, 'entry', unlinked)).toEqual({ ok: true });

    const out = tempDir('htx-export-');
    const run = await runCli('content-export', ['--out', out], { env: { DATA_DIR: app.dataDir } });
    expect(run.status).toBe(0);
    expect(run.stdout.toString()).toContain('entries exported');

    const { entries, problems } = validateKnowledge(join(out, 'knowledge'));
    expect(problems).toEqual([]);
    expect(entries).toHaveLength(shipped.length - 1);
    expect(entries.find((e) => e.id === ID)!.answer.vi).toBe('Quỹ cho vay khi có phương án khả thi.\nDòng thứ hai.');
    expect(entries.some((e) => e.id === unlinked)).toBe(false);
    // Every other entry comes back exactly as shipped (only the file name differs: the export's folder).
    for (const e of entries.filter((x) => x.id !== ID)) {
      const { file: _a, ...exported } = e;
      const { file: _b, ...original } = shipped.find((s) => s.id === e.id)!;
      expect(exported).toEqual(original);
    }
    expect(readFileSync(join(out, 'knowledge', 'credit.yaml'), 'utf8')).toMatch(/reviewed: "\d{4}-\d{2}-\d{2}"/);

    const check = await runCli('content-check', [join(out, 'knowledge')]);
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
    // The same check straight on the storage.
    const stored = await runCli('content-check', ['--store'], { env: { DATA_DIR: app.dataDir } });
    expect(stored.status).toBe(0);
    expect(stored.stdout.toString()).toMatch(new RegExp(`total\\s+${shipped.length - 1}\\b`));
  });

  it('refuses a command line without --out FOLDER, in one line', async () => {
    const run = await runCli('content-export', ['somewhere'], { env: { DATA_DIR: app.dataDir } });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('usage: npm run content:export -- --out FOLDER');
  });

  it('refuses a DATA_DIR that holds no database', async () => {
    const empty = tempDir('htx-empty-');
    expectOneLineError(await runCli('content-export', ['--out', tempDir('htx-out-')], { env: { DATA_DIR: empty } }), 1, /^No database in DATA_DIR .*start the bot once on it first/);
  });
});
