import Database from 'better-sqlite3';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { EntryBody } from '../../src/content/content-kinds.js';
import type { ContentStore } from '../../src/content/content-store.js';
import { seedContent } from '../../src/content/seed-content.js';
import { sqliteContentStore } from '../../src/content/sqlite-content-store.js';
import { loadFlows } from '../../src/flows/load-flows.js';
import type { Entry } from '../../src/knowledge/entry.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { fixtureFlowsDir, realFlowsDir } from '../support/fixtures.js';

const files = loadKnowledge(join(fixtureFlowsDir, 'knowledge'));
const flows = loadFlows(realFlowsDir);
const seedFrom = (store: ContentStore, entries: Entry[], at = '2026-11-01T00:00:00.000Z') => seedContent(store, { entries, organisation: flows.organisation, conferences: flows.conferences }, at);
const answerOf = async (store: ContentStore, id: string) => ((await store.published('entry')).find((r) => r.docId === id)?.body as EntryBody | undefined)?.answer.vi;

describe('the flows/ files seed the content store', () => {
  let store: ContentStore;
  const first = files[0]!;
  beforeEach(() => {
    store = sqliteContentStore(new Database(':memory:'));
  });

  it('publishes every entry, the organisation and the conferences on a new install, and nothing more at the next start', async () => {
    const report = await seedFrom(store, files);
    expect(report.added).toHaveLength(files.length + 1 + flows.conferences.length);
    expect((await store.published('entry')).map((r) => r.docId).sort()).toEqual(files.map((e) => e.id).sort());
    expect(await seedFrom(store, files)).toEqual({ added: [], updated: [], drafted: [], retired: [] });
    expect((await store.revisions('entry', first.id)).length).toBe(1);
  });

  it('publishes a release’s changed entry that staff never edited', async () => {
    await seedFrom(store, files);
    const changed = files.map((e) => (e.id === first.id ? { ...e, answer: { vi: 'Câu trả lời của bản phát hành mới.', en: 'The new release’s answer.' } } : e));
    expect((await seedFrom(store, changed)).updated).toEqual([`entry:${first.id}`]);
    expect(await answerOf(store, first.id)).toBe('Câu trả lời của bản phát hành mới.');
  });

  it('keeps the staff’s published edit and puts the release’s change beside it as a draft', async () => {
    await seedFrom(store, files);
    const staffBody = { ...(await store.revision('entry', first.id, 1))!.body as EntryBody, answer: { vi: 'Staff sửa.', en: 'Staff edit.' } };
    await store.append('entry', first.id, 1, { body: staffBody, author: 'lan', at: '2026-11-10T00:00:00.000Z', note: '', publish: true });
    const changed = files.map((e) => (e.id === first.id ? { ...e, answer: { vi: 'Bản phát hành mới.', en: 'New release.' } } : e));
    expect((await seedFrom(store, changed)).drafted).toEqual([`entry:${first.id}`]);
    expect(await answerOf(store, first.id)).toBe('Staff sửa.');
    expect((await store.document('entry', first.id))!).toMatchObject({ latestRev: 3, publishedRev: 2 });
    // The same files again: the draft is already there.
    expect((await seedFrom(store, changed)).drafted).toEqual([]);
  });

  it('retires an entry gone from the files when staff never edited it', async () => {
    await seedFrom(store, files);
    expect((await seedFrom(store, files.slice(1))).retired).toEqual([`entry:${first.id}`]);
    expect(await answerOf(store, first.id)).toBeUndefined();
    expect((await store.revisions('entry', first.id)).length).toBe(1);
  });

  it('adds each document once when two processes seed the same store at the same moment', async () => {
    await Promise.all([seedFrom(store, files), seedFrom(store, files)]);
    for (const e of files) expect((await store.revisions('entry', e.id)).length).toBe(1);
  });
});
