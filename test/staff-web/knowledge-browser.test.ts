import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, PHONE } from '../e2e/web-helpers.js';
import { axeProblems } from './axe-problems.js';
import { logInToConsole, useConsoleApp } from './console-app.js';

const LAPTOP = { width: 1280, height: 800 };

// What the browser does here (markup, htmx, focus) does not depend on the store: the HTTP tests run on both.
describe('the knowledge editor in a browser', () => {
  const ctx = useConsoleApp('sqlite', [['mai', 'Trần Thị Mai', 'editor'], ['ha', 'Lê Thu Hà', 'admin']]);
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  const logIn = (page: Page, login = 'mai') => logInToConsole(page, ctx.app.baseUrl, login);

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
    await page.getByRole('button', { name: 'Xem trước', exact: true }).click();
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

  it('asks before leaving an edit form with unsaved text, not on its own buttons; the row buttons land at their group', async () => {
    const context = await browser.newContext({ viewport: LAPTOP, locale: 'vi-VN' });
    const page = await context.newPage();
    await logIn(page);
    const edit = `${ctx.app.baseUrl}/staff/knowledge/credit-fund-apply/edit`;
    await page.goto(edit);
    const asked: string[] = [];
    page.on('dialog', (dialog) => {
      asked.push(dialog.type());
      void dialog.dismiss();
    });
    // Nothing typed: the language toggle leaves without a question.
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL(edit);
    await page.getByRole('link', { name: 'Tiếng Việt' }).click();
    await page.waitForURL(edit);
    expect(asked).toEqual([]);

    await page.locator('#kf-answer-en').fill('An answer typed and not saved.');
    // A preview (htmx, in place) saves nothing: leaving still asks.
    await page.getByRole('button', { name: 'Xem trước', exact: true }).click();
    await page.locator('.kb-phone[data-channel="web"][data-locale="en"]').getByText('An answer typed and not saved.').waitFor();
    await page.getByRole('link', { name: 'English' }).click();
    await expect.poll(() => asked).toEqual(['beforeunload']);
    // Dismissed: still on the form, the text there.
    expect(page.url()).toBe(edit);
    expect(await page.locator('#kf-answer-en').inputValue()).toBe('An answer typed and not saved.');

    // Its own "add a source" takes the text along without asking, and lands at the sources.
    await page.getByRole('button', { name: 'Thêm văn bản' }).click();
    await page.waitForURL(`${edit}#kf-sources`);
    expect(await page.locator('#kf-answer-en').inputValue()).toBe('An answer typed and not saved.');
    expect(await page.locator('#kf-sources').evaluate((el) => el.getBoundingClientRect().top)).toBeLessThan(100);
    expect(asked).toEqual(['beforeunload']);
    // The form came back with unsaved text: leaving still asks.
    await page.getByRole('link', { name: 'Về trang của mục' }).click();
    await expect.poll(() => asked).toEqual(['beforeunload', 'beforeunload']);
    expect(page.url()).toBe(`${edit}#kf-sources`);
    await context.close();
  });

  it('takes a phone to the preview when it arrives, and gives checkboxes and history links room for a finger', async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'vi-VN', isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await logIn(page);
    await page.goto(`${ctx.app.baseUrl}/staff/knowledge/credit-overview/edit`);
    await page.getByRole('button', { name: 'Xem trước', exact: true }).click();
    await page.locator('.kb-phone[data-channel="telegram"][data-locale="vi"]').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('kb-preview-title');
    const top = await page.locator('#kb-preview-title').evaluate((el) => el.getBoundingClientRect().top);
    expect(top).toBeGreaterThan(-1);
    expect(top).toBeLessThan(844);

    for (const box of [await page.locator('#kf-sources-0-retroactive').boundingBox(), await page.locator('#kf-live-organisation').boundingBox()]) {
      expect(box!.width).toBeGreaterThanOrEqual(24);
      expect(box!.height).toBeGreaterThanOrEqual(24);
    }
    await page.goto(`${ctx.app.baseUrl}/staff/knowledge/credit-overview`);
    const link = await page.locator('.kb-history a.kb-rev-link').first().boundingBox();
    expect(link!.width).toBeGreaterThanOrEqual(24);
    expect(link!.height).toBeGreaterThanOrEqual(24);
    await context.close();
  });

  it('asks the admin before retiring an entry: cancelled, nothing changes; confirmed, it is retired', async () => {
    const context = await browser.newContext({ viewport: LAPTOP, locale: 'vi-VN' });
    const page = await context.newPage();
    await logIn(page, 'ha');
    const id = 'credit-social-policy-bank';
    await page.goto(`${ctx.app.baseUrl}/staff/knowledge/${id}`);
    const asked: string[] = [];
    let accept = false;
    page.on('dialog', (dialog) => {
      asked.push(dialog.message());
      void (accept ? dialog.accept() : dialog.dismiss());
    });
    await page.getByRole('button', { name: 'Ngừng dùng mục này' }).click();
    await expect.poll(() => asked.length).toBe(1);
    expect(asked[0]).toBe(`Ngừng dùng mục ${id}? Trợ lý sẽ thôi trả lời bằng mục này ngay.`);
    expect((await ctx.app.storage.content.document('entry', id))!.retired).toBe(false);

    accept = true;
    await page.getByRole('button', { name: 'Ngừng dùng mục này' }).click();
    await page.getByText('Đã ngừng dùng mục này. Lịch sử vẫn được giữ.').waitFor();
    expect((await ctx.app.storage.content.document('entry', id))!.retired).toBe(true);
    expect(await page.locator('.kb-state').textContent()).not.toContain('Trợ lý đang trả lời bằng bản');
    await context.close();
  });
});
