import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/start-test-app.js';
import { pngImage, webClient } from './web-helpers.js';

describe('the web chat API (no browser)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => app?.close());

  it('refuses a call without a valid X-Client-Id with 400 and says why', async () => {
    const body = JSON.stringify({ messageId: randomUUID(), text: '/start' });
    const missing = await fetch(`${app.baseUrl}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: string }).error).toContain('X-Client-Id');
    const invalid = await fetch(`${app.baseUrl}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-client-id': 'client-0001' }, body });
    expect(invalid.status).toBe(400);
    expect((await fetch(`${app.baseUrl}/api/chat/inbox?after=0`)).status).toBe(400);
    expect((await fetch(`${app.baseUrl}/api/chat/history`, { headers: { 'x-client-id': 'nope' } })).status).toBe(400);
    // The old way, the id in the URL, is not read.
    expect((await fetch(`${app.baseUrl}/api/chat/inbox?clientId=${randomUUID()}&after=0`)).status).toBe(400);
  });

  it('answers a retried message (same messageId) with the same replies, applied and stored once', async () => {
    const member = webClient(app.baseUrl);
    await member.chat({ text: '/start' });
    const messageId = randomUUID();
    const first = await member.chat({ choice: 'browse' }, messageId);
    expect(first.replies[0]!.text).toContain('Chọn một chủ đề');
    const retry = await member.chat({ choice: 'browse' }, messageId);
    expect(retry).toEqual(first);
    // The retry did not apply the choice again: the member is one step further, not two.
    const history = await member.history();
    expect(history.filter((m) => m.from === 'member' && m.text === '📚 Chính sách hỗ trợ')).toHaveLength(1);
    expect(history.filter((m) => m.reply?.text.includes('Chọn một chủ đề'))).toHaveLength(1);
    expect(history.at(-1)!.id).toBe(first.lastId);
    expect(first.ids).toEqual(history.slice(-first.ids.length).map((m) => m.id));
  });

  it('keeps typed text, tapped labels and replies in the history, and the inbox gives what came after an id', async () => {
    const member = webClient(app.baseUrl);
    const start = await member.chat({ text: '/start' });
    const asked = await member.chat({ text: 'htx vay von uu dai o dau' });
    const history = await member.history();
    expect(history.map((m) => m.from)).toEqual(['member', ...start.replies.map(() => 'bot'), 'member', ...asked.replies.map(() => 'bot')]);
    expect(history[0]).toEqual({ id: start.ids[0], from: 'member', text: '/start' });
    expect(history.find((m) => m.text === 'htx vay von uu dai o dau')).toBeDefined();
    expect(await member.inbox(start.lastId)).toEqual(history.slice(start.ids.length));
    expect(await member.inbox(asked.lastId)).toEqual([]);
  });

  it('shows a staff answer stored for this browser as a bot message, and only to it', async () => {
    const member = webClient(app.baseUrl);
    const { lastId } = await member.chat({ text: '/start' });
    await app.storage.webInbox.push(member.clientId, { from: 'bot', reply: { text: '💬 Cán bộ trả lời' } }, 'deliver:1');
    await app.storage.webInbox.push(member.clientId, { from: 'bot', reply: { text: '💬 Cán bộ trả lời' } }, 'deliver:1');
    const after = await member.inbox(lastId);
    expect(after).toEqual([{ id: expect.any(Number), from: 'bot', reply: { text: '💬 Cán bộ trả lời' } }]);
    expect(await webClient(app.baseUrl).inbox(0)).toEqual([]);
  });

  it('refuses a text/plain or multipart chat POST (a cross-site form could send one) with 415', async () => {
    const res = await fetch(`${app.baseUrl}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'x-client-id': randomUUID() },
      body: JSON.stringify({ messageId: randomUUID(), text: 'hi' }),
    });
    expect(res.status).toBe(415);
    // Multipart is read by the photo upload only.
    const form = new FormData();
    form.append('text', 'hi');
    const multipart = await fetch(`${app.baseUrl}/api/chat`, { method: 'POST', headers: { 'x-client-id': randomUUID() }, body: form });
    expect(multipart.status).toBe(415);
    // And the upload takes nothing but multipart.
    const json = await fetch(`${app.baseUrl}/api/chat/photo`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-client-id': randomUUID() }, body: '{}' });
    expect(json.status).toBe(415);
  });

  it('stores an uploaded PNG and shows it only to the browser that sent it', async () => {
    const member = webClient(app.baseUrl);
    const image = pngImage();
    const res = await member.upload(image);
    expect(res.status).toBe(200);
    const { photo } = (await res.json()) as { photo: string };
    expect(photo).toMatch(/^[0-9a-f-]{36}$/);
    const own = await member.photo(photo);
    expect(own.status).toBe(200);
    expect(own.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await own.arrayBuffer()).equals(image)).toBe(true);
    const stranger = webClient(app.baseUrl);
    expect((await stranger.photo(photo)).status).toBe(404);
    // Nor can another browser send it as its own.
    expect((await stranger.post({ photo })).status).toBe(400);
    expect(await app.storage.photos.load(photo)).toEqual({ data: image, type: 'image/png' });
  });

  it('refuses a photo over 5 MiB with 413', async () => {
    const big = Buffer.concat([pngImage(), Buffer.alloc(6 * 1024 * 1024)]);
    const res = await webClient(app.baseUrl).upload(big);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { code: string }).code).toBe('photo-too-large');
  });

  it('refuses a text file sent as image/png with 415, by its bytes', async () => {
    const res = await webClient(app.baseUrl).upload(Buffer.from('Biên bản họp HTX, không phải ảnh'), 'image/png', 'anh.png');
    expect(res.status).toBe(415);
    const body = (await res.json()) as { error: string; code: string };
    expect(body.code).toBe('photo-type');
    expect(body.error).toContain('JPEG, PNG or WebP');
  });

  it('lets one browser upload 20 photos an hour, then says so with 429', async () => {
    const member = webClient(app.baseUrl);
    const image = pngImage(2, 2);
    for (let i = 0; i < 20; i++) expect((await member.upload(image)).status).toBe(200);
    const refused = await member.upload(image);
    expect(refused.status).toBe(429);
    const body = (await refused.json()) as { error: string; code: string; retryAfterSeconds: number };
    expect(body).toMatchObject({ code: 'photo-rate' });
    expect(body.error).toContain('20 photos an hour');
    expect(body.retryAfterSeconds).toBeGreaterThan(0);
    // Another browser is not held back.
    expect((await webClient(app.baseUrl).upload(image)).status).toBe(200);
  });

  it('serves the page strings in both languages with the same keys', async () => {
    const vi = (await (await fetch(`${app.baseUrl}/web-i18n/vi.json`)).json()) as Record<string, string>;
    const en = (await (await fetch(`${app.baseUrl}/web-i18n/en.json`)).json()) as Record<string, string>;
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
    expect(vi['send']).toBe('Gửi');
    expect(en['send']).toBe('Send');
    const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(vi)) expect(vars(en[key]!), key).toEqual(vars(vi[key]!));
  });
});
