import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { appAndBrowser, PHONE, pngImage } from './web-helpers.js';

/** A member reports a difficulty from a phone and sends a photo of it, in headless Chromium. */
describe('photos in the web chat', () => {
  const ctx = appAndBrowser();

  /** Waits until the page has answered (the reply after the last member message is shown). */
  const replied = async (page: Page, text: string) => {
    await page.locator('.msg.bot').filter({ hasText: text }).last().waitFor();
    await page.waitForFunction(() => !(document.getElementById('send') as HTMLButtonElement).disabled);
  };
  const tap = async (page: Page, label: string) => page.getByRole('button', { name: label, exact: true }).last().click();
  const type = async (page: Page, text: string) => {
    await page.fill('#text', text);
    await page.press('#text', 'Enter');
  };

  it('sends a photo at the difficulty form’s photo step; it is shown, filed with the ticket, and back after a reload', async () => {
    const page = await ctx.browser.newPage({ viewport: PHONE, locale: 'vi-VN' });
    await page.goto(ctx.app.baseUrl);
    await tap(page, '🆘 Báo khó khăn, vướng mắc');
    await replied(page, 'Tên hợp tác xã');
    await type(page, 'HTX Rau an toàn Yên Dũng');
    await replied(page, 'Vai trò của bạn trong HTX là gì?');
    await tap(page, 'Quản lý HTX');
    await replied(page, 'xã hoặc phường');
    await type(page, 'Tân Yên');
    await replied(page, 'lĩnh vực');
    await tap(page, 'Thị trường, xúc tiến thương mại');
    await replied(page, 'mô tả khó khăn');
    await type(page, 'Thương lái ép giá rau, HTX cần tìm đầu ra ổn định');
    await replied(page, 'Mức độ');
    await tap(page, 'Bình thường');
    await replied(page, 'ảnh minh họa');

    const image = pngImage(64, 48);
    await page.setInputFiles('#photo-input', { name: 'ruong-rau.png', mimeType: 'image/png', buffer: image });
    await replied(page, 'Đã nhận 1 ảnh');
    const shown = page.locator('.msg.user.photo img').last();
    await page.waitForFunction(() => {
      const img = document.querySelector('.msg.user.photo img') as HTMLImageElement | null;
      return !!img && img.complete && img.naturalWidth === 64;
    });
    expect(await shown.getAttribute('alt')).toBe('Ảnh bạn đã gửi');

    await tap(page, '✅ Xong');
    await replied(page, 'Số điện thoại');
    await tap(page, 'Bỏ qua');
    await replied(page, 'đồng ý');
    await tap(page, 'Có');
    await replied(page, 'Kiểm tra lại');
    await tap(page, '✅ Gửi');
    await replied(page, 'Mã hồ sơ');
    const code = /KK-\d{4}-\d{4}/.exec((await page.locator('.msg.bot').filter({ hasText: 'Mã hồ sơ' }).last().textContent())!)![0];

    // Staff get the very bytes the member chose.
    const ticket = await ctx.app.tickets.get(code);
    expect(ticket!.photos).toHaveLength(1);
    const id = ticket!.photos[0]!.replace(/^photo:/, '');
    expect(await ctx.app.storage.photos.load(id)).toEqual({ data: image, type: 'image/png' });

    // After a reload the photo is in the conversation again (fetched with the browser's header).
    await page.reload();
    await page.waitForFunction(() => {
      const img = document.querySelector('.msg.user.photo img') as HTMLImageElement | null;
      return !!img && img.complete && img.naturalWidth === 64;
    });
    await page.close();
  });

  it('refuses a file that is not a photo and says so, sending nothing', async () => {
    const page = await ctx.browser.newPage({ viewport: PHONE, locale: 'vi-VN' });
    await page.goto(ctx.app.baseUrl);
    await page.locator('.msg.bot .choices button').first().waitFor();
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/chat') posts.push(r.url());
    });
    await page.setInputFiles('#photo-input', { name: 'bien-ban.png', mimeType: 'image/png', buffer: Buffer.from('Biên bản họp HTX — không phải ảnh') });
    await page.locator('#notice').waitFor();
    expect(await page.locator('#notice-text').textContent()).toBe('Tệp này không phải ảnh. Chỉ gửi được ảnh JPEG, PNG hoặc WebP.');
    expect(await page.locator('.msg.user.photo').count()).toBe(0);
    expect(posts).toEqual([]);
    // The member can carry on: the notice closes and the composer works.
    await page.getByRole('button', { name: 'Đóng' }).click();
    expect(await page.locator('#notice').isHidden()).toBe(true);
    expect(await page.locator('#send').isEnabled()).toBe(true);
    await page.close();
  });
});
