import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vietnamDay } from '../../src/time/vietnam-time.js';
import { launchChromium, PHONE } from '../e2e/web-helpers.js';
import { axeProblems } from './axe-problems.js';
import { logInToConsole, useConsoleApp } from './console-app.js';
import { entryBody, publishEntry } from './review/entry-body.js';

const LAPTOP = { width: 1280, height: 800 };

// What the browser does here (markup, forms, focus) does not depend on the store: the HTTP tests run on both.
describe('the review queue and the organisation in a browser', () => {
  const ctx = useConsoleApp('sqlite', [
    ['ha', 'Lê Thu Hà', 'admin'],
    ['lan', 'Nguyễn Thị Lan', 'staff'],
  ]);
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
    const { app } = ctx;
    const overdue = entryBody('market', 'browser-overdue', { reviewed: vietnamDay(new Date(Date.now() - 400 * 86_400_000)).day });
    await publishEntry(app.content, overdue);
    for (const [i, q] of ['Giá phân bón hôm nay bao nhiêu?', 'gia phan bon hom nay the nao', 'giá phân bón hôm nay ra sao'].entries()) await app.storage.insights.recordUnanswered(q, 'none', 'market', `asker-${i}`);
  });
  afterAll(async () => {
    await browser?.close();
  });

  const logIn = (page: Page, login = 'ha') => logInToConsole(page, ctx.app.baseUrl, login);

  it('takes an admin from the review queue to a group’s questions added to an entry, then through the organisation’s draft, diff and publish; every page accessible on a laptop and a phone', async () => {
    for (const viewport of [LAPTOP, PHONE]) {
      const context = await browser.newContext({ viewport, locale: 'vi-VN' });
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      const scriptErrors: string[] = [];
      page.on('pageerror', (e) => scriptErrors.push(e.message));
      await logIn(page);

      await page.getByRole('navigation', { name: /./ }).first().getByRole('link', { name: 'Rà soát' }).click();
      await page.getByRole('heading', { name: 'Hàng đợi rà soát' }).waitFor();
      expect(await page.locator('#overdue + p + table').getByRole('link', { name: 'Mục thử browser-overdue' }).count()).toBe(1);
      expect(await axeProblems(page)).toEqual([]);

      const group = page.locator('.question-group', { hasText: 'ra sao' });
      expect(await group.locator('.group-count').textContent()).toBe('3 lần hỏi');
      await group.getByRole('link', { name: 'Thêm vào câu hỏi mẫu của một mục' }).click();
      await page.getByRole('heading', { name: 'Thêm câu hỏi mẫu cho một mục' }).waitFor();
      expect(await axeProblems(page)).toEqual([]);
      const suggestions = page.getByRole('group', { name: /^Trợ lý gợi ý/ }).getByRole('radio');
      expect(await suggestions.count()).toBeGreaterThan(1);
      if (viewport === LAPTOP) {
        // Not among the suggestions: "another entry", then the full list.
        await page.getByRole('radio', { name: /^Một mục khác/ }).check();
        await page.getByLabel('Hoặc chọn trong mọi mục, theo chủ đề').selectOption('market-browser-overdue');
        await page.getByRole('button', { name: 'Lưu bản nháp có các câu hỏi này' }).click();
        await page.waitForURL(`${ctx.app.baseUrl}/staff/knowledge/market-browser-overdue?done=drafted&rev=2`);
      } else {
        // On a phone a suggestion is one tap: the radio at least 24 px, its label ticks it too.
        const first = suggestions.first();
        const box = (await first.boundingBox())!;
        expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(24);
        const id = await first.getAttribute('value');
        await page.locator('label[for="ex-s-0"]').click();
        expect(await first.isChecked()).toBe(true);
        await page.getByRole('button', { name: 'Lưu bản nháp có các câu hỏi này' }).click();
        await page.waitForURL(new RegExp(`/staff/knowledge/${id}\\?done=drafted&rev=\\d+$`));
      }

      await page.goto(`${ctx.app.baseUrl}/staff/organisation`);
      await page.getByRole('heading', { name: 'Thông tin Liên minh HTX' }).waitFor();
      expect(await axeProblems(page)).toEqual([]);
      const phone = viewport === LAPTOP ? '0204 3854 123' : '0204 3854 456';
      await page.getByLabel('Điện thoại').fill(phone);
      await page.getByRole('button', { name: 'Lưu bản nháp' }).click();
      await page.getByRole('status').getByText('Đã lưu bản nháp.').waitFor();
      const draft = page.locator('.revision.draft');
      await draft.getByText(/Thay đổi so với bản/).click();
      await draft.locator('.diff .add', { hasText: phone }).waitFor();
      expect(await axeProblems(page)).toEqual([]);
      await draft.getByRole('button', { name: /Xuất bản bản nháp/ }).click();
      await page.getByRole('status').getByText('Đã xuất bản.').waitFor();
      expect(await page.locator('#published-title + dl').textContent()).toContain(phone);
      expect(await axeProblems(page)).toEqual([]);

      await page.goto(`${ctx.app.baseUrl}/staff/conferences`);
      await page.getByRole('link', { name: /^Lịch sử/ }).first().click();
      await page.getByRole('heading', { name: /^Lịch sử: / }).waitFor();
      expect(await axeProblems(page)).toEqual([]);
      expect(scriptErrors).toEqual([]);
      await context.close();
    }
  });

  it('shows a staff account sent to the review queue a console page saying why, with the menu and a way back to the queue', async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'vi-VN' });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await logIn(page, 'lan');
    const response = await page.goto(`${ctx.app.baseUrl}/staff/review`);
    expect(response!.status()).toBe(403);
    await page.getByRole('heading', { name: 'Không mở được trang này' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toBe('Trang này chỉ dành cho biên tập viên và quản trị viên.');
    // Body text, not the plain-text monospace a bare 403 showed.
    expect(await page.locator('main').evaluate((el) => getComputedStyle(el).fontFamily)).not.toMatch(/mono/i);
    expect(await axeProblems(page)).toEqual([]);
    await page.getByRole('link', { name: 'Về hàng đợi' }).click();
    await page.waitForURL(`${ctx.app.baseUrl}/staff`);
    await context.close();
  });

  it('on a phone, gives the organisation’s details in use the width of the screen, and a refused draft a summary whose links lead to the fields', async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'vi-VN' });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await logIn(page);
    await page.goto(`${ctx.app.baseUrl}/staff/organisation`);
    // Each value under its label, as wide as the list (not squeezed beside the longest label).
    const widths = await page.locator('#published-title + dl').evaluate((dl) => ({
      list: dl.getBoundingClientRect().width,
      values: [...dl.querySelectorAll('dd')].map((dd) => dd.getBoundingClientRect().width),
    }));
    for (const w of widths.values) expect(w).toBeGreaterThan(widths.list * 0.8);

    await page.getByLabel('Thư điện tử').fill('khong-phai-email');
    await page.getByLabel('Ghi chú (không bắt buộc)').fill('Sửa địa chỉ thư');
    // The browser's own check of type="email" is what a member of staff gets first; the server's is the one tested here.
    await page.locator('form.organisation-form').evaluate((form) => form.setAttribute('novalidate', ''));
    await page.getByRole('button', { name: 'Lưu bản nháp' }).click();
    const summary = page.getByRole('alert');
    await summary.getByText('Chưa lưu: hãy sửa các mục có ghi chú màu đỏ.').waitFor();
    expect(await page.getByLabel('Ghi chú (không bắt buộc)').inputValue()).toBe('Sửa địa chỉ thư');
    expect(await axeProblems(page)).toEqual([]);
    await summary.getByRole('link', { name: 'Thư điện tử' }).click();
    await page.waitForURL(/#of-email$/);
    // The field and its label are on the screen.
    const seen = await page.evaluate(() => [document.querySelector('label[for="of-email"]')!, document.querySelector('#of-email')!].map((el) => {
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight;
    }));
    expect(seen).toEqual([true, true]);
    await context.close();
  });
});
