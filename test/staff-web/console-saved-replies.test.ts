import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/staff-web/accounts/passwords.js';
import { startRedis, type RedisProcess } from '../support/redis-server.js';
import { startTestApp, type TestApp } from '../support/start-test-app.js';
import { consoleClient } from './console-client.js';

const PASSWORD = 'mat-khau-dai-du-10';
const EDIT_LINK = (title: string) => new RegExp(`<h2 class="saved-title">${title}</h2>[\\s\\S]*?href="(/staff/saved-replies/[^"]+/edit)"`);

describe.each(['sqlite', 'redis'] as const)('saved replies in the staff console, on %s', (store) => {
  let app: TestApp;
  let redis: RedisProcess | undefined;
  const as = async (login: string) => {
    const browser = consoleClient(app.baseUrl);
    expect((await browser.login(login, PASSWORD)).status).toBe(303);
    await browser.get('/staff/saved-replies');
    return browser;
  };
  const titles = async () => (await app.storage.savedReplies.list()).map((r) => r.title);

  beforeAll(async () => {
    if (store === 'redis') redis = await startRedis();
    app = await startTestApp(redis ? { REDIS_URL: redis.url } : {});
    for (const [login, name] of [['lan', 'Nguyễn Thị Lan'], ['minh', 'Trần Văn Minh']] as const) {
      await app.storage.accounts.create({ login, name, role: 'staff', passwordHash: await hashPassword(PASSWORD), disabled: false, createdAt: new Date().toISOString() });
    }
  });
  afterAll(async () => {
    await app?.close();
    await redis?.stop();
  });

  it('lets any staff member add, edit and delete saved replies that every account shares', async () => {
    const lan = await as('lan');
    const page = await lan.get('/staff/saved-replies');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<label for="sr-title">Tiêu đề<\/label>/);
    expect(page.text).toMatch(/<label for="sr-text">Nội dung<\/label>/);
    const made = await lan.post('/staff/saved-replies', { title: 'Hướng dẫn vay vốn Quỹ hỗ trợ HTX', text: 'Chào anh/chị,\nHTX liên hệ Quỹ hỗ trợ phát triển HTX tỉnh để được hướng dẫn hồ sơ vay.' });
    expect(made.status).toBe(303);
    expect(made.location).toBe('/staff/saved-replies?done=created');
    await lan.post('/staff/saved-replies', { title: 'Đã chuyển hồ sơ', text: 'Liên minh đã chuyển hồ sơ tới cơ quan có thẩm quyền.' });

    // Another staff account sees them, in Vietnamese alphabetical order, line breaks kept.
    const minh = await as('minh');
    const shared = await minh.get('/staff/saved-replies');
    expect([...shared.text.matchAll(/<h2 class="saved-title">([^<]*)<\/h2>/g)].map((m) => m[1])).toEqual(['Đã chuyển hồ sơ', 'Hướng dẫn vay vốn Quỹ hỗ trợ HTX']);
    expect(shared.text).toContain('Chào anh/chị,\nHTX liên hệ Quỹ hỗ trợ');

    const editPath = EDIT_LINK('Đã chuyển hồ sơ').exec(shared.text)![1]!;
    const edit = await minh.get(editPath);
    expect(edit.text).toContain('value="Đã chuyển hồ sơ"');
    expect(edit.text).toContain('>Liên minh đã chuyển hồ sơ tới cơ quan có thẩm quyền.</textarea>');
    const saved = await minh.post(editPath, { title: 'Đã chuyển hồ sơ cho Sở', text: 'Liên minh đã chuyển hồ sơ tới Sở Tài chính.' });
    expect(saved.status).toBe(303);
    expect((await minh.get(saved.location!)).text).toContain('Đã lưu thay đổi.');
    expect(await titles()).toEqual(['Đã chuyển hồ sơ cho Sở', 'Hướng dẫn vay vốn Quỹ hỗ trợ HTX']);

    const deleted = await lan.post(editPath.replace(/\/edit$/, '/delete'));
    expect(deleted.status).toBe(303);
    const after = await lan.get(deleted.location!);
    expect(after.text).toContain('Đã xoá câu trả lời mẫu.');
    expect(after.text).not.toContain('Đã chuyển hồ sơ cho Sở');
    expect(await titles()).toEqual(['Hướng dẫn vay vốn Quỹ hỗ trợ HTX']);
  });

  it('shows each refused field’s problem next to it, keeps what was typed and saves nothing', async () => {
    const lan = await as('lan');
    const before = await titles();
    const problemOf = (text: string, field: string) => new RegExp(`id="sr-${field}"[^>]*aria-describedby="[^"]*sr-${field}-problem"[\\s\\S]*?<p id="sr-${field}-problem" class="error field-problem">([^<]*)</p>`).exec(text)?.[1];

    const long = await lan.post('/staff/saved-replies', { title: 'T'.repeat(81), text: 'x'.repeat(2001) });
    expect(long.status).toBe(400);
    expect(long.text).toContain('Chưa lưu: hãy sửa các mục có ghi chú màu đỏ.');
    expect(problemOf(long.text, 'title')).toBe('Dài quá 80 ký tự.');
    expect(problemOf(long.text, 'text')).toBe('Dài quá 2000 ký tự.');
    expect(long.text).toContain(`value="${'T'.repeat(81)}"`);

    const blank = await lan.post('/staff/saved-replies', { title: '   ', text: 'Nội dung còn giữ lại' });
    expect(blank.status).toBe(400);
    expect(problemOf(blank.text, 'title')).toBe('Hãy điền mục này.');
    expect(problemOf(blank.text, 'text')).toBeUndefined();
    expect(blank.text).toContain('>Nội dung còn giữ lại</textarea>');

    const exact = await lan.post('/staff/saved-replies', { title: 'T'.repeat(80), text: 'x'.repeat(2000) });
    expect(exact.status).toBe(303);
    expect(await titles()).toHaveLength(before.length + 1);
    expect(await titles()).toContain('T'.repeat(80));
  });

  it('shows a saved reply holding HTML as text', async () => {
    const lan = await as('lan');
    await lan.post('/staff/saved-replies', { title: '<b>Mẫu</b>', text: '<script>alert(1)</script> <img src=x onerror=alert(1)>' });
    const page = await lan.get('/staff/saved-replies');
    expect(page.text).toContain('&lt;b&gt;Mẫu&lt;/b&gt;');
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;');
    expect(page.text).not.toContain('<script>alert(1)');
    expect(page.text).not.toContain('<img src=x');
  });

  it('says a saved reply deleted by someone else is gone instead of bringing it back', async () => {
    const lan = await as('lan');
    await lan.post('/staff/saved-replies', { title: 'Sắp bị xoá', text: 'Mẫu này sẽ bị cán bộ khác xoá.' });
    const editPath = EDIT_LINK('Sắp bị xoá').exec((await lan.get('/staff/saved-replies')).text)![1]!;
    await lan.get(editPath);
    const minh = await as('minh');
    expect((await minh.post(editPath.replace(/\/edit$/, '/delete'))).status).toBe(303);
    const late = await lan.post(editPath, { title: 'Sắp bị xoá (sửa)', text: 'Sửa sau khi đã bị xoá' });
    expect(late.status).toBe(404);
    expect(late.text).toContain('Câu trả lời mẫu này không còn nữa');
    expect((await lan.get(editPath)).status).toBe(404);
    expect(await titles()).not.toContain('Sắp bị xoá (sửa)');
  });
});
