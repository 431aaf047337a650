import { describe, expect, it } from 'vitest';
import type { consoleClient } from './console-client.js';
import { useConsoleApp } from './console-app.js';
import { formFields, problemAt } from './knowledge-page-form.js';

type Browser = ReturnType<typeof consoleClient>;

describe.each(['sqlite', 'redis'] as const)('the knowledge editor in the staff console, on %s', (store) => {
  const ctx = useConsoleApp(store, [['ha', 'Lê Thu Hà', 'admin'], ['mai', 'Trần Thị Mai', 'editor'], ['tuan', 'Phạm Văn Tuấn', 'editor'], ['lan', 'Nguyễn Thị Lan', 'staff']]);
  /** Opens the entry's edit form and posts it with these fields changed. */
  const saveEdit = async (browser: Browser, id: string, change: Record<string, string>) => {
    const page = await browser.get(`/staff/knowledge/${id}/edit`);
    expect(page.status).toBe(200);
    return browser.post(`/staff/knowledge/${id}/edit`, { ...formFields(page.text, `/staff/knowledge/${id}/edit`), ...change });
  };
  const latestRev = async (id: string) => (await ctx.app.storage.content.document('entry', id))!.latestRev;

  it('lets an editor save a draft that shows in the history, and a second editor (not the author) publish it so members get the new answer', async () => {
    const mai = await ctx.as('mai');
    const before = await latestRev('credit-overview');
    const saved = await saveEdit(mai, 'credit-overview', {
      'answer.vi': 'Có 6 nguồn vốn chính cho HTX (bản sửa thử).\nChi tiết từng nguồn xem các mục bên dưới.',
      note: 'Thêm nguồn thứ 6',
    });
    expect(saved.status).toBe(303);
    const draft = before + 1;
    expect(saved.location).toBe(`/staff/knowledge/credit-overview?done=saved&saved=${draft}&rev=${draft}`);

    const page = await mai.get(saved.location!);
    expect(page.text).toContain(`Đã lưu bản nháp ${draft}`);
    expect(page.text).toContain('Có 6 nguồn vốn chính cho HTX (bản sửa thử).');
    const row = new RegExp(`<tr>\\s*<td data-label="Bản"><a class="kb-rev-link" href="/staff/knowledge/credit-overview\\?rev=${draft}">${draft}</a>[\\s\\S]*?</tr>`).exec(page.text)?.[0];
    expect(row).toContain('>Trần Thị Mai (mai)<');
    expect(row).toContain('Thêm nguồn thứ 6');
    expect(page.text).toContain(`Bản nháp mới hơn: ${draft}`);
    // The author sees why there is no publish button, and is refused if they post anyway.
    expect(page.text).toContain(`Bạn là người viết bản nháp ${draft}`);
    expect(page.text).not.toContain(`Xuất bản bản nháp ${draft}`);
    expect(await ctx.memberReads('credit-overview')).not.toContain('Có 6 nguồn vốn');
    const own = await mai.post('/staff/knowledge/credit-overview/publish', { rev: String(draft) });
    expect(own.status).toBe(403);
    expect(own.text).toContain('Bạn không thể tự xuất bản bản nháp của mình');
    expect((await ctx.app.storage.content.document('entry', 'credit-overview'))!.publishedRev).toBe(before);

    const tuan = await ctx.as('tuan');
    const review = await tuan.get('/staff/knowledge/credit-overview');
    expect(review.text).toContain(`Xuất bản bản nháp ${draft}`);
    const published = await tuan.post('/staff/knowledge/credit-overview/publish', { rev: String(draft) });
    expect(published.status).toBe(303);
    const after = await tuan.get(published.location!);
    expect(after.text).toContain(`Trợ lý đang trả lời bằng bản ${draft}.`);
    expect(after.text).toMatch(new RegExp(`rev=${draft}">${draft}</a> <span class="badge kb-published">đang dùng</span>`));
    expect(after.text).toMatch(/Phạm Văn Tuấn|tuan, \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    expect(await ctx.memberReads('credit-overview')).toContain('Có 6 nguồn vốn chính cho HTX (bản sửa thử).');
  });

  it('refuses a source without a document number at that source’s number field, keeps what was typed, and stores nothing', async () => {
    const mai = await ctx.as('mai');
    const before = await latestRev('credit-fund-who-can-borrow');
    const refused = await saveEdit(mai, 'credit-fund-who-can-borrow', {
      'sources.1.number': '',
      'sources.1.title': 'Nghị định mới gõ dở',
      'answer.vi': 'Câu trả lời đang gõ dở, chưa lưu',
    });
    expect(refused.status).toBe(400);
    expect(problemAt(refused.text, 'kf-sources-1-number')).toBe('Cần số hiệu văn bản như in trên văn bản, ví dụ 45/2021/NĐ-CP.');
    expect(problemAt(refused.text, 'kf-sources-0-number')).toBeUndefined();
    // The summary at the top links to the field.
    const summary = /<div class="error-summary card" role="alert"[\s\S]*?<\/div>/.exec(refused.text)?.[0];
    expect(summary).toContain('<a href="#kf-sources-1-number">Văn bản 2 — Số hiệu</a>: Cần số hiệu văn bản');
    const kept = formFields(refused.text, '/staff/knowledge/credit-fund-who-can-borrow/edit');
    expect(kept['sources.1.title']).toBe('Nghị định mới gõ dở');
    expect(kept['answer.vi']).toBe('Câu trả lời đang gõ dở, chưa lưu');
    expect(kept['basedOn']).toBe(String(before));
    expect(await latestRev('credit-fund-who-can-borrow')).toBe(before);
  });

  it('gives a staff account 403 with a plain sentence on every knowledge page and action, and no menu link', async () => {
    const lan = await ctx.as('lan');
    const home = await lan.get('/staff');
    expect(home.text).not.toContain('href="/staff/knowledge"');
    const sentence = 'Trang này chỉ dành cho biên tập viên và quản trị viên.';
    for (const path of ['/staff/knowledge', '/staff/knowledge/new', '/staff/knowledge/credit-overview', '/staff/knowledge/credit-overview/edit', '/staff/knowledge/credit-overview?a=1&b=2']) {
      const page = await lan.get(path);
      expect([path, page.status]).toEqual([path, 403]);
      expect(page.text).toBe(sentence);
    }
    const rev = String(await latestRev('credit-overview'));
    for (const path of ['/staff/knowledge/credit-overview/publish', '/staff/knowledge/credit-overview/rollback', '/staff/knowledge/credit-overview/retire', '/staff/knowledge/credit-overview/edit', '/staff/knowledge/new', '/staff/knowledge/preview']) {
      const post = await lan.post(path, { rev, id: 'credit-overview', 'answer.vi': 'x' });
      expect([path, post.status]).toEqual([path, 403]);
      expect(post.text).toBe(sentence);
    }
    expect(await latestRev('credit-overview')).toBe(Number(rev));
    expect((await ctx.app.storage.content.document('entry', 'credit-overview'))!.retired).toBe(false);
  });

  it('lets an admin publish a draft, roll back to an older revision as a new published one, and see what changed between two', async () => {
    const mai = await ctx.as('mai');
    const ha = await ctx.as('ha');
    const id = 'credit-people-credit-fund';
    const original = (await ctx.app.storage.content.revision('entry', id, await latestRev(id)))!.body as { answer: { vi: string } };
    const oldFirstLine = original.answer.vi.split('\n')[0]!;
    const saved = await saveEdit(mai, id, { 'answer.vi': `Quỹ tín dụng nhân dân cho thành viên vay (đã sửa).\n${original.answer.vi.split('\n').slice(1).join('\n')}` });
    expect(saved.status).toBe(303);
    const draft = await latestRev(id);

    // The admin may publish anyone's draft, their own too.
    expect((await ha.get(`/staff/knowledge/${id}`)).text).toContain(`Xuất bản bản nháp ${draft}`);
    const published = await ha.post(`/staff/knowledge/${id}/publish`, { rev: String(draft) });
    expect(published.status).toBe(303);
    const page = await ha.get(published.location!);
    expect(page.text).toContain(`Trợ lý đang trả lời bằng bản ${draft}.`);
    expect(page.text).toContain('Quỹ tín dụng nhân dân cho thành viên vay (đã sửa).');
    expect(await ctx.memberReads(id)).toContain('Quỹ tín dụng nhân dân cho thành viên vay (đã sửa).');

    // What changed: the old first line removed, the new one added.
    const diff = await ha.get(`/staff/knowledge/${id}?a=${draft - 1}&b=${draft}`);
    expect(diff.text).toContain(`Thay đổi từ bản ${draft - 1} đến bản ${draft}`);
    expect(diff.text).toMatch(/<span class="kb-diff-added"><span class="visually-hidden">thêm: <\/span>\+[^<]*Quỹ tín dụng nhân dân cho thành viên vay \(đã sửa\)\./);
    expect(diff.text).toContain(`<span class="kb-diff-removed"><span class="visually-hidden">bỏ: </span>-`);
    expect(diff.text).not.toMatch(/style=/);

    // Roll back: a new revision with the old text, published at once.
    const rolled = await ha.post(`/staff/knowledge/${id}/rollback`, { rev: String(draft - 1), confirmed: '1' });
    expect(rolled.status).toBe(303);
    const back = await ha.get(rolled.location!);
    expect(back.text).toContain(`Đã khôi phục thành bản ${draft + 1} và xuất bản.`);
    expect(back.text).toContain(`Trợ lý đang trả lời bằng bản ${draft + 1}.`);
    expect(back.text).toContain(`khôi phục bản ${draft - 1}`);
    expect(await ctx.memberReads(id)).toContain(oldFirstLine);
    expect(await ctx.memberReads(id)).not.toContain('(đã sửa)');
    expect((await ctx.app.storage.content.revisions('entry', id)).map((r) => r.rev)).toEqual(Array.from({ length: draft + 1 }, (_, i) => i + 1));
  });

  it('lists every entry with its topic, review day, votes and state, overdue ones first, filtered by topic and words', async () => {
    const mai = await ctx.as('mai');
    const ha = await ctx.as('ha');
    // An entry last reviewed long ago comes first, marked.
    const saved = await saveEdit(mai, 'tax-coop-incentives-overview', { reviewed: '2020-01-15' });
    expect(saved.status).toBe(303);
    expect((await ha.post('/staff/knowledge/tax-coop-incentives-overview/publish', { rev: String(await latestRev('tax-coop-incentives-overview')) })).status).toBe(303);
    await ctx.app.storage.insights.recordFeedback('tax-coop-incentives-overview', false, 'thue htx bao nhieu', 'web:a');
    await ctx.app.storage.insights.recordFeedback('tax-coop-incentives-overview', true, 'thue htx', 'web:b');
    await ctx.app.storage.insights.recordFeedback('tax-coop-incentives-overview', false, 'thue thu nhap htx', 'web:c');

    const list = await mai.get('/staff/knowledge');
    expect(list.status).toBe(200);
    expect(list.text).toContain('href="/staff/knowledge" aria-current="page"');
    const rows = [...list.text.matchAll(/<tr class="[^"]*">([\s\S]*?)<\/tr>/g)].map((m) => m[1]!);
    expect(rows.length).toBe((await ctx.app.storage.content.documents('entry')).length);
    expect(rows[0]).toContain('href="/staff/knowledge/tax-coop-incentives-overview"');
    expect(rows[0]).toContain('15/1/2020');
    expect(rows[0]).toContain('Quá hạn rà soát');
    expect(rows[0]).toContain('👍 1');
    expect(rows[0]).toContain('👎 2');
    expect(rows[0]).toMatch(/data-label="Câu hỏi gần đây dẫn tới">2</);
    expect(rows[0]).toContain('Thuế');
    const pending = rows.find((r) => r.includes('/staff/knowledge/credit-fund-who-can-borrow"'));
    expect(pending).toContain('Đang dùng (bản');

    const credit = await mai.get('/staff/knowledge?topic=credit');
    const creditRows = [...credit.text.matchAll(/<tr class="[^"]*">([\s\S]*?)<\/tr>/g)].map((m) => m[1]!);
    expect(creditRows.length).toBeGreaterThan(1);
    for (const r of creditRows) expect(r).toMatch(/href="\/staff\/knowledge\/credit-/);
    const searched = await mai.get(`/staff/knowledge?q=${encodeURIComponent('quy tin dung nhan dan')}`);
    expect(searched.text).toContain('href="/staff/knowledge/credit-people-credit-fund"');
    expect(searched.text).not.toContain('href="/staff/knowledge/tax-coop-incentives-overview"');
  });
});
