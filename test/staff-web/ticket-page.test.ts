import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/staff-web/accounts/passwords.js';
import type { TicketDraft } from '../../src/tickets/ticket-store.js';
import { ticketDraft } from '../support/ticket-draft.js';
import { launchChromium, pngImage } from '../e2e/web-helpers.js';
import { repoRoot } from '../support/fixtures.js';
import { FakeTelegram } from '../support/fake-telegram.js';
import { startRedis, type RedisProcess } from '../support/redis-server.js';
import { startTestApp, type TestApp } from '../support/start-test-app.js';
import { waitFor } from '../support/wait-for.js';
import { consoleClient } from './console-client.js';

const PASSWORD = 'mat-khau-dai-du-10';
const LAN = 'Nguyễn Thị Lan';
const MINH = 'Trần Văn Minh';

const draft = (over: Partial<TicketDraft>): TicketDraft => ticketDraft({ urgency: 'urgent', ...over });

type InboxEntry = { from: string; reply?: { text: string; choices?: Array<{ id: string }> } };
const HIDDEN_KEY = /name="key" value="([^"]+)"/;

describe.each(['sqlite', 'redis'] as const)('the ticket page of the staff console, on %s', (store) => {
  let app: TestApp;
  let redis: RedisProcess | undefined;
  const image = pngImage(40, 30);
  /** What a web chat member has received so far (their browser's inbox). */
  const inbox = async (memberId: string) => (await app.storage.webInbox.since(memberId.slice('web:'.length), 0)).map((e) => e.message as InboxEntry);
  const staff = async (login = 'lan') => {
    const browser = consoleClient(app.baseUrl);
    expect((await browser.login(login, PASSWORD)).status).toBe(303);
    return browser;
  };
  const file = (over: Partial<TicketDraft> = {}) => app.tickets.file(draft(over));

  beforeAll(async () => {
    if (store === 'redis') redis = await startRedis();
    app = await startTestApp(redis ? { REDIS_URL: redis.url } : {});
    const account = async (login: string, name: string, disabled = false) =>
      app.storage.accounts.create({ login, name, role: 'staff', passwordHash: await hashPassword(PASSWORD), disabled, createdAt: new Date().toISOString() });
    await account('lan', LAN);
    await account('minh', MINH);
    await account('cu', 'Cán bộ đã nghỉ', true);
  });
  afterAll(async () => {
    await app?.close();
    await redis?.stop();
  });

  it('shows staff every field the member gave, the phone they agreed to be called on, and the photos', async () => {
    const photo = await app.storage.photos.save(image, 'image/png');
    const ticket = await file({ photos: [`photo:${photo}`, 'https://photo.zaloapp.com/ruong-rau.jpg', 'AgACAgIAAxkBAAIBtelegram'] });
    const page = await (await staff()).get(`/staff/tickets/${ticket.code}`);
    expect(page.status).toBe(200);
    for (const shown of [
      ticket.code,
      'Khó khăn',
      'Mới',
      'Khẩn cấp',
      'Thị trường, xúc tiến thương mại',
      'HTX Rau an toàn Yên Dũng',
      'Quản lý HTX',
      'Xã Tân Yên',
      '+84912345678 (đồng ý được liên hệ)',
      'href="tel:+84912345678"',
      'Web chat',
      'Thương lái ép giá rau, HTX cần tìm đầu ra ổn định',
    ]) {
      expect(page.text, shown).toContain(shown);
    }
    expect(page.text).toContain(`src="/staff/tickets/${ticket.code}/photos/1"`);
    expect(page.text).toContain('href="https://photo.zaloapp.com/ruong-rau.jpg"');
    expect(page.text).toContain('máy chủ chưa cấu hình Telegram');
    expect(page.text).toContain('Trả lời thành viên');
    expect(page.text).toContain('Ghi chú nội bộ');
  });

  it('keeps a phone number from staff when the member did not agree to be called', async () => {
    const ticket = await file({ phone: '+84987654321', consentToContact: false });
    const page = await (await staff()).get(`/staff/tickets/${ticket.code}`);
    expect(page.text).toContain('— (thành viên không đồng ý được liên hệ)');
    expect(page.text).not.toContain('+84987654321');
  });

  it('renders ticket fields holding HTML as text', async () => {
    const script = '<script>alert(1)</script>';
    const ticket = await file({ cooperative: script, content: `${script} giá rau`, commune: '<img src=x onerror=alert(1)>' });
    const page = await (await staff()).get(`/staff/tickets/${ticket.code}`);
    expect(page.text).not.toContain(script);
    expect(page.text).not.toContain('<img src=x');
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('sends a reply to the member’s web chat, shows it queued then sent, and names the account in the history', async () => {
    const ticket = await file();
    const browser = await staff();
    const page = await browser.get(`/staff/tickets/${ticket.code}`);
    const key = HIDDEN_KEY.exec(page.text)![1]!;
    const sent = await browser.post(`/staff/tickets/${ticket.code}/reply`, { text: 'Liên minh sẽ giới thiệu HTX với siêu thị trong tỉnh.', key });
    expect(sent.status).toBe(303);
    expect(sent.location).toBe(`/staff/tickets/${ticket.code}?done=reply&sent=${key}`);
    const after = await browser.get(sent.location!);
    expect(after.text).toContain('Đã gửi trả lời.');
    expect(after.text).toMatch(/Câu trả lời: (đang chờ gửi|đã gửi tới thành viên)/);

    const [answer] = await waitFor(async () => {
      const got = await inbox(ticket.memberId!);
      return got.length > 0 && got;
    });
    expect(answer!.reply!.text).toContain(`💬 Liên minh HTX tỉnh trả lời hồ sơ ${ticket.code}`);
    expect(answer!.reply!.text).toContain('siêu thị trong tỉnh');
    const state = await waitFor(async () => {
      const fragment = await browser.get(`/staff/tickets/${ticket.code}/deliveries/${key}`);
      return fragment.text.includes('đã gửi tới thành viên') && fragment.text;
    });
    expect(state).not.toContain('hx-trigger');

    const shown = await browser.get(`/staff/tickets/${ticket.code}`);
    expect(shown.text).toContain('Liên minh sẽ giới thiệu HTX với siêu thị trong tỉnh.');
    expect(shown.text).toContain(LAN);
    expect((await app.tickets.get(ticket.code))!.state).toBe('answered');
    expect((await app.tickets.history(ticket.code)).find((e) => e.type === 'staff-reply')!.actor).toBe(`staff:${LAN}`);
  });

  it('sends a reply submitted twice from the same form once', async () => {
    const ticket = await file();
    const browser = await staff();
    const key = HIDDEN_KEY.exec((await browser.get(`/staff/tickets/${ticket.code}`)).text)![1]!;
    const form = { text: 'Đã chuyển hồ sơ cho phòng nông nghiệp xã.', key };
    const [first, second] = await Promise.all([browser.post(`/staff/tickets/${ticket.code}/reply`, form), browser.post(`/staff/tickets/${ticket.code}/reply`, form)]);
    expect([first.status, second.status]).toEqual([303, 303]);
    expect((await browser.post(`/staff/tickets/${ticket.code}/reply`, form)).status).toBe(303);
    await waitFor(async () => (await inbox(ticket.memberId!)).length > 0);
    await app.queue.drained(10_000);
    expect(await inbox(ticket.memberId!)).toHaveLength(1);
    expect((await app.tickets.history(ticket.code)).filter((e) => e.type === 'staff-reply')).toHaveLength(1);
    // A new page is a new form: the same words sent again go again.
    const again = HIDDEN_KEY.exec((await browser.get(`/staff/tickets/${ticket.code}`)).text)![1]!;
    expect(again).not.toBe(key);
  });

  it('keeps an internal note from the member, and marks it as such on the page', async () => {
    const ticket = await file();
    const browser = await staff();
    await browser.get(`/staff/tickets/${ticket.code}`);
    const noted = await browser.post(`/staff/tickets/${ticket.code}/note`, { text: 'Đã gọi cho siêu thị X, chờ báo giá' });
    expect(noted.status).toBe(303);
    const page = await browser.get(noted.location!);
    expect(page.text).toContain('Đã lưu ghi chú nội bộ.');
    expect(page.text).toMatch(/Ghi chú nội bộ — thành viên không thấy[\s\S]*Đã gọi cho siêu thị X, chờ báo giá/);
    await app.queue.drained(10_000);
    expect(JSON.stringify(await inbox(ticket.memberId!))).not.toContain('siêu thị X');
  });

  it('takes, assigns, changes the topic, closes with an outcome and reopens, each in the history under the account’s name', async () => {
    const ticket = await file();
    const browser = await staff();
    const page = `/staff/tickets/${ticket.code}`;
    await browser.get(page);
    expect((await browser.post(`${page}/take`)).status).toBe(303);
    expect(await app.tickets.get(ticket.code)).toMatchObject({ state: 'in-progress', assignee: LAN });

    expect((await browser.post(`${page}/assign`, { login: 'minh' })).status).toBe(303);
    expect((await app.tickets.get(ticket.code))!.assignee).toBe(MINH);
    const disabled = await browser.post(`${page}/assign`, { login: 'cu' });
    expect(disabled.status).toBe(400);
    expect(disabled.text).toContain('Tài khoản này không có hoặc đã bị khoá.');
    expect((await app.tickets.get(ticket.code))!.assignee).toBe(MINH);

    expect((await browser.post(`${page}/topic`, { topic: 'credit' })).status).toBe(303);
    expect((await app.tickets.get(ticket.code))!.topic).toBe('credit');

    expect((await browser.post(`${page}/close`, { outcome: 'Đã kết nối HTX với siêu thị Đồng Tâm' })).status).toBe(303);
    expect((await app.tickets.get(ticket.code))!.state).toBe('closed');
    const rating = await waitFor(async () => (await inbox(ticket.memberId!)).find((e) => e.reply?.text.includes('Đã kết nối HTX với siêu thị Đồng Tâm')));
    expect(rating.reply!.choices!.map((c) => c.id)).toContain(`rate:${ticket.code}:5`);

    const refused = await browser.post(`${page}/reply`, { text: 'Câu trả lời sau khi đóng', key: randomUUID() });
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('Hồ sơ đã đóng: hãy mở lại trước.');
    expect(refused.text).toContain('Câu trả lời sau khi đóng');

    expect((await browser.post(`${page}/reopen`)).status).toBe(303);
    expect((await app.tickets.get(ticket.code))!.state).toBe('in-progress');

    const history = await app.tickets.history(ticket.code);
    expect(history.filter((e) => e.actor === `staff:${LAN}`).map((e) => [e.type, e.text])).toEqual([
      ['taken', null],
      ['assigned', MINH],
      ['topic-changed', 'credit'],
      ['closed', 'Đã kết nối HTX với siêu thị Đồng Tâm'],
      ['reopened', null],
    ]);
    const shown = (await browser.get(page)).text;
    for (const line of ['Nhận xử lý', 'Giao cho cán bộ', 'Đổi lĩnh vực', 'Tín dụng, vay vốn', 'Đóng hồ sơ', 'Mở lại']) expect(shown, line).toContain(line);
    expect(shown.split(LAN).length - 1).toBeGreaterThanOrEqual(5);
  });

  it('serves a web chat photo to logged-in staff only, and says why a Telegram photo cannot be shown', async () => {
    const photo = await app.storage.photos.save(image, 'image/png');
    const ticket = await file({ photos: [`photo:${photo}`, 'AgACAgIAAxkBAAIBtelegram'] });
    const url = `/staff/tickets/${ticket.code}/photos/1`;
    const anonymous = await fetch(`${app.baseUrl}${url}`, { redirect: 'manual' });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe(`/staff/login?next=${encodeURIComponent(url)}`);

    const browser = await staff();
    const cookie = [...browser.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const served = await fetch(`${app.baseUrl}${url}`, { headers: { cookie } });
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('cache-control')).toBe('private, no-store');
    expect(Buffer.from(await served.arrayBuffer())).toEqual(image);

    const telegram = await browser.get(`/staff/tickets/${ticket.code}/photos/2`);
    expect(telegram.status).toBe(404);
    expect(telegram.text).toContain('máy chủ chưa cấu hình Telegram');
    expect((await browser.get(`/staff/tickets/${ticket.code}/photos/3`)).status).toBe(404);
  });

  it('answers a ticket that does not exist with 404', async () => {
    const page = await (await staff()).get('/staff/tickets/KK-2026-9999');
    expect(page.status).toBe(404);
    expect(page.text).toContain('Không tìm thấy hồ sơ KK-2026-9999.');
  });
});

describe('the ticket page with the Telegram staff chat configured', () => {
  const fake = new FakeTelegram();
  let files: Awaited<ReturnType<typeof telegramWithFiles>>;
  let app: TestApp;
  const image = pngImage(24, 18, [200, 30, 30]);

  beforeAll(async () => {
    files = await telegramWithFiles(fake, { 'AgACAgIAAxkBAAIBmember-photo': image });
    app = await startTestApp({ TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: files.apiRoot, TELEGRAM_STAFF_CHAT_ID: String(fake.staffGroup.id) });
    await app.storage.accounts.create({ login: 'lan', name: LAN, role: 'staff', passwordHash: await hashPassword(PASSWORD), disabled: false, createdAt: new Date().toISOString() });
  });
  afterAll(async () => {
    await app?.close();
    await files?.stop();
    await fake.stop();
  });

  it('fetches a member’s Telegram photo through the bot API for staff, and posts a console reply in the ticket’s topic signed "Name (web)"', async () => {
    const ticket = await app.tickets.file(draft({ memberId: 'telegram:7100', photos: ['AgACAgIAAxkBAAIBmember-photo', 'AgACAgIAAxkBAAIBforgotten'] }));
    const browser = consoleClient(app.baseUrl);
    await browser.login('lan', PASSWORD);
    const page = await browser.get(`/staff/tickets/${ticket.code}`);
    expect(page.text).toContain(`src="/staff/tickets/${ticket.code}/photos/1"`);
    const cookie = [...browser.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const photo = await fetch(`${app.baseUrl}/staff/tickets/${ticket.code}/photos/1`, { headers: { cookie } });
    expect(photo.status).toBe(200);
    expect(Buffer.from(await photo.arrayBuffer())).toEqual(image);
    expect((await browser.get(`/staff/tickets/${ticket.code}/photos/2`)).status).toBe(502);
    expect(JSON.stringify(app.logs)).not.toContain(fake.token);

    // The ticket has its topic in the staff chat (as after its announcement).
    await app.tickets.setStaffThread(ticket.code, { chatId: fake.staffGroup.id, topicId: 777 });
    const key = HIDDEN_KEY.exec(page.text)![1]!;
    expect((await browser.post(`/staff/tickets/${ticket.code}/reply`, { text: 'Tuần sau ngân hàng giải ngân.', key })).status).toBe(303);
    const posted = await fake.waitFor(() => fake.callsOf('sendMessage').find((c) => Number(c.body['chat_id']) === fake.staffGroup.id && String(c.body['text']).includes('Tuần sau')));
    expect(posted.body['message_thread_id']).toBe(777);
    expect(posted.body['text']).toContain(`${LAN} (web)`);
    const toMember = await fake.waitFor(() => fake.callsOf('sendMessage').find((c) => Number(c.body['chat_id']) === 7100));
    expect(toMember.body['text']).toContain('Tuần sau ngân hàng giải ngân.');
  });
});

describe('the ticket page in a browser', () => {
  let app: TestApp;
  let chromium: Browser;

  beforeAll(async () => {
    app = await startTestApp();
    chromium = await launchChromium();
    await app.storage.accounts.create({ login: 'lan', name: LAN, role: 'staff', passwordHash: await hashPassword(PASSWORD), disabled: false, createdAt: new Date().toISOString() });
  });
  afterAll(async () => {
    await chromium?.close();
    await app?.close();
  });

  /** Serious or critical accessibility problems axe-core finds on the page as it is now. */
  const axeProblems = async (page: Page) => {
    // The CSP refuses an injected <script>; evaluating through the DevTools protocol is not a page script.
    await page.evaluate(readFileSync(join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8'));
    const found = await page.evaluate(async () => {
      const r = await (window as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[] }> }> } }).axe.run();
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
    });
    return found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  };

  it('replies and notes in place (htmx), shows the answer sent, and has no serious accessibility problem, on a laptop and a phone', async () => {
    const ticket = await app.tickets.file(draft({}));
    const context = await chromium.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const scriptErrors: string[] = [];
    page.on('pageerror', (e) => scriptErrors.push(e.message));
    // Errors of the console's own pages and scripts (the browser's own /favicon.ico request is not one).
    page.on('console', (m) => void (m.type() === 'error' && m.location().url.includes('/staff') && scriptErrors.push(`${m.text()} ${m.location().url}`)));
    await page.goto(`${app.baseUrl}/staff/tickets/${ticket.code}`);
    await page.getByLabel('Tên đăng nhập').fill('lan');
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(`**/staff/tickets/${ticket.code}`);
    expect(await axeProblems(page)).toEqual([]);

    // A mark on the window survives only if the page is updated in place, not loaded again.
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
    await page.getByLabel('Trả lời thành viên').fill('Liên minh sẽ giới thiệu HTX với siêu thị trong tỉnh.');
    await page.getByRole('button', { name: 'Gửi trả lời' }).click();
    await page.getByText('Câu trả lời: đã gửi tới thành viên.').waitFor({ timeout: 10_000 });
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    expect(await page.getByLabel('Trả lời thành viên').inputValue()).toBe('');
    expect(await app.storage.webInbox.since(ticket.memberId!.slice(4), 0)).toHaveLength(1);

    await page.getByLabel('Ghi chú nội bộ').fill('Đã gọi cho siêu thị X');
    await page.getByRole('button', { name: 'Lưu ghi chú' }).click();
    await page.getByText('Đã lưu ghi chú nội bộ.').waitFor();
    await page.locator('.msg.note', { hasText: 'Đã gọi cho siêu thị X' }).waitFor();
    expect(await axeProblems(page)).toEqual([]);
    await page.screenshot({ path: join(app.dataDir, 'ticket-laptop.png'), fullPage: true });

    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await axeProblems(page)).toEqual([]);
    expect(scriptErrors).toEqual([]);
    await context.close();
  });
});

