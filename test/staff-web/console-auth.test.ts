import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/staff-web/accounts/passwords.js';
import type { StaffRole } from '../../src/staff-web/accounts/staff-account.js';
import { startRedis, type RedisProcess } from '../support/redis-server.js';
import { startTestApp, type TestApp } from '../support/start-test-app.js';
import { consoleClient } from './console-client.js';

const PASSWORD = 'mat-khau-dai-du-10';
const CONSOLE_PAGES = ['/staff', '/staff/accounts', '/staff/tickets/KK-2026-0001', '/staff/conferences', '/staff/conferences/doi-thoai-2026', '/staff/conferences/doi-thoai-2026/edit', '/staff/conferences/doi-thoai-2026/agenda.xlsx', '/staff/saved-replies', '/staff/exports', '/staff/exports/file?format=csv'];

describe.each(['sqlite', 'redis'] as const)('the staff console’s door, on %s', (store) => {
  let app: TestApp;
  let redis: RedisProcess | undefined;
  const addAccount = async (login: string, role: StaffRole) =>
    app.storage.accounts.create({ login, name: login.toUpperCase(), role, passwordHash: await hashPassword(PASSWORD), disabled: false, createdAt: new Date().toISOString() });

  beforeAll(async () => {
    if (store === 'redis') redis = await startRedis();
    app = await startTestApp({ TRUST_PROXY: 'loopback', ...(redis ? { REDIS_URL: redis.url } : {}) });
    await addAccount('ha', 'admin');
    await addAccount('lan', 'staff');
  });
  afterAll(async () => {
    await app?.close();
    await redis?.stop();
  });

  it('sends every console page to the login form without a session, and back after logging in', async () => {
    const browser = consoleClient(app.baseUrl);
    for (const page of CONSOLE_PAGES) {
      const r = await browser.get(page);
      expect(r.status, page).toBe(303);
      expect(r.location, page).toBe(`/staff/login?next=${encodeURIComponent(page)}`);
    }
    const form = await browser.get('/staff/login');
    expect(form.text).toContain('Tên đăng nhập');
    expect(form.text).toContain('Mật khẩu');
    const done = await browser.login('ha', PASSWORD);
    expect(done.status).toBe(303);
    expect((await browser.get('/staff')).status).toBe(200);
  });

  it('refuses a wrong password without telling whether the login exists', async () => {
    const wrongPassword = await consoleClient(app.baseUrl).login('lan', 'not-the-password');
    const noSuchLogin = await consoleClient(app.baseUrl).login('nobody', 'not-the-password');
    expect(wrongPassword.status).toBe(401);
    expect(noSuchLogin.status).toBe(401);
    expect(wrongPassword.text).toContain('Tên đăng nhập hoặc mật khẩu không đúng');
    expect(noSuchLogin.text).toContain('Tên đăng nhập hoặc mật khẩu không đúng');
  });

  it('after ten wrong passwords refuses the account for a while, even with the right password', async () => {
    await addAccount('guessed', 'staff');
    for (let i = 0; i < 10; i++) expect((await consoleClient(app.baseUrl).login('guessed', `guess-number-${i}`)).status).toBe(401);
    const right = await consoleClient(app.baseUrl).login('guessed', PASSWORD);
    expect(right.status).toBe(429);
    expect(right.text).toContain('Đã thử quá nhiều lần');
  });

  it('never locks out a member of staff who logs in often: only wrong passwords count', async () => {
    await addAccount('often', 'staff');
    for (let i = 0; i < 12; i++) expect((await consoleClient(app.baseUrl).login('often', PASSWORD)).status).toBe(303);
    expect((await consoleClient(app.baseUrl).login('often', 'one-typo-here')).status).toBe(401);
    expect((await consoleClient(app.baseUrl).login('often', PASSWORD)).status).toBe(303);
  });

  it('answers a stale form with a page in Vietnamese saying to reload, not with JSON', async () => {
    const browser = consoleClient(app.baseUrl);
    await browser.login('ha', PASSWORD);
    await browser.get('/staff/accounts');
    const stale = await browser.post('/staff/accounts', { _csrf: 'an-old-token', login: 'x1', name: 'X', role: 'staff', password: PASSWORD });
    expect(stale.status).toBe(403);
    expect(stale.text).toContain('Biểu mẫu đã cũ');
    expect(stale.text).toContain('href="/staff/accounts"');
  });

  it('keeps what an admin typed when an account is refused, and the page after switching language', async () => {
    const browser = consoleClient(app.baseUrl);
    await browser.login('ha', PASSWORD);
    await browser.get('/staff/accounts');
    const taken = await browser.post('/staff/accounts', { login: 'lan', name: 'Lê Văn Lân', role: 'admin', password: PASSWORD });
    expect(taken.status).toBe(409);
    expect(taken.text).toContain('value="Lê Văn Lân"');
    expect(taken.text).not.toContain(PASSWORD);
    const english = await browser.get(`/staff/lang/en?next=${encodeURIComponent('/staff/accounts')}`);
    expect(english.location).toBe('/staff/accounts');
    expect((await browser.get('/staff/accounts')).text).toContain('Create account');
    expect((await browser.get('/staff/lang/vi?next=https://evil.example/')).location).toBe('/staff');
  });

  it('refuses a form posted without the CSRF token (403), and with it does the action', async () => {
    const browser = consoleClient(app.baseUrl);
    await browser.login('ha', PASSWORD);
    await browser.get('/staff/accounts');
    const forged = await browser.postWithoutToken('/staff/accounts', { login: 'forged', name: 'Forged', role: 'admin', password: PASSWORD });
    expect(forged.status).toBe(403);
    expect(await app.storage.accounts.get('forged')).toBeUndefined();
    const made = await browser.post('/staff/accounts', { login: 'minh', name: 'Trần Minh', role: 'staff', password: PASSWORD });
    expect(made.status).toBe(200);
    expect(made.text).toContain('Đã tạo tài khoản minh');
    expect((await consoleClient(app.baseUrl).login('minh', PASSWORD)).status).toBe(303);
  });

  it('lets an admin make an editor account, listed with its role, that opens the knowledge base pages', async () => {
    const browser = consoleClient(app.baseUrl);
    await browser.login('ha', PASSWORD);
    const page = await browser.get('/staff/accounts');
    expect(page.text).toContain('<option value="editor"');
    const made = await browser.post('/staff/accounts', { login: 'thu', name: 'Phạm Thu', role: 'editor', password: PASSWORD });
    expect(made.status).toBe(200);
    expect(made.text).toContain('Biên tập viên');
    expect((await app.storage.accounts.get('thu'))?.role).toBe('editor');
    const editor = consoleClient(app.baseUrl);
    await editor.login('thu', PASSWORD);
    expect((await editor.get('/staff/knowledge')).status).toBe(200);
    expect((await editor.get('/staff/accounts')).status).toBe(403);
  });

  it('keeps staff accounts out of the admin pages', async () => {
    const browser = consoleClient(app.baseUrl);
    await browser.login('lan', PASSWORD);
    expect((await browser.get('/staff')).text).not.toContain('/staff/accounts');
    expect((await browser.get('/staff/accounts')).status).toBe(403);
    expect((await browser.post('/staff/accounts', { login: 'sneaky', name: 'S', role: 'admin', password: PASSWORD })).status).toBe(403);
    expect(await app.storage.accounts.get('sneaky')).toBeUndefined();
  });

  it('shows a staff account refused by a browser a console page: the menu, the sentence in their language, a link back to the queue, status 403', async () => {
    // What a browser sends when it opens a link: it asks for HTML.
    const browser = consoleClient(app.baseUrl, { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' });
    await browser.login('lan', PASSWORD);
    for (const path of ['/staff/accounts', '/staff/organisation', '/staff/review', '/staff/knowledge']) {
      const page = await browser.get(path);
      expect([path, page.status]).toEqual([path, 403]);
      expect(page.text, path).toMatch(/^<!doctype html>/);
      expect(page.text, path).toContain('<nav aria-label="');
      expect(page.text, path).toContain('<span class="me">LAN</span>');
      expect(page.text, path).toMatch(/<h1>Không mở được trang này<\/h1>\s*<p role="alert">Trang này chỉ dành cho (quản trị viên|biên tập viên và quản trị viên)\.<\/p>/);
      expect(page.text, path).toContain('<a class="button" href="/staff">Về hàng đợi</a>');
    }
    await browser.get(`/staff/lang/en?next=${encodeURIComponent('/staff')}`);
    const english = await browser.get('/staff/organisation');
    expect(english.status).toBe(403);
    expect(english.text).toContain('<html lang="en">');
    expect(english.text).toContain('<p role="alert">This page is for administrators.</p>');
    expect(english.text).toContain('<a class="button" href="/staff">Back to the queue</a>');
    // A refused form post gets the same page; a script (no HTML asked for) the sentence alone.
    await browser.get('/staff/lang/vi?next=/staff');
    const post = await browser.post('/staff/accounts', { login: 'sneaky2', name: 'S', role: 'admin', password: PASSWORD });
    expect(post.status).toBe(403);
    expect(post.text).toContain('<p role="alert">Trang này chỉ dành cho quản trị viên.</p>');
    const script = consoleClient(app.baseUrl);
    await script.login('lan', PASSWORD);
    const plain = await script.get('/staff/accounts');
    expect(plain.status).toBe(403);
    expect(plain.text).toBe('Trang này chỉ dành cho quản trị viên.');
  });

  it('gives an HttpOnly, SameSite=Strict session cookie for /staff only, marked Secure behind https', async () => {
    const plain = await consoleClient(app.baseUrl).login('ha', PASSWORD);
    const session = plain.setCookies.find((c) => c.startsWith('htx_staff='))!;
    expect(session).toMatch(/; HttpOnly/i);
    expect(session).toMatch(/; SameSite=Strict/i);
    expect(session).toMatch(/; Path=\/staff/i);
    expect(session).not.toMatch(/; Secure/i);
    const behindHttps = await consoleClient(app.baseUrl, { 'x-forwarded-proto': 'https' }).login('ha', PASSWORD);
    expect(behindHttps.setCookies.find((c) => c.startsWith('htx_staff='))).toMatch(/; Secure/i);
  });

  it('ends the session on the server at logout: the old cookie no longer opens a page', async () => {
    const browser = consoleClient(app.baseUrl);
    await browser.login('ha', PASSWORD);
    const stolen = browser.jar.get('htx_staff')!;
    await browser.get('/staff');
    expect((await browser.post('/staff/logout')).location).toBe('/staff/login');
    const replay = await fetch(`${app.baseUrl}/staff`, { redirect: 'manual', headers: { cookie: `htx_staff=${stolen}` } });
    expect(replay.status).toBe(303);
  });

  it('ends the sessions of an account an admin disables', async () => {
    await addAccount('leaving', 'staff');
    const staff = consoleClient(app.baseUrl);
    await staff.login('leaving', PASSWORD);
    expect((await staff.get('/staff')).status).toBe(200);
    const admin = consoleClient(app.baseUrl);
    await admin.login('ha', PASSWORD);
    await admin.get('/staff/accounts');
    expect((await admin.post('/staff/accounts/leaving/disable')).status).toBe(303);
    expect((await staff.get('/staff')).status).toBe(303);
    expect((await consoleClient(app.baseUrl).login('leaving', PASSWORD)).status).toBe(401);
  });

  it('never logs a password', async () => {
    expect(app.logs.join('\n')).not.toContain(PASSWORD);
  });
});
