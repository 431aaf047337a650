import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/fixtures.js';
import { waitFor } from '../support/wait-for.js';
import { appAndBrowser, PHONE, webClient } from './web-helpers.js';

/** Behaviour a member notices in the web chat on a phone (390×844), in headless Chromium. */
describe('the web chat page on a phone', () => {
  const ctx = appAndBrowser();

  const open = async (options: { locale?: string } = {}) => {
    const page = await ctx.browser.newPage({ viewport: PHONE, locale: options.locale ?? 'vi-VN' });
    await page.goto(ctx.app.baseUrl);
    await page.locator('.msg.bot .choices button').first().waitFor();
    return page;
  };
  const clientIdOf = (page: Page) => page.evaluate(() => localStorage.getItem('htx.clientId')!);
  const chatPosts = (page: Page) => {
    const posts: Array<{ messageId: string; text?: string; choice?: string }> = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/chat') posts.push(r.postDataJSON());
    });
    return posts;
  };
  /** Where an element is, and whether it is the element a finger would touch at its centre. */
  const touchable = (page: Page, selector: string, index: number) =>
    page.evaluate(
      ([sel, i]) => {
        const el = document.querySelectorAll(sel as string)[i as number] as HTMLElement;
        const box = el.getBoundingClientRect();
        const log = document.getElementById('log')!.getBoundingClientRect();
        const dock = document.querySelector('.dock')!.getBoundingClientRect();
        const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
        return { top: box.top, bottom: box.bottom, logTop: log.top, logBottom: log.bottom, dockTop: dock.top, onTop: hit === el || el.contains(hit) };
      },
      [selector, index] as const,
    );

  it('shows the newest reply’s buttons above the composer, where a tap reaches them', async () => {
    const page = await open();
    // A conversation longer than the screen first.
    for (const question of ['htx vay von uu dai o dau', 'thue thu nhap doanh nghiep htx']) {
      await page.fill('#text', question);
      await page.press('#text', 'Enter');
      await page.locator('.msg.bot').filter({ hasText: 'Căn cứ:' }).nth(question.startsWith('htx') ? 0 : 1).waitFor();
    }
    await page.getByRole('button', { name: '📚 Chính sách hỗ trợ' }).last().click();
    const topics = page.locator('.msg.bot').filter({ hasText: 'Chọn một chủ đề' }).last();
    await topics.waitFor();
    const buttons = topics.locator('.choices button');
    const count = await buttons.count();
    expect(count).toBeGreaterThan(3);
    const selector = '.msg.bot:last-of-type .choices button';
    for (let i = 0; i < count; i++) {
      const b = await touchable(page, selector, i);
      expect(b.bottom, `button ${i} ends above the composer`).toBeLessThanOrEqual(b.dockTop);
      expect(b.top, `button ${i} starts inside the conversation`).toBeGreaterThanOrEqual(b.logTop);
      expect(b.onTop, `button ${i} is not covered`).toBe(true);
    }
    // A tap where the last button is now (no scrolling) follows it.
    const last = await buttons.last().boundingBox();
    const label = await buttons.last().textContent();
    await page.mouse.click(last!.x + last!.width / 2, last!.y + last!.height / 2);
    await page.locator('.msg.user').filter({ hasText: label! }).waitFor();
    // Nothing overflows sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await page.close();
  });

  it('lands a long answer with its title in view, to be read from the top', async () => {
    const page = await open();
    await page.fill('#text', 'htx vay von uu dai o dau');
    await page.press('#text', 'Enter');
    const answer = page.locator('.msg.bot').filter({ hasText: 'Căn cứ:' }).first();
    await answer.waitFor();
    const where = await answer.evaluate((el) => {
      const box = el.getBoundingClientRect();
      const log = document.getElementById('log')!;
      const view = log.getBoundingClientRect();
      return { top: box.top, height: box.height, viewTop: view.top, viewHeight: log.clientHeight };
    });
    expect(where.height, 'the answer is longer than the screen (the case that matters)').toBeGreaterThan(where.viewHeight);
    expect(where.top).toBeGreaterThanOrEqual(where.viewTop);
    expect(where.top).toBeLessThan(where.viewTop + 40);
    await page.close();
  });

  it('keeps the typed text after a failed send, and sends it on retry as the same message, answered once', async () => {
    const page = await open();
    const posts = chatPosts(page);
    let failures = 1;
    // The first send reaches the server, but the answer is lost on the way back (a phone losing signal).
    await page.route('**/api/chat', async (route) => {
      if (failures-- > 0) {
        await route.fetch();
        return route.abort('internetdisconnected');
      }
      return route.continue();
    });
    const long = `Thương lái ép giá rau của HTX, ${'vụ này chúng tôi bán lỗ nhiều, '.repeat(80)}`.slice(0, 1999) + '.';
    expect(long).toHaveLength(2000);
    await page.fill('#text', long);
    await page.click('#send');
    await page.locator('#notice').waitFor();
    expect(await page.locator('#notice-text').textContent()).toContain('Chưa gửi được');
    expect(await page.inputValue('#text')).toBe(long);
    await page.getByRole('button', { name: 'Thử lại' }).click();
    await page.locator('.msg.user').filter({ hasText: 'Thương lái ép giá rau' }).waitFor();
    expect(await page.inputValue('#text')).toBe('');
    expect(await page.locator('#notice').isHidden()).toBe(true);
    const sent = posts.filter((p) => p.text === long);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.messageId).toBe(sent[0]!.messageId);
    // One turn: the member's message and its answer are on the page and in the history once.
    expect(await page.locator('.msg.user').filter({ hasText: 'Thương lái ép giá rau' }).count()).toBe(1);
    const history = await webClient(ctx.app.baseUrl, await clientIdOf(page)).history();
    expect(history.filter((m) => m.text === long)).toHaveLength(1);
    const answersAfter = history.slice(history.findIndex((m) => m.text === long) + 1);
    const pageBotTexts = await page.locator('.msg.bot').allTextContents();
    for (const m of answersAfter) expect(pageBotTexts.filter((t) => t.startsWith(m.reply!.text))).toHaveLength(1);
    await page.close();
  });

  it('does not send on Enter while an input method is composing (Telex, VNI); Enter afterwards sends, Shift+Enter is a new line', async () => {
    const page = await open();
    const posts = chatPosts(page);
    await page.fill('#text', 'hợp tác xã vay vốn');
    /** A keydown of Enter as an input method sends it while a word is being composed. */
    const enter = (isComposing: boolean, keyCode: number) =>
      page.evaluate(
        ([composing, code]) => {
          const box = document.getElementById('text')!;
          box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true, isComposing: composing === 1, keyCode: code } as KeyboardEventInit));
        },
        [isComposing ? 1 : 0, keyCode] as [number, number],
      );
    await enter(true, 229);
    await enter(false, 229); // Safari and some Android keyboards: keyCode 229 only
    await enter(true, 13);
    await page.press('#text', 'Shift+Enter');
    await page.waitForTimeout(300);
    expect(posts).toHaveLength(0);
    expect(await page.inputValue('#text')).toBe('hợp tác xã vay vốn\n');
    await page.press('#text', 'Enter');
    await page.locator('.msg.user').filter({ hasText: 'hợp tác xã vay vốn' }).waitFor();
    expect(posts.map((p) => p.text)).toEqual(['hợp tác xã vay vốn']);
    await page.close();
  });

  it('shows English page chrome for an English browser, and after a member chooses English', async () => {
    const english = await open({ locale: 'en-US' });
    await english.locator('.msg.bot').filter({ hasText: 'Hello!' }).waitFor();
    expect(await english.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await english.getAttribute('#text', 'placeholder')).toContain('Type a question');
    expect(await english.textContent('#send')).toBe('Send');
    expect(await english.getAttribute('#attach', 'aria-label')).toBe('Send a photo');
    expect(await english.title()).toContain('Cooperative Assistant');
    await english.close();

    const page = await open({ locale: 'vi-VN' });
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('vi');
    expect(await page.textContent('#send')).toBe('Gửi');
    await page.getByRole('button', { name: '🌐 Ngôn ngữ / Language' }).last().click();
    await page.getByRole('button', { name: 'English' }).last().click();
    await page.getByText('Switched to English.').waitFor();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await page.textContent('#send')).toBe('Send');
    expect(await page.getAttribute('#log', 'aria-label')).toBe('Conversation');
    // The choice is remembered by the page too.
    await page.reload();
    await page.waitForFunction(() => document.getElementById('send')!.textContent === 'Send');
    await page.close();
  });

  it('brings the last messages back after a reload, then shows staff answers as they arrive', async () => {
    const page = await open();
    await page.fill('#text', 'htx vay von uu dai o dau');
    await page.press('#text', 'Enter');
    await page.locator('.msg.bot').filter({ hasText: 'Căn cứ:' }).first().waitFor();
    const before = await page.locator('.msg').allTextContents();
    const posts = chatPosts(page);
    const inboxUrls: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/chat/inbox')) inboxUrls.push(r.url());
    });
    await page.reload();
    inboxUrls.length = 0; // polls of the page before the reload
    await page.locator('.msg.user').filter({ hasText: 'htx vay von uu dai o dau' }).waitFor();
    expect(await page.locator('.msg').allTextContents()).toEqual(before);
    expect(posts).toHaveLength(0); // no second welcome
    const clientId = await clientIdOf(page);
    const history = await webClient(ctx.app.baseUrl, clientId).history();
    await waitFor(() => inboxUrls.length > 0, 6000); // the page's next inbox poll (every 3 s)
    expect(inboxUrls.every((u) => new URL(u).searchParams.get('after') === String(history.at(-1)!.id))).toBe(true);
    await ctx.app.storage.webInbox.push(clientId, { from: 'bot', reply: { text: '💬 Liên minh HTX tỉnh trả lời: đã liên hệ siêu thị.' } }, 'deliver:test:1');
    await page.getByText('đã liên hệ siêu thị').waitFor({ timeout: 6000 });
    await page.close();
  });

  it('has no serious or critical accessibility problem (axe-core), with a notice shown too', async () => {
    const page = await open();
    const axe = join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js');
    // The page's CSP refuses an injected <script>; evaluating through the DevTools protocol is not a page script.
    await page.evaluate(readFileSync(axe, 'utf8'));
    const check = async () => {
      const result = await page.evaluate(async () => {
        const r = await (window as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[] }> }> } }).axe.run();
        return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
      });
      return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    };
    expect(await check()).toEqual([]);
    await page.route('**/api/chat', (route) => route.abort('internetdisconnected'));
    await page.fill('#text', 'thu lai');
    await page.press('#text', 'Enter');
    await page.locator('#notice').waitFor();
    expect(await check()).toEqual([]);
    // Controls are labelled and real buttons; the conversation is announced politely.
    expect(await page.getAttribute('#log', 'aria-live')).toBe('polite');
    expect(await page.getByRole('button', { name: 'Gửi ảnh' }).count()).toBe(1);
    expect(await page.getByRole('textbox', { name: 'Tin nhắn' }).count()).toBe(1);
    await page.close();
  });

  it('sends the browser id in a header, never in a URL', async () => {
    const page = await ctx.browser.newPage({ viewport: PHONE, locale: 'vi-VN' });
    const requests: Request[] = [];
    page.on('request', (r) => void requests.push(r));
    await page.goto(ctx.app.baseUrl);
    await page.locator('.msg.bot .choices button').first().waitFor();
    await page.getByRole('button', { name: '📚 Chính sách hỗ trợ' }).first().click();
    await page.getByText('Chọn một chủ đề').waitFor();
    await waitFor(() => requests.some((r) => r.url().includes('/api/chat/inbox')), 6000); // one inbox poll
    const clientId = await clientIdOf(page);
    expect(clientId).toMatch(/^[0-9a-f-]{36}$/);
    expect(requests.some((r) => r.url().includes('/api/chat/inbox'))).toBe(true);
    for (const r of requests) expect(r.url().toLowerCase()).not.toContain(clientId);
    for (const r of requests.filter((r) => new URL(r.url()).pathname.startsWith('/api/'))) expect(await r.headerValue('x-client-id')).toBe(clientId);
    await page.close();
  });
});
