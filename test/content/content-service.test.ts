import Database from 'better-sqlite3';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { bodyFromEntry, type EntryBody } from '../../src/content/content-kinds.js';
import { ContentService, type Actor } from '../../src/content/content-service.js';
import type { ContentKind } from '../../src/content/content-store.js';
import { seedContent } from '../../src/content/seed-content.js';
import { sqliteContentStore } from '../../src/content/sqlite-content-store.js';
import { loadFlows } from '../../src/flows/load-flows.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { repoRoot } from '../support/fixtures.js';

const entries = loadKnowledge(join(repoRoot, 'flows', 'knowledge'));
const flows = loadFlows(join(repoRoot, 'flows'));
const lan: Actor = { login: 'lan', role: 'editor' };
const minh: Actor = { login: 'minh', role: 'editor' };
const an: Actor = { login: 'an', role: 'admin' };
const hoa: Actor = { login: 'hoa', role: 'staff' };
const ID = 'credit-fund-conditions';
/** An entry no other entry links to (one that may be retired). */
const UNLINKED = entries.find((e) => !entries.some((o) => o.related.includes(e.id) || o.supersededBy === e.id))!.id;

describe('editing content: drafts, review, publishing, history', () => {
  let service: ContentService;
  let published: ContentKind[];
  const original = () => bodyFromEntry(entries.find((e) => e.id === ID)!);
  const edited = (answer: string): EntryBody => ({ ...original(), answer: { vi: answer, en: 'The fund lends when …' } });

  beforeEach(async () => {
    const store = sqliteContentStore(new Database(':memory:'));
    await seedContent(store, { entries, organisation: flows.organisation, conferences: flows.conferences }, '2026-11-01T00:00:00.000Z');
    published = [];
    service = new ContentService(store, { now: () => new Date('2026-11-30T03:00:00Z'), onPublished: async (kind) => void published.push(kind) });
  });

  it('saves an editor’s draft beside the published text, which stays what members read until it is published', async () => {
    expect(await service.saveDraft(lan, 'entry', ID, edited('Quỹ cho vay khi có phương án khả thi.'), 1, 'sửa câu trả lời')).toEqual({ ok: true, rev: 2 });
    const history = (await service.history('entry', ID))!;
    expect(history.state).toMatchObject({ latestRev: 2, publishedRev: 1 });
    expect(history.revisions.map((r) => [r.rev, r.author, r.note])).toEqual([
      [1, 'files', 'from flows/ files'],
      [2, 'lan', 'sửa câu trả lời'],
    ]);
    expect(published).toEqual([]);
  });

  it('refuses a source without a document number at that field, saving nothing', async () => {
    const body = edited('x'.repeat(20));
    body.sources = [{ ...body.sources[0]!, number: '' }];
    const outcome = await service.saveDraft(lan, 'entry', ID, body, 1);
    expect(outcome).toMatchObject({ ok: false, reason: 'invalid', problems: { 'sources.0.number': expect.stringContaining('document number') } });
    expect((await service.history('entry', ID))!.revisions).toHaveLength(1);
  });

  it('refuses a day that is not on the calendar and a review date still to come, each at its field', async () => {
    const body = edited('Quỹ cho vay khi có phương án khả thi.');
    body.sources = [{ ...body.sources[0]!, issued: '2021-01-31', effective: '2021-02-30' }];
    expect(await service.saveDraft(lan, 'entry', ID, body, 1)).toMatchObject({ ok: false, problems: { 'sources.0.effective': 'a real calendar date' } });
    expect(await service.saveDraft(lan, 'entry', ID, { ...edited('x'.repeat(20)), reviewed: '2030-01-01' }, 1)).toMatchObject({ ok: false, problems: { reviewed: expect.stringContaining('today or earlier') } });
  });

  it('says every problem at once: the form’s and the links to other entries', async () => {
    const body = { ...edited(''), related: ['credit-nothing-here'] };
    const outcome = await service.saveDraft(lan, 'entry', ID, body, 1);
    expect(outcome).toMatchObject({ ok: false, reason: 'invalid', problems: { 'answer.vi': expect.any(String), related: expect.stringContaining('credit-nothing-here') } });
  });

  it('refuses to publish a draft when a newer one was saved since the reviewer’s page showed it', async () => {
    await service.saveDraft(lan, 'entry', ID, edited('Bản nháp thứ nhất.'), 1);
    await service.saveDraft(lan, 'entry', ID, edited('Bản nháp sửa lỗi nghiêm trọng.'), 2);
    expect(await service.publish(minh, 'entry', ID, 2, 2)).toEqual({ ok: false, reason: 'conflict' });
    expect((await service.history('entry', ID))!.state.publishedRev).toBe(1);
    expect(await service.publish(minh, 'entry', ID, 3, 3)).toEqual({ ok: true });
  });

  it('refuses a related entry that does not exist, at the related field', async () => {
    const outcome = await service.saveDraft(lan, 'entry', ID, { ...original(), related: ['credit-nothing-here'] }, 1);
    expect(outcome).toMatchObject({ ok: false, reason: 'invalid', problems: { related: expect.stringContaining('credit-nothing-here') } });
  });

  it('lets a second editor or an admin publish a draft, never its own author, never a staff account', async () => {
    const { rev } = (await service.saveDraft(lan, 'entry', ID, edited('Bản nháp của Lan.'), 1)) as { rev: number };
    expect(await service.publish(lan, 'entry', ID, rev)).toEqual({ ok: false, reason: 'own-draft' });
    expect(await service.publish(hoa, 'entry', ID, rev)).toEqual({ ok: false, reason: 'forbidden' });
    expect(await service.saveDraft(hoa, 'entry', ID, edited('Nhân viên sửa.'), 2)).toEqual({ ok: false, reason: 'forbidden' });
    expect(await service.publish(minh, 'entry', ID, rev)).toEqual({ ok: true });
    expect(published).toEqual(['entry']);
    const history = (await service.history('entry', ID))!;
    expect(history.state.publishedRev).toBe(2);
    expect(history.revisions[1]).toMatchObject({ author: 'lan', publishedBy: 'minh', publishedAt: '2026-11-30T03:00:00.000Z' });
  });

  it('refuses a draft saved over a revision someone else replaced meanwhile', async () => {
    await service.saveDraft(lan, 'entry', ID, edited('Lan sửa trước.'), 1);
    expect(await service.saveDraft(minh, 'entry', ID, edited('Minh sửa cùng lúc.'), 1)).toEqual({ ok: false, reason: 'conflict' });
  });

  it('rolls back as a new revision: published at once by an admin, a draft when an editor asks', async () => {
    await service.saveDraft(lan, 'entry', ID, edited('Câu trả lời mới.'), 1);
    await service.publish(an, 'entry', ID, 2);
    expect(await service.rollback(lan, 'entry', ID, 1)).toEqual({ ok: true, rev: 3, published: false });
    expect(await service.rollback(an, 'entry', ID, 1)).toEqual({ ok: true, rev: 4, published: true });
    const history = (await service.history('entry', ID))!;
    expect(history.state.publishedRev).toBe(4);
    expect((history.revisions[3]!.body as EntryBody).answer).toEqual(original().answer);
    expect(history.revisions[3]!.note).toBe('rollback to 1');
  });

  it('shows what changed between two revisions as a diff of the files’ YAML', async () => {
    await service.saveDraft(lan, 'entry', ID, edited('Câu trả lời mới.'), 1);
    const diff = (await service.diff('entry', ID, 1, 2))!;
    expect(diff).toContain('+  vi: Câu trả lời mới.');
    expect(diff.split('\n').some((line) => line.startsWith('-') && line.includes(original().answer.vi.split('\n')[0]!.slice(0, 30)))).toBe(true);
  });

  it('refuses to retire an entry other entries link to, naming them', async () => {
    const linking = entries.filter((e) => e.related.includes('credit-fund-loan-limits')).map((e) => e.id);
    expect(linking.length).toBeGreaterThan(0);
    expect(await service.retire(an, 'entry', 'credit-fund-loan-limits')).toEqual({ ok: false, reason: 'referenced', by: expect.arrayContaining(linking) });
  });

  it('retires an entry (admins only) and keeps its history; publishing a revision brings it back', async () => {
    expect(await service.retire(lan, 'entry', UNLINKED)).toEqual({ ok: false, reason: 'forbidden' });
    expect(await service.retire(an, 'entry', UNLINKED)).toEqual({ ok: true });
    expect((await service.store.published('entry')).some((r) => r.docId === UNLINKED)).toBe(false);
    expect((await service.history('entry', UNLINKED))!.revisions).toHaveLength(1);
    expect(await service.publish(an, 'entry', UNLINKED, 1)).toEqual({ ok: true });
    expect((await service.store.published('entry')).some((r) => r.docId === UNLINKED)).toBe(true);
  });

  it('lets only admins edit the organisation, with the same schema as the file', async () => {
    const org = { ...flows.organisation, phone: '0204 3854 123' };
    expect(await service.saveDraft(lan, 'organisation', 'organisation', org, 1)).toEqual({ ok: false, reason: 'forbidden' });
    expect(await service.saveDraft(an, 'organisation', 'organisation', { ...org, email: 'not an address' }, 1)).toMatchObject({ ok: false, reason: 'invalid', problems: { email: expect.any(String) } });
    expect(await service.saveDraft(an, 'organisation', 'organisation', org, 1)).toEqual({ ok: true, rev: 2 });
  });
});
