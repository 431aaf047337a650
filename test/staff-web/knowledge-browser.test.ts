import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, PHONE } from '../e2e/web-helpers.js';
import { axeProblems } from './axe-problems.js';
import { CONSOLE_PASSWORD, useConsoleApp } from './console-app.js';

const LAPTOP = { width: 1280, height: 800 };

// What the browser does here (markup, htmx, focus) does not depend on the store: the HTTP tests run on both.
describe('the knowledge editor in a browser', () => {
  const ctx = useConsoleApp('sqlite', [['mai', 'Trần Thị Mai', 'editor']]);
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  const logIn = async (page: Page) => {
    await page.goto(`${ctx.app.baseUrl}/staff/login`);
    await page.getByLabel('Tên đăng nhập').fill('mai');
    await page.getByLabel('Mật khẩu').fill(CONSOLE_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(`${ctx.app.baseUrl}/staff`);
  };

  it('takes an editor from the list to a refused field, a preview in place and a saved draft, every page accessible on a laptop and a phone', async () => {
    const context = await browser.newContext({ viewport: LAPTOP, locale: 'vi-VN' });
    const page = await context.newPage();
    const scriptErrors: string[] = [];
    page.on('pageerror', (e) => scriptErrors.push(e.message));
    await logIn(page);

    await page.getByRole('navigation').getByRole('link', { name: 'Cơ sở kiến thức' }).click();
    await page.getByRole('heading', { name: 'Cơ sở kiến thức' }).waitFor();
    expect(await axeProblems(page)).toEqual([]);
    await page.getByLabel('Tìm (mã mục, tiêu đề)').fill('phuong an vay');
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await page.locator('a[href="/staff/knowledge/credit-loan-plan"]').click();
    await page.getByRole('heading', { name: 'Lịch sử các bản' }).waitFor();
    expect(await axeProblems(page)).toEqual([]);

    await page.getByRole('link', { name: 'Sửa', exact: true }).click();
    await page.locator('#kf-sources-0-number').waitFor();
    await page.locator('#kf-sources-0-number').fill('');
    await page.locator('#kf-answer-vi').fill('HTX cần phương án vay vốn rõ ràng (bản của Mai).\nChi tiết như sau.');
    await page.locator('.kb-buttons button.primary').click();
    await page.getByRole('heading', { name: /Chưa lưu: 1 chỗ cần sửa/ }).waitFor();
    expect(await page.locator('#kf-sources-0-number-problem').textContent()).toContain('Cần số hiệu văn bản');
    expect(await page.locator('#kf-answer-vi').inputValue()).toContain('(bản của Mai)');
    expect(await axeProblems(page)).toEqual([]);

    // The preview comes in under the form without leaving the page (htmx).
    await page.locator('#kf-sources-0-number').fill('45/2021/NĐ-CP');
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
    await page.getByRole('button', { name: 'Xem trước / Preview' }).click();
    await page.locator('.kb-phone[data-channel="zalo"][data-locale="vi"]').getByText('HTX cần phương án vay vốn rõ ràng (bản của Mai).').waitFor();
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    expect(await axeProblems(page)).toEqual([]);

    // A source added by a round trip keeps what was typed.
    await page.getByRole('button', { name: 'Thêm văn bản' }).click();
    await page.locator('#kf-sources-2-number').waitFor();
    expect(await page.locator('#kf-answer-vi').inputValue()).toContain('(bản của Mai)');
    await page.locator('#kf-note').fill('Rõ hơn câu đầu');
    await page.locator('.kb-buttons button.primary').click();
    await page.getByText(/Đã lưu bản nháp \d+/).waitFor();
    expect(await page.locator('.kb-body').textContent()).toContain('(bản của Mai)');

    await page.setViewportSize(PHONE);
    expect(await axeProblems(page)).toEqual([]);
    expect(scriptErrors).toEqual([]);
    await context.close();
  });
});
