import { describe, expect, it } from 'vitest';
import { vietnamDay } from '../../src/time/vietnam-time.js';
import type { consoleClient } from './console-client.js';
import { useConsoleApp } from './console-app.js';
import { formFields, problemAt } from './knowledge-page-form.js';

type Browser = ReturnType<typeof consoleClient>;
const EDIT = (id: string) => `/staff/knowledge/${id}/edit`;
const PAGE = (id: string) => `/staff/knowledge/${id}`;
/** The part of a page from an element with this class to the end of its section. */
const section = (html: string, cls: string) => {
  const start = html.indexOf(`class="card ${cls}`);
  return start === -1 ? '' : html.slice(start, html.indexOf('</section>', start));
};
/** The revisions the page's publish form sends: the one published and the newest the page showed. */
const publishForm = (html: string, id: string) => formFields(html, `${PAGE(id)}/publish`);

describe.each(['sqlite', 'redis'] as const)('reviewing and publishing knowledge entries safely, on %s', (store) => {
  const ctx = useConsoleApp(store, [['ha', 'Lê Thu Hà', 'admin'], ['mai', 'Trần Thị Mai', 'editor'], ['tuan', 'Phạm Văn Tuấn', 'editor']]);
  const state = async (id: string) => (await ctx.app.storage.content.document('entry', id))!;
  const saveEdit = async (browser: Browser, id: string, change: Record<string, string>) => {
    const form = formFields((await browser.get(EDIT(id))).text, EDIT(id));
    const saved = await browser.post(EDIT(id), { ...form, ...change });
    expect(saved.status).toBe(303);
    return saved;
  };

  it('shows a reviewer what a pending draft changes and its whole text above the publish button, and compares published → newest by default', async () => {
    const mai = await ctx.as('mai');
    const tuan = await ctx.as('tuan');
    const id = 'credit-overview';
    const published = (await state(id)).publishedRev!;
    await saveEdit(mai, id, { 'answer.en': 'Six main sources of funds for cooperatives (reviewed draft).', 'eligibility.vi': 'Điều kiện mới của bản nháp.' });
    const draft = (await state(id)).latestRev;

    const page = await tuan.get(PAGE(id));
    const pending = section(page.text, 'kb-pending-draft');
    expect(pending).toContain(`Bản nháp ${draft} chờ xuất bản: thay đổi so với bản đang dùng (${published})`);
    expect(pending).toMatch(/<span class="kb-diff-added"><span class="visually-hidden">thêm: <\/span>\+[^<]*Six main sources of funds for cooperatives \(reviewed draft\)\./);
    expect(pending).toContain('<span class="kb-diff-removed">');
    const text = section(page.text, 'kb-body kb-draft-body');
    expect(text).toContain(`Nội dung bản nháp ${draft}`);
    expect(text).toContain('Điều kiện mới của bản nháp.');
    // Read before the button: the changes and the text come first on the page.
    const button = page.text.indexOf(`Xuất bản bản nháp ${draft}`);
    expect(button).toBeGreaterThan(page.text.indexOf('Điều kiện mới của bản nháp.'));
    expect(page.text.indexOf('kb-pending-draft')).toBeLessThan(button);
    expect(page.text).toMatch(new RegExp(`<select id="kb-a" name="a">[\\s\\S]*?<option value="${published}" selected>`));
    expect(page.text).toMatch(new RegExp(`<select id="kb-b" name="b">[\\s\\S]*?<option value="${draft}" selected>`));
    expect(publishForm(page.text, id)).toMatchObject({ rev: String(draft), seenLatest: String(draft) });

    // Without a pending draft there is nothing to review.
    expect((await tuan.post(`${PAGE(id)}/publish`, publishForm(page.text, id))).status).toBe(303);
    expect((await tuan.get(PAGE(id))).text).not.toContain('kb-pending-draft');
  });

  it('refuses to publish a draft replaced after the reviewer’s page showed it, and shows what the newer one changes', async () => {
    const mai = await ctx.as('mai');
    const tuan = await ctx.as('tuan');
    const id = 'credit-fund-conditions';
    await saveEdit(mai, id, { 'answer.vi': 'Bản nháp người duyệt đã đọc.' });
    const seen = (await state(id)).latestRev;
    const reviewerPage = await tuan.get(PAGE(id));
    // Meanwhile Mai saves again: a line the reviewer never saw.
    await saveEdit(mai, id, { 'answer.vi': 'Bản nháp người duyệt đã đọc.\nDòng thêm sau khi bắt đầu xem.' });
    const newer = (await state(id)).latestRev;
    const publishedBefore = (await state(id)).publishedRev;

    const stale = await tuan.post(`${PAGE(id)}/publish`, publishForm(reviewerPage.text, id));
    expect(stale.status).toBe(409);
    const alert = /<div class="error kb-refusal" role="alert">([\s\S]*?)<\/div>/.exec(stale.text)?.[1] ?? '';
    expect(alert).toContain(`Chưa xuất bản: bạn mở trang khi bản mới nhất là bản ${seen}, sau đó có người đã lưu bản ${newer}.`);
    expect(alert).toContain(`Thay đổi từ bản ${seen} (bạn đã xem) đến bản ${newer}`);
    expect(alert).toMatch(/<span class="kb-diff-added"><span class="visually-hidden">thêm: <\/span>\+[^<]*Dòng thêm sau khi bắt đầu xem\./);
    expect((await state(id)).publishedRev).toBe(publishedBefore);
    expect(await ctx.memberReads(id)).not.toContain('Bản nháp người duyệt đã đọc.');
    // The page now offers the newer draft, with the newer revision as seen.
    expect(publishForm(stale.text, id)).toMatchObject({ rev: String(newer), seenLatest: String(newer) });
    expect((await tuan.post(`${PAGE(id)}/publish`, publishForm(stale.text, id))).status).toBe(303);
    expect(await ctx.memberReads(id)).toContain('Dòng thêm sau khi bắt đầu xem.');
  });

  it('shows the draft the review queue saved (example questions added) with its changes when the entry page opens', async () => {
    const mai = await ctx.as('mai');
    const id = 'credit-fund-apply';
    await mai.get('/staff/review');
    const added = await mai.post('/staff/review/examples', { entry: id, q: 'ho so vay quy htx gom nhung gi' });
    expect(added.status).toBe(303);
    const page = await mai.get(added.location!);
    const draft = (await state(id)).latestRev;
    const pending = section(page.text, 'kb-pending-draft');
    expect(pending).toContain(`Bản nháp ${draft} chờ xuất bản`);
    expect(pending).toMatch(/<span class="kb-diff-added"><span class="visually-hidden">thêm: <\/span>\+\s*- ho so vay quy htx gom nhung gi/);
    // Were the review queue to name the draft (?done=drafted&rev=N), the page says it was saved.
    expect((await mai.get(`${PAGE(id)}?done=drafted&rev=${draft}`)).text).toContain(`Đã lưu bản nháp ${draft} với các câu hỏi mẫu mới.`);
  });

  it('asks before retiring or rolling back at once, and after retiring no longer says the assistant answers with it', async () => {
    const ha = await ctx.as('ha');
    const mai = await ctx.as('mai');
    const id = 'credit-social-policy-bank';
    const before = await state(id);
    const page = await ha.get(PAGE(id));
    expect(page.text).toContain(`action="${PAGE(id)}/retire" class="inline" data-confirm="Ngừng dùng mục ${id}? Trợ lý sẽ thôi trả lời bằng mục này ngay."`);
    expect(page.text).toContain('<script src="/staff/assets/knowledge.js" defer></script>');

    // Without JavaScript one click asks on a page of its own; nothing changes yet.
    const asked = await ha.post(`${PAGE(id)}/retire`);
    expect(asked.status).toBe(200);
    expect(asked.text).toContain(`Ngừng dùng mục ${id}? Trợ lý sẽ thôi trả lời bằng mục này ngay.`);
    expect(formFields(asked.text, `${PAGE(id)}/retire`)['confirmed']).toBe('1');
    expect((await state(id)).retired).toBe(false);
    expect(await ctx.memberReads(id)).not.toContain('Nội dung này không còn');

    const retired = await ha.post(`${PAGE(id)}/retire`, formFields(asked.text, `${PAGE(id)}/retire`));
    expect(retired.status).toBe(303);
    const after = await ha.get(retired.location!);
    expect(after.text).toContain(`Bản xuất bản cuối cùng là bản ${before.publishedRev}; trợ lý không còn dùng mục này.`);
    expect(after.text).not.toContain('Trợ lý đang trả lời bằng bản');
    expect(after.text).not.toContain('kb-published">đang dùng');

    // An admin's rollback publishes at once: asked first too. An editor's makes a draft: no question.
    const other = 'credit-people-credit-fund';
    const rev = (await state(other)).latestRev;
    const rollback = await ha.post(`${PAGE(other)}/rollback`, { rev: '1' });
    expect(rollback.status).toBe(200);
    expect(rollback.text).toContain(`Khôi phục bản 1 của mục ${other} và xuất bản ngay?`);
    expect((await state(other)).latestRev).toBe(rev);
    expect((await ha.post(`${PAGE(other)}/rollback`, formFields(rollback.text, `${PAGE(other)}/rollback`))).status).toBe(303);
    expect((await state(other)).latestRev).toBe(rev + 1);
    expect((await mai.post(`${PAGE(other)}/rollback`, { rev: '1' })).status).toBe(303);
    expect((await state(other)).latestRev).toBe(rev + 2);
  });

  it('keeps a long answer whole and refuses it at its field with the limit, instead of cutting it', async () => {
    const mai = await ctx.as('mai');
    const id = 'credit-fund-who-can-borrow';
    const form = await mai.get(EDIT(id));
    expect(form.text).not.toMatch(/<textarea[^>]*maxlength/);
    const long = `HTX được vay khi có phương án khả thi.\n${'Chi tiết rất dài. '.repeat(400)}`.trimEnd();
    expect(long.length).toBeGreaterThan(5000);
    const refused = await mai.post(EDIT(id), { ...formFields(form.text, EDIT(id)), 'answer.vi': long });
    expect(refused.status).toBe(400);
    expect(problemAt(refused.text, 'kf-answer-vi')).toBe('Tối đa 1500 ký tự.');
    expect(formFields(refused.text, EDIT(id))['answer.vi']).toBe(long);
  });

  it('starts a new entry reviewed today (Vietnam time) and says which English fields are required', async () => {
    const mai = await ctx.as('mai');
    const form = await mai.get('/staff/knowledge/new');
    expect(formFields(form.text, '/staff/knowledge/new')['reviewed']).toBe(vietnamDay(new Date()).day);
    expect(form.text).toContain('<label for="kf-answer-en">Câu trả lời (tiếng Anh, bắt buộc)</label>');
    expect(form.text).toContain('<label for="kf-title-en">Tiêu đề (tiếng Anh, bắt buộc)</label>');
    expect(form.text).toMatch(/<textarea id="kf-howToApply-en"[^>]*aria-required="true"/);
    // Optional texts say nothing of the kind.
    expect(form.text).toContain('<label for="kf-previously-en">Quy định trước đây (tiếng Anh)</label>');
  });

  it('shows on the entry page the votes and the latest questions that led to it', async () => {
    const mai = await ctx.as('mai');
    const id = 'tax-coop-incentives-overview';
    await ctx.app.storage.insights.recordFeedback(id, false, 'thue htx duoc giam bao nhieu', 'web:a');
    await ctx.app.storage.insights.recordFeedback(id, true, 'uu dai thue htx', 'web:b');
    await ctx.app.storage.insights.recordFeedback(id, false, 'htx co phai nop thue tndn khong', 'web:c');
    await ctx.app.storage.insights.recordFeedback('credit-overview', false, 'cau hoi cua muc khac', 'web:d');
    const votes = section((await mai.get(PAGE(id))).text, 'kb-feedback');
    expect(votes).toContain('👍</span> 1 Hữu ích');
    expect(votes).toContain('👎</span> 2 Chưa hữu ích');
    expect(votes).toContain('thue htx duoc giam bao nhieu');
    expect(votes).toContain('htx co phai nop thue tndn khong');
    expect(votes).not.toContain('cau hoi cua muc khac');
  });

  it('speaks the page’s language: the preview button and the notes the system wrote in the history', async () => {
    const mai = await ctx.as('mai');
    const id = 'credit-loan-plan';
    const vi = await mai.get(PAGE(id));
    expect(vi.text).toContain('<td data-label="Ghi chú">từ tệp flows/</td>');
    expect(vi.text).not.toContain('from flows/ files');
    expect((await mai.get(EDIT(id))).text).toMatch(/hx-target="#kb-preview" hx-swap="innerHTML">Xem trước<\/button>/);

    await mai.get(`/staff/lang/en?next=${encodeURIComponent(PAGE(id))}`);
    const en = await mai.get(PAGE(id));
    expect(en.text).toContain('<td data-label="Note">from the flows/ files</td>');
    expect((await mai.get(EDIT(id))).text).toMatch(/hx-target="#kb-preview" hx-swap="innerHTML">Preview<\/button>/);
    await mai.get('/staff/lang/vi?next=/staff');
  });

  it('takes the add and remove row buttons back to their row group, not the top of the page', async () => {
    const mai = await ctx.as('mai');
    const id = 'credit-loan-plan';
    const form = (await mai.get(EDIT(id))).text;
    expect(form).toContain(`value="add-source" formaction="${EDIT(id)}#kf-sources"`);
    expect(form).toContain(`value="remove-source:0" formaction="${EDIT(id)}#kf-sources"`);
    expect(form).toContain(`value="add-deadline" formaction="${EDIT(id)}#kf-deadlines"`);
    expect(form).toContain(`value="add-lead" formaction="${EDIT(id)}#kf-leadAfter"`);
    expect((await mai.get('/staff/knowledge/new')).text).toContain('value="add-source" formaction="/staff/knowledge/new#kf-sources"');
  });
});
