import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/fixtures.js';
import { nodeArgs } from '../support/prebuilt.js';
import { startRedis, type RedisProcess } from '../support/redis-server.js';
import { startTestApp, type TestApp } from '../support/start-test-app.js';
import { logInToConsole } from '../staff-web/console-app.js';
import { launchChromium, PHONE, pngImage } from './web-helpers.js';

const ADMIN_PASSWORD = 'quan-tri-vien-2026';
const STAFF_PASSWORD = 'can-bo-lien-minh-2026';
const LAPTOP = { width: 1280, height: 800 };
const AXE = readFileSync(join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/** `npm run staff -- user add …` as an admin runs it, the password typed on standard input. */
function addUserWithCli(env: Record<string, string>, args: string[], password: string): Promise<{ status: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs('cli/staff'), 'user', 'add', ...args], {
      cwd: repoRoot,
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: process.env['HOME'] ?? '/tmp', ...env },
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, out }));
    child.stdin.end(`${password}\n`);
  });
}

/** No serious or critical accessibility problem on the page as it is now. */
async function expectAccessible(page: Page, what: string) {
  // The CSP refuses an injected <script>; evaluating through the DevTools protocol is not a page script.
  await page.evaluate(AXE);
  const bad = await page.evaluate(async () => {
    type Result = { violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> };
    const r = await (window as unknown as { axe: { run(): Promise<Result> } }).axe.run();
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  expect(bad, what).toEqual([]);
}


/** The member's side: the web chat page on a phone, a difficulty with a photo and a phone number. */
async function memberFilesDifficulty(page: Page, baseUrl: string, photo: Buffer): Promise<string> {
  const tap = (label: string) => page.locator('.msg.bot .choices button', { hasText: label }).last().click();
  const type = async (text: string) => {
    await page.locator('#text').fill(text);
    await page.locator('#send').click();
  };
  const replied = (text: string) => page.locator('.msg.bot', { hasText: text }).last().waitFor();
  await page.goto(baseUrl);
  await tap('🆘 Báo khó khăn, vướng mắc');
  await replied('Tên hợp tác xã');
  await type('HTX Rau an toàn <b>Yên Dũng</b>');
  await replied('Vai trò của bạn trong HTX là gì?');
  await tap('Quản lý HTX');
  await replied('xã hoặc phường');
  await type('Tân Yên');
  await replied('lĩnh vực');
  await tap('Thị trường, xúc tiến thương mại');
  await replied('mô tả khó khăn');
  await type('Thương lái ép giá rau, HTX cần tìm đầu ra ổn định');
  await replied('Mức độ');
  await tap('Khẩn cấp');
  await replied('ảnh minh họa');
  await page.setInputFiles('#photo-input', { name: 'ruong-rau.png', mimeType: 'image/png', buffer: photo });
  await replied('Đã nhận 1 ảnh');
  await tap('✅ Xong');
  await replied('Số điện thoại');
  await type('0912 345 678');
  await replied('đồng ý');
  await tap('Có');
  await replied('Kiểm tra lại');
  await tap('✅ Gửi');
  await replied('Mã hồ sơ');
  return /KK-\d{4}-\d{4}/.exec((await page.locator('.msg.bot').filter({ hasText: 'Mã hồ sơ' }).last().textContent())!)![0];
}

describe.each(['sqlite', 'redis'] as const)('the Alliance desk in a browser, on %s', (store) => {
  let app: TestApp;
  let redis: RedisProcess | undefined;
  let browser: Browser;
  let env: Record<string, string>;

  beforeAll(async () => {
    if (store === 'redis') redis = await startRedis();
    app = await startTestApp(redis ? { REDIS_URL: redis.url } : {});
    env = redis ? { REDIS_URL: redis.url } : { DATA_DIR: app.dataDir };
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await redis?.stop();
  });

  it('from an admin made with the CLI to a member’s rating counted on the dashboard', async () => {
    const made = await addUserWithCli(env, ['ha', '--role', 'admin', '--name', 'Nguyễn Thu Hà'], ADMIN_PASSWORD);
    expect(made.out).toContain('created');
    expect(made.status).toBe(0);

    // The admin logs in and creates a staff account.
    const admin = await browser.newPage({ viewport: LAPTOP, locale: 'vi-VN' });
    await logInToConsole(admin, app.baseUrl, 'ha', ADMIN_PASSWORD);
    await admin.getByRole('link', { name: 'Tài khoản' }).click();
    await admin.getByLabel('Tên đăng nhập').fill('lan');
    await admin.getByLabel('Họ tên').fill('Trần Thị Lan');
    await admin.getByLabel('Mật khẩu (ít nhất 10 ký tự)').fill(STAFF_PASSWORD);
    await admin.getByRole('button', { name: 'Tạo tài khoản' }).click();
    await admin.getByText('Đã tạo tài khoản lan').waitFor();
    await expectAccessible(admin, 'accounts page');

    // The staff member logs in (on a phone) and keeps the queue open.
    const desk = await browser.newPage({ viewport: PHONE, locale: 'vi-VN' });
    await logInToConsole(desk, app.baseUrl, 'lan', STAFF_PASSWORD);
    await desk.getByText('Không có hồ sơ nào khớp').waitFor();
    await expectAccessible(desk, 'empty queue');

    // A member files a difficulty with a photo in the web chat; the open queue shows it without a reload.
    const member = await browser.newPage({ viewport: PHONE, locale: 'vi-VN' });
    const photo = pngImage(64, 48);
    const code = await memberFilesDifficulty(member, app.baseUrl, photo);
    const row = desk.locator('#queue-rows a', { hasText: code });
    await row.waitFor({ timeout: 5_000 });
    expect(await desk.locator('#queue-rows').textContent()).toContain('Khẩn cấp');
    await expectAccessible(desk, 'queue with a ticket');

    // Staff open it: the phone, the photo, the cooperative's name as text (not markup).
    await row.click();
    await desk.waitForURL(`${app.baseUrl}/staff/tickets/${code}`);
    expect(await desk.locator('main').textContent()).toContain('+84912345678');
    expect(await desk.locator('main').textContent()).toContain('HTX Rau an toàn <b>Yên Dũng</b>');
    const shown = desk.locator('main img').first();
    await shown.scrollIntoViewIfNeeded(); // loaded lazily, as on a phone
    await desk.waitForFunction(() => [...document.querySelectorAll('main img')].some((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth === 64));
    await expectAccessible(desk, 'ticket page');

    // A note stays inside; a reply reaches the member's web chat.
    await desk.getByLabel('Ghi chú nội bộ').fill('Đã gọi điện cho chủ nhiệm HTX');
    await desk.getByRole('button', { name: 'Lưu ghi chú' }).click();
    await desk.locator('main', { hasText: 'Đã gọi điện cho chủ nhiệm HTX' }).waitFor();
    await desk.getByLabel('Trả lời thành viên').fill('Liên minh sẽ giới thiệu HTX với siêu thị trong tỉnh.');
    await desk.getByRole('button', { name: 'Gửi trả lời' }).click();
    await member.locator('.msg.bot', { hasText: 'Liên minh sẽ giới thiệu HTX với siêu thị trong tỉnh.' }).waitFor({ timeout: 10_000 });
    expect(await member.locator('#log').textContent()).not.toContain('Đã gọi điện cho chủ nhiệm HTX');

    // Staff close with an outcome; the member is asked to rate and rates.
    await desk.getByLabel('Kết quả xử lý').fill('Đã kết nối siêu thị');
    await desk.getByRole('button', { name: 'Đóng hồ sơ' }).click();
    await member.locator('.msg.bot', { hasText: 'Đã kết nối siêu thị' }).waitFor({ timeout: 10_000 });
    await member.locator('.msg.bot .choices button', { hasText: '⭐⭐⭐⭐⭐' }).last().click();
    await member.locator('.msg.bot', { hasText: 'Cảm ơn bạn đã đánh giá' }).waitFor();
    expect((await app.tickets.get(code))!.rating).toBe(5);

    // The dashboard counts it.
    await desk.goto(`${app.baseUrl}/staff/dashboard`);
    expect(await desk.locator('[data-figure="closed"]').textContent()).toBe('1');
    expect(await desk.locator('[data-figure="rating"]').textContent()).toBe('5');
    await desk.locator('#chart-weeks svg').waitFor();
    await expectAccessible(desk, 'dashboard');
    await Promise.all([admin.close(), desk.close(), member.close()]);
  }, 120_000);
});
