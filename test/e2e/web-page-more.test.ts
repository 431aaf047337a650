import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/fixtures.js';
import { appAndBrowser, pngImage, webClient } from './web-helpers.js';

/** A small phone: 360×640, the screen the try-outs found the most problems on. */
const SMALL_PHONE = { width: 360, height: 640 };

/** Where a message is against the visible part of the conversation. */
const placeOf = (message: Locator) =>
  message.evaluate((el) => {
    const box = el.getBoundingClientRect();
    const log = document.getElementById('log')!.getBoundingClientRect();
    return { top: box.top, bottom: box.bottom, logTop: log.top, logBottom: log.bottom };
  });
/** True when the whole message (with its buttons) is inside the visible conversation. */
const fullyInView = async (message: Locator) => {
  const p = await placeOf(message);
  return p.top >= p.logTop - 1 && p.bottom <= p.logBottom + 1;
};
/** Serious or critical axe-core findings on the page as it is now. */
const axeProblems = async (page: Page) => {
  // The page's CSP refuses an injected <script>; evaluating through the DevTools protocol is not a page script.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(readFileSync(join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8'));
  const result = await page.evaluate(async () => {
    const r = await (window as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[] }> }> } }).axe.run();
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
};
const chatPosts = (page: Page) => {
  const posts: Array<{ messageId: string; text?: string; choice?: string }> = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/chat') posts.push(r.postDataJSON());
  });
  return posts;
};
const clientIdOf = (page: Page) => page.evaluate(() => localStorage.getItem('htx.clientId')!);
/** Waits until the page has answered (the reply after the last member message is shown and Send works again). */
const replied = async (page: Page, text: string) => {
  await page.locator('.msg.bot').filter({ hasText: text }).last().waitFor();
  await page.waitForFunction(() => !(document.getElementById('send') as HTMLButtonElement).disabled);
};
const type = async (page: Page, text: string) => {
  await page.fill('#text', text);
  await page.press('#text', 'Enter');
};
/** Every photo on the page has loaded and been laid out (two frames later). */
const photosLoaded = async (page: Page, count: number) => {
  await page.waitForFunction((n) => {
    const imgs = [...document.querySelectorAll<HTMLImageElement>('.msg.user.photo img')];
    return imgs.length === n && imgs.every((img) => img.complete && img.naturalWidth > 0);
  }, count);
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
};

/** Once the photo has loaded, the bot's "Đã nhận 1 ảnh…" (the form's next step) is whole on screen, its buttons too. */
const expectPhotoReceivedInView = async (page: Page) => {
  await photosLoaded(page, 1);
  const next = page.locator('.msg.bot').last();
  expect(await next.textContent()).toContain('Đã nhận 1 ảnh');
  expect(await fullyInView(next), 'the reply and its "✅ Xong" button are on screen').toBe(true);
};