/**
 * The fake Bot API with files: getFile and the file downloads answered here (the fake knows neither),
 * every other call passed on to the fake, as Telegram's one address serves both.
 */
async function telegramWithFiles(fake: FakeTelegram, photos: Record<string, Buffer>) {
  const upstream = await fake.start();
  const ids = Object.keys(photos);
  const read = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  };
  const server = createServer((req, res) => {
    void (async () => {
      const body = await read(req);
      if (req.url === `/bot${fake.token}/getFile`) {
        const id = (JSON.parse(body.toString('utf8')) as { file_id: string }).file_id;
        const n = ids.indexOf(id);
        res.writeHead(n < 0 ? 400 : 200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(n < 0 ? { ok: false, error_code: 400, description: 'Bad Request: invalid file_id' } : { ok: true, result: { file_id: id, file_unique_id: `u${n}`, file_size: photos[id]!.length, file_path: `photos/file_${n}.png` } }));
        return;
      }
      const file = new RegExp(`^/file/bot${fake.token}/photos/file_(\\d+)\\.png$`).exec(req.url ?? '');
      if (file) {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.end(photos[ids[Number(file[1])]!]);
        return;
      }
      const answer = await fetch(`${upstream}${req.url}`, { method: req.method, headers: { 'content-type': req.headers['content-type'] ?? 'application/json' }, body: body.length ? body : undefined });
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
      res.end(Buffer.from(await answer.arrayBuffer()));
    })().catch(() => res.destroy()); // the fake stopped while a long poll was passing through
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    apiRoot: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
