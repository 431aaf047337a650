import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/start-test-app.js';

const CHROMIUM = '/usr/bin/chromium';

describe('the web chat page in headless Chromium', () => {
  let app: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install chromium`);
    app = await startTestApp();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('answers a question typed without diacritics with its legal basis, on a phone-sized screen', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 640 }, locale: 'vi-VN' });
    await page.goto(app.baseUrl);
    await page.getByText('Xin chào').first().waitFor();
    await page.fill('#text', 'htx vay von uu dai o dau');
    await page.press('#text', 'Enter');
    const answer = page.locator('.msg.bot').filter({ hasText: 'Căn cứ:' }).first();
    await answer.waitFor();
    expect(await answer.textContent()).toMatch(/Nội dung rà soát lần cuối: \d+\/\d+\/\d{4}/);
    // Nothing overflows sideways on a 360-pixel screen.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.close();
  });

  it('follows a tapped choice button', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 640 }, locale: 'vi-VN' });
    await page.goto(app.baseUrl);
    await page.getByRole('button', { name: '📚 Chính sách hỗ trợ' }).first().click();
    await page.getByText('Chọn một chủ đề').waitFor();
    await page.getByRole('button', { name: 'Tín dụng, vay vốn' }).click();
    await page.getByText('Chính sách về Tín dụng').waitFor();
    await page.close();
  });
});

describe('the web chat API', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => app?.close());
  const browsers = new Map<string, string>();
  /** A browser id per name, as a page makes one (a UUID). */
  const browserId = (name: string) => browsers.get(name) ?? browsers.set(name, randomUUID()).get(name)!;
  const post = (body: unknown, clientId = browserId('default')) =>
    fetch(`${app.baseUrl}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-client-id': clientId },
      body: typeof body === 'string' ? body : JSON.stringify({ messageId: randomUUID(), ...(body as object) }),
    });

  it('answers text and choices with replies and their choices', async () => {
    const res = await post({ text: '/start' }, browserId('one'));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { replies: Array<{ text: string; choices: Array<{ id: string }> }> };
    expect(body.replies[0]!.choices.map((c) => c.id)).toContain('browse');
    const next = (await (await post({ choice: 'browse' }, browserId('one'))).json()) as { replies: Array<{ text: string }> };
    expect(next.replies[0]!.text).toContain('Chọn một chủ đề');
  });

  it('rejects malformed requests with 400 and a reason', async () => {
    expect((await post('{oops')).status).toBe(400);
    const bad = await post({ text: 'hi' }, 'x');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain('X-Client-Id');
    expect((await post({})).status).toBe(400);
    const noId = await post(JSON.stringify({ text: 'hi' }));
    expect(noId.status).toBe(400);
    expect(((await noId.json()) as { error: string }).error).toContain('messageId');
  });

  it('gives a polite limit for a 10,000-character message', async () => {
    const res = await post({ text: 'x'.repeat(10_000) }, browserId('three'));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { replies: Array<{ text: string }> }).replies[0]!.text).toContain('quá giới hạn');
  });

  it('answers 404 for unknown paths and 405 for a wrong method', async () => {
    expect((await fetch(`${app.baseUrl}/nope`)).status).toBe(404);
    expect((await fetch(`${app.baseUrl}/api/chat`)).status).toBe(405);
  });

  it('says at /healthz that storage and the web chat are up', async () => {
    const body = await (await fetch(`${app.baseUrl}/healthz`)).json();
    expect(body).toMatchObject({ ok: true, storage: { kind: 'sqlite', up: true }, channels: { web: 'up', telegram: 'off' } });
  });
});