describe('the web chat page on a small phone (360×640)', () => {
  const ctx = appAndBrowser();

  const open = async (options: { locale?: string; clock?: boolean } = {}) => {
    const page = await ctx.browser.newPage({ viewport: SMALL_PHONE, locale: options.locale ?? 'vi-VN' });
    // A clock the test can move forward (it runs on by itself meanwhile).
    if (options.clock) await page.clock.install();
    await page.goto(ctx.app.baseUrl);
    await page.locator('.msg.bot .choices button').first().waitFor();
    return page;
  };
  /** Fills the difficulty form through the API, as this page's browser, up to its photo step. */
  const toPhotoStep = async (page: Page) => {
    const api = webClient(ctx.app.baseUrl, await clientIdOf(page));
    await api.chat({ choice: 'form:start:difficulty' });
    await api.chat({ text: 'HTX Rau an toàn Yên Dũng' });
    await api.chat({ text: '2' });
    await api.chat({ text: 'Tân Yên' });
    await api.chat({ choice: 'form:opt:market' });
    await api.chat({ text: 'Ruộng của HTX bị ngập do kênh tưới tiêu bị tắc từ tháng 9, đã báo xã nhưng chưa được nạo vét.' });
    const step = await api.chat({ text: '1' });
    expect(step.replies.at(-1)!.text).toContain('ảnh minh họa');
    return api;
  };

  it('keeps the form’s next step and its buttons in view after a sent photo finishes loading', async () => {
    const page = await open();
    await toPhotoStep(page);
    await page.reload();
    await replied(page, 'ảnh minh họa');
    // A tall photo: it takes up almost half the screen once loaded, after the page has scrolled.
    await page.setInputFiles('#photo-input', { name: 'ruong-ngap.png', mimeType: 'image/png', buffer: pngImage(300, 400) });
    await replied(page, 'Đã nhận 1 ảnh');
    await expectPhotoReceivedInView(page);
    await page.close();
  });

  it('keeps the newest step in view after a reload mid-form, once the photos in the history have loaded', async () => {
    const page = await open();
    const api = await toPhotoStep(page);
    const up = (await (await api.upload(pngImage(300, 400))).json()) as { photo: string };
    const received = await api.chat({ photo: up.photo });
    expect(received.replies.at(-1)!.text).toContain('Đã nhận 1 ảnh');
    await page.reload();
    await expectPhotoReceivedInView(page);
    await page.close();
  });

  it('counts characters near the 2,000 limit, refuses a longer message with a clear notice, and keeps the text', async () => {
    const page = await open();
    const posts = chatPosts(page);
    const counter = page.locator('#counter');
    const text = (n: number) => 'Ruộng của HTX bị ngập nặng do kênh tiêu bị tắc, đã báo xã nhiều lần nhưng chưa được xử lý. '.repeat(30).slice(0, n - 1) + '.';
    await page.fill('#text', text(1500));
    expect(await counter.isHidden(), 'no counter far from the limit').toBe(true);
    await page.fill('#text', text(1850));
    expect(await counter.textContent()).toBe('1.850/2.000 ký tự');
    await page.fill('#text', text(2100));
    expect(await counter.textContent()).toBe('2.100/2.000 ký tự — thừa 100 ký tự');
    expect(await page.getAttribute('#text', 'aria-invalid')).toBe('true');
    // The counter and the box fit the small screen; nothing overflows sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    expect(await axeProblems(page)).toEqual([]);

    await page.press('#text', 'Enter');
    await page.locator('#notice').waitFor();
    expect(await page.locator('#notice-text').textContent()).toBe(
      'Tin nhắn dài 2.100 ký tự, quá giới hạn 2.000 ký tự nên chưa gửi. Hãy rút gọn hoặc chia thành nhiều tin rồi gửi lại — nội dung vẫn còn trong ô.',
    );
    await page.click('#send');
    await page.waitForTimeout(300);
    expect(posts, 'nothing was sent').toEqual([]);
    expect(await page.inputValue('#text'), 'the text is still in the box').toBe(text(2100));

    // Shortened to the limit, it is sent and the box empties.
    await page.fill('#text', text(2000));
    expect(await counter.textContent()).toBe('2.000/2.000 ký tự');
    await page.press('#text', 'Enter');
    await page.locator('.msg.user').filter({ hasText: 'Ruộng của HTX bị ngập nặng' }).waitFor();
    expect(posts.map((p) => p.text)).toEqual([text(2000)]);
    expect(await page.inputValue('#text')).toBe('');
    expect(await counter.isHidden()).toBe(true);
    expect(await page.locator('#notice').isHidden()).toBe(true);
    await page.close();

    const english = await open({ locale: 'en-US' });
    await english.fill('#text', 'x'.repeat(2001));
    expect(await english.locator('#counter').textContent()).toBe('2,001/2,000 characters — 1 too many');
    await english.press('#text', 'Enter');
    await english.locator('#notice').waitFor();
    expect(await english.locator('#notice-text').textContent()).toContain('Your message is 2,001 characters long, over the 2,000-character limit');
    expect(await english.inputValue('#text')).toHaveLength(2001);
    await english.close();
  });

  it('switches the page to the language the member chose by typing, and remembers it', async () => {
    const page = await open();
    expect(await page.textContent('#send')).toBe('Gửi');
    await type(page, '/language');
    await replied(page, 'Chọn ngôn ngữ');
    await type(page, '2'); // English is the second choice
    await replied(page, 'Switched to English.');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await page.textContent('#send')).toBe('Send');
    expect(await page.getAttribute('#text', 'placeholder')).toContain('Type a question');
    expect(await page.evaluate(() => localStorage.getItem('htx.lang'))).toBe('en');
    await page.reload();
    await page.waitForFunction(() => document.getElementById('send')!.textContent === 'Send');

    await type(page, '/language');
    await replied(page, 'Choose your language');
    await type(page, 'Tiếng Việt');
    await page.waitForFunction(() => document.documentElement.lang === 'vi');
    expect(await page.textContent('#send')).toBe('Gửi');
    expect(await page.evaluate(() => localStorage.getItem('htx.lang'))).toBe('vi');
    await page.close();
  });

  it('says how many seconds to wait when sending too fast, keeps the text, and lets the member retry after the wait', async () => {
    const page = await open();
    const posts = chatPosts(page);
    // The server's 429 exactly as it sends it (test/e2e/web-limits.test.ts), here once and with a short wait.
    let refuse = 1;
    await page.route('**/api/chat', (route) =>
      refuse-- > 0
        ? route.fulfill({ status: 429, headers: { 'retry-after': '3' }, contentType: 'application/json', body: JSON.stringify({ error: 'too many requests', retryAfterSeconds: 3 }) })
        : route.continue(),
    );
    await type(page, 'htx vay von uu dai o dau');
    await page.locator('#notice').waitFor();
    expect(await page.locator('#notice-text').textContent()).toBe('Bạn gửi nhanh quá. Hãy đợi 3 giây rồi bấm "Thử lại" — nội dung vẫn còn trong ô.');
    expect(await page.inputValue('#text')).toBe('htx vay von uu dai o dau');
    const retry = page.getByRole('button', { name: 'Thử lại' });
    expect(await retry.isDisabled(), '"Retry" waits').toBe(true);
    expect(await retry.textContent()).toMatch(/^Thử lại \([123]\)$/);
    expect(await axeProblems(page)).toEqual([]);
    // Enter during the wait sends nothing more: it says again how long is left.
    await page.press('#text', 'Enter');
    await page.waitForTimeout(200);
    expect(posts).toHaveLength(1);
    expect(await page.locator('#notice-text').textContent()).toMatch(/Hãy đợi [123] giây/);

    await expect.poll(() => retry.isEnabled(), { timeout: 5000 }).toBe(true);
    expect(await retry.textContent()).toBe('Thử lại');
    await retry.click();
    await page.locator('.msg.bot').filter({ hasText: 'Căn cứ:' }).first().waitFor();
    expect(await page.inputValue('#text')).toBe('');
    expect(posts.map((p) => p.text)).toEqual(['htx vay von uu dai o dau', 'htx vay von uu dai o dau']);
    expect(posts[1]!.messageId, 'the retry is the same message').toBe(posts[0]!.messageId);
    await page.close();
  });

  it('offers "New message ↓" for a staff answer arriving while the member reads further up, and marks the title of a hidden tab', async () => {
    const page = await open({ clock: true });
    await type(page, 'htx vay von uu dai o dau');
    await replied(page, 'Căn cứ:');
    const log = await page.locator('#log').boundingBox();
    /** The member scrolls the conversation with the mouse wheel (a finger's swipe on a phone). */
    const scroll = async (dy: number) => {
      await page.mouse.move(log!.x + log!.width / 2, log!.y + 100);
      await page.mouse.wheel(0, dy);
    };
    await scroll(-3000);
    await page.waitForFunction(() => document.getElementById('log')!.scrollTop < 50);
    const clientId = await clientIdOf(page);

    await ctx.app.storage.webInbox.push(clientId, { from: 'bot', reply: { text: '💬 Liên minh HTX tỉnh trả lời: đã liên hệ ngân hàng.' } }, 'deliver:test:cue-1');
    const staff = page.locator('.msg.bot').filter({ hasText: 'đã liên hệ ngân hàng' });
    await staff.waitFor({ state: 'attached', timeout: 6000 });
    const jump = page.getByRole('button', { name: 'Tin nhắn mới' });
    await jump.waitFor();
    const before = await placeOf(staff);
    expect(before.top, 'the answer arrived below the view').toBeGreaterThan(before.logBottom);
    expect(await page.evaluate(() => document.getElementById('log')!.scrollTop)).toBeLessThan(50); // the member's place is kept
    expect(await axeProblems(page)).toEqual([]);
    await jump.click();
    expect(await fullyInView(staff)).toBe(true);
    expect(await jump.isHidden()).toBe(true);

    // Scrolling down to it by hand clears the cue too.
    await scroll(-3000);
    await page.waitForFunction(() => document.getElementById('log')!.scrollTop < 50);
    await ctx.app.storage.webInbox.push(clientId, { from: 'bot', reply: { text: '💬 Liên minh HTX tỉnh trả lời: ngân hàng hẹn thứ Hai.' } }, 'deliver:test:cue-2');
    await jump.waitFor({ timeout: 6000 });
    await scroll(10_000);
    await expect.poll(() => jump.isHidden()).toBe(true);

    // A hidden tab (headless Chromium never hides one: the page is told so as a browser would).
    const setHidden = (hidden: boolean) =>
      page.evaluate((h) => {
        Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (h ? 'hidden' : 'visible') });
        document.dispatchEvent(new Event('visibilitychange'));
      }, hidden);
    await setHidden(true);
    await ctx.app.storage.webInbox.push(clientId, { from: 'bot', reply: { text: '💬 Liên minh HTX tỉnh trả lời: hồ sơ vay đã đủ.' } }, 'deliver:test:cue-3');
    await page.clock.fastForward(16_000); // a hidden tab asks every 15 s
    await page.waitForFunction(() => document.title === '(1) Trợ lý HTX');
    await setHidden(false);
    expect(await page.title()).toBe('Trợ lý HTX');
    await page.close();
  });
});

