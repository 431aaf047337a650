import { describe, expect, it } from 'vitest';
import { ORGANISATION_ID } from '../../src/content/content-kinds.js';
import { CONSOLE_PASSWORD, useConsoleApp } from './console-app.js';
import { consoleClient } from './console-client.js';

type Browser = ReturnType<typeof consoleClient>;

/** The organisation form's fields as the page fills them (name, value), and its revision. */
function formOf(html: string): Record<string, string> {
  const form = /<form method="post" action="\/staff\/organisation" [\s\S]*?<\/form>/.exec(html)![0];
  const fields = [...form.matchAll(/<input id="[^"]+" name="([^"]+)" type="[^"]+" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!.replace(/&amp;/g, '&')]);
  return { ...Object.fromEntries(fields), basedOn: /name="basedOn" value="(\d+)"/.exec(form)![1]! };
}
/** One revision of the history list. */
const revisionOf = (html: string, rev: number) => new RegExp(`<li class="revision[^"]*" id="rev-${rev}">[\\s\\S]*?</li>`).exec(html)?.[0] ?? '';

describe.each(['sqlite', 'redis'] as const)('the organisation in the staff console, on %s', (store) => {
  const ctx = useConsoleApp(store, [
    ['ha', 'Lê Thu Hà', 'admin'],
    ['quang', 'Vũ Minh Quang', 'admin'],
    ['minh', 'Đỗ Văn Minh', 'editor'],
    ['lan', 'Nguyễn Thị Lan', 'staff'],
  ]);
  const as = (login: string) => ctx.as(login);
  const content = () => ctx.app.storage.content;
  /** What a web chat member reads when they open the Alliance's contact entry. */
  const contactAnswer = () => ctx.memberReads('alliance-contact');
  const edit = async (browser: Browser, change: Record<string, string>) => browser.post('/staff/organisation', { ...formOf((await browser.get('/staff/organisation')).text), ...change });

  it('lets an admin save the Alliance’s phone as a draft, publish it so members get it at once, and see both in the history with their authors', async () => {
    const ha = await as('ha');
    const page = await ha.get('/staff/organisation');
    expect(page.status).toBe(200);
    expect(page.text).toContain('href="/staff/organisation" aria-current="page"');
    expect(formOf(page.text)).toMatchObject({ 'name.vi': 'Liên minh Hợp tác xã tỉnh Bắc Ninh', phone: '', basedOn: '1' });
    expect(revisionOf(page.text, 1)).toContain('<strong>Bản 1</strong>\n      · <span class="by">tệp gốc flows/</span>');

    const saved = await edit(ha, { phone: '0204 3854 123', email: 'lienminh@bacninh.gov.vn', note: 'Số máy bàn mới' });
    expect(saved.status).toBe(303);
    expect(saved.location).toBe('/staff/organisation?done=saved');
    const drafted = await ha.get(saved.location!);
    expect(drafted.text).toContain('Đã lưu bản nháp.');
    const draft = revisionOf(drafted.text, 2);
    expect(draft).toContain('<span class="by">Lê Thu Hà (ha)</span>');
    expect(draft).toContain('Bản nháp chưa xuất bản');
    expect(draft).toContain('Số máy bàn mới');
    expect(draft).toContain('<span class="add">+phone: 0204 3854 123</span>');
    expect(draft).toContain('<span class="del">-phone: &quot;&quot;</span>');
    // The form continues from the draft; the published details and the bot stay as they were.
    expect(formOf(drafted.text)).toMatchObject({ phone: '0204 3854 123', basedOn: '2' });
    expect(/<h2 id="published-title">[\s\S]*?<\/dl>/.exec(drafted.text)![0]).not.toContain('0204 3854 123');
    expect(await contactAnswer()).not.toContain('0204 3854 123');

    // A second admin publishes it.
    const quang = await as('quang');
    const published = await quang.post('/staff/organisation/publish', { rev: '2' });
    expect(published.status).toBe(303);
    expect(published.location).toBe('/staff/organisation?done=published');
    expect(await contactAnswer()).toContain('0204 3854 123');
    const after = await quang.get(published.location!);
    const live = revisionOf(after.text, 2);
    expect(live).toContain('Đang dùng');
    expect(live).toContain('<span class="by">Lê Thu Hà (ha)</span>');
    expect(live).toContain('Xuất bản bởi Vũ Minh Quang (quang) lúc');
    expect(revisionOf(after.text, 1)).toContain('Dùng lại bản 1');
    expect(live).toContain('<strong>Bản 2</strong>');
    expect(live).toContain('Thay đổi so với bản 1');
    expect(/<h2 id="published-title">[\s\S]*?<\/dl>/.exec(after.text)![0]).toContain('0204 3854 123');

    // Bringing back the first revision is a new revision, published at once.
    const restored = await ha.post('/staff/organisation/restore', { rev: '1' });
    expect(restored.status).toBe(303);
    expect(await content().document('organisation', ORGANISATION_ID)).toMatchObject({ latestRev: 3, publishedRev: 3 });
    expect(await contactAnswer()).not.toContain('0204 3854 123');
    expect(revisionOf((await ha.get('/staff/organisation')).text, 3)).toContain('rollback to 1');
  });

  it('shows each refused field’s problem at the field, keeps what was typed, and saves nothing', async () => {
    const ha = await as('ha');
    const before = (await content().document('organisation', ORGANISATION_ID))!.latestRev;
    const refused = await edit(ha, { 'name.vi': '  ', email: 'khong-phai-email', website: 'lienminh.vn', phone: 'gọi tôi', note: 'Số máy bàn mới của văn phòng' });
    expect(refused.status).toBe(400);
    // The summary at the top names each refused field in the page's order and links to it.
    const summary = /<div class="error-summary card" role="alert"[\s\S]*?<\/div>/.exec(refused.text)?.[0] ?? '';
    expect(summary).toContain('Chưa lưu: hãy sửa các mục có ghi chú màu đỏ.');
    expect([...summary.matchAll(/<li><a href="#([^"]+)">([^<]+)<\/a>: /g)].map((m) => [m[1], m[2]])).toEqual([
      ['of-name-vi', 'Tên (tiếng Việt)'],
      ['of-phone', 'Điện thoại'],
      ['of-email', 'Thư điện tử'],
      ['of-website', 'Trang web'],
    ]);
    // The note is kept with the other fields.
    expect(formOf(refused.text)).toMatchObject({ note: 'Số máy bàn mới của văn phòng', email: 'khong-phai-email' });
    const problemAt = (id: string) => new RegExp(`<input id="${id}"[^>]*aria-invalid="true" aria-describedby="${id}-problem">\\s*<p id="${id}-problem" class="error field-problem">([^<]*)</p>`).exec(refused.text)?.[1];
    expect(problemAt('of-name-vi')).toBe('Hãy điền mục này.');
    expect(problemAt('of-email')).toContain('Địa chỉ thư điện tử');
    expect(problemAt('of-website')).toContain('https://');
    expect(problemAt('of-phone')).toContain('Số điện thoại');
    expect(problemAt('of-name-en')).toBeUndefined();
    expect(refused.text).toContain('value="khong-phai-email"');
    expect((await content().document('organisation', ORGANISATION_ID))!.latestRev).toBe(before);
  });

  it('refuses a draft over a revision someone else has replaced meanwhile', async () => {
    const ha = await as('ha');
    const quang = await as('quang');
    const stale = formOf((await ha.get('/staff/organisation')).text);
    expect((await edit(quang, { zalo: '0912 000 111' })).status).toBe(303);
    const late = await ha.post('/staff/organisation', { ...stale, zalo: '0988 999 999' });
    expect(late.status).toBe(409);
    expect(late.text).toContain('Có người vừa lưu một bản mới hơn');
    expect(late.text).toContain('value="0988 999 999"');
  });

  it('gives editors and staff 403 on the organisation, and shows the link to admins only', async () => {
    for (const login of ['minh', 'lan']) {
      const browser = await as(login);
      expect((await browser.get('/staff')).text).not.toContain('href="/staff/organisation"');
      expect((await browser.get('/staff/organisation')).status).toBe(403);
      const before = (await content().document('organisation', ORGANISATION_ID))!.latestRev;
      expect((await browser.post('/staff/organisation', { 'name.vi': 'Đổi tên', 'name.en': 'Renamed', basedOn: String(before) })).status).toBe(403);
      expect((await browser.post('/staff/organisation/publish', { rev: String(before) })).status).toBe(403);
      expect((await content().document('organisation', ORGANISATION_ID))!.latestRev).toBe(before);
    }
    expect((await (await as('ha')).get('/staff')).text).toContain('href="/staff/organisation"');
    // In a browser, the editor's refusal is a console page with their menu and a way back.
    const editor = consoleClient(ctx.app.baseUrl, { accept: 'text/html,*/*;q=0.8' });
    await editor.login('minh', CONSOLE_PASSWORD);
    const refused = await editor.get('/staff/organisation');
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('href="/staff/review"');
    expect(refused.text).toContain('<p role="alert">Trang này chỉ dành cho quản trị viên.</p>');
    expect(refused.text).toContain('<a class="button" href="/staff">Về hàng đợi</a>');
  });
});