describe('the web chat page at the server’s message limit', () => {
  const ctx = appAndBrowser({ LIMIT_WEB_PER_CLIENT_PER_MINUTE: '3', LIMIT_WEB_PER_IP_PER_MINUTE: '100' });

  it('tells the member the wait the server asked for', async () => {
    const page = await ctx.browser.newPage({ viewport: SMALL_PHONE, locale: 'vi-VN' });
    await page.goto(ctx.app.baseUrl);
    await page.locator('.msg.bot .choices button').first().waitFor(); // the page's /start: 1 of 3
    const answered = (count: number) =>
      page.waitForFunction((n) => document.querySelectorAll('.msg.user').length === n && !(document.getElementById('send') as HTMLButtonElement).disabled, count);
    await type(page, 'xin chào');
    await answered(1);
    await type(page, 'cảm ơn');
    await answered(2);
    const refused = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/chat' && r.status() === 429);
    await type(page, 'htx vay von uu dai o dau');
    const { retryAfterSeconds } = (await (await refused).json()) as { retryAfterSeconds: number };
    expect(retryAfterSeconds).toBeGreaterThan(1);
    await page.locator('#notice').waitFor();
    expect(await page.locator('#notice-text').textContent()).toBe(`Bạn gửi nhanh quá. Hãy đợi ${retryAfterSeconds} giây rồi bấm "Thử lại" — nội dung vẫn còn trong ô.`);
    expect(await page.inputValue('#text')).toBe('htx vay von uu dai o dau');
    expect(await page.getByRole('button', { name: 'Thử lại' }).isDisabled()).toBe(true);
    await page.close();
  });
});
