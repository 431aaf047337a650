import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';
import { FakeZaloOa } from '../../support/fake-zalo-oa.js';
import { startTestApp, type TestApp } from '../../support/start-test-app.js';

const oa = new FakeZaloOa();
let app: TestApp;
let user = 1;
const nextUser = () => `oa-user-${user++}`;

beforeAll(async () => {
  const root = await oa.start();
  app = await startTestApp(oa.env(root));
});
afterAll(async () => {
  await app?.close();
  await oa.stop();
});

/** Posts as Zalo does and waits for the answer's messages to the member. */
async function say(userId: string, body: Record<string, unknown>): Promise<string> {
  const before = oa.sentTo(userId).length;
  expect((await oa.post(app.baseUrl, body)).status).toBe(200);
  await oa.waitFor(() => oa.sentTo(userId).length > before);
  await app.queue.drained(10_000);
  return oa.sentTo(userId).slice(before).join('\n\n');
}

describe('the Zalo OA webhook', () => {
  it('answers a signed text message with the customer-service API, choices as numbered lines', async () => {
    const u = nextUser();
    const answer = await say(u, oa.text(u, '/start'));
    expect(answer).toContain('Xin chào');
    expect(answer).toMatch(/^1\. /m);
  });

  it('refuses a wrong or missing signature (401) and handles nothing', async () => {
    const u = nextUser();
    const wrong = await oa.post(app.baseUrl, oa.text(u, 'xin chao'), { signature: `mac=${'0'.repeat(64)}` });
    const missing = await oa.post(app.baseUrl, oa.text(u, 'xin chao'), { signature: null });
    // Signed with another app's secret: the same shape, the wrong key.
    const body = oa.text(u, 'xin chao');
    const forged = await fetch(`${app.baseUrl}/zalo-oa/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-zevent-signature': 'mac=' + 'ab'.repeat(32) }, body: JSON.stringify(body) });
    expect([wrong.status, missing.status, forged.status]).toEqual([401, 401, 401]);
    await new Promise((r) => setTimeout(r, 200));
    expect(oa.sentTo(u)).toEqual([]);
  });

  it('refuses an event whose timestamp is stale (over a day) or far ahead, even signed', async () => {
    const u = nextUser();
    const old = await oa.post(app.baseUrl, oa.event(u, 'user_send_text', { text: 'xin chao' }, Date.now() - 25 * 60 * 60_000));
    const ahead = await oa.post(app.baseUrl, oa.event(u, 'user_send_text', { text: 'xin chao' }, Date.now() + 10 * 60_000));
    expect([old.status, ahead.status]).toEqual([401, 401]);
    expect(oa.sentTo(u)).toEqual([]);
  });

  it('takes a message Zalo posts again an hour after it was sent (the bot was down and told the member it is kept)', async () => {
    const u = nextUser();
    const late = await oa.post(app.baseUrl, oa.event(u, 'user_send_text', { text: 'xin chao' }, Date.now() - 60 * 60_000));
    expect(late.status).toBe(200);
    await oa.waitFor(() => oa.sentTo(u).length > 0);
  });

  it('answers a malformed body 400 and an event it does not handle 200, doing nothing with either', async () => {
    const u = nextUser();
    const notJson = await fetch(`${app.baseUrl}/zalo-oa/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-zevent-signature': 'mac=00' }, body: '{"event_name":' });
    expect(notJson.status).toBe(400);
    const noMessage = oa.event(u, 'user_send_text');
    delete noMessage['message'];
    expect((await oa.post(app.baseUrl, noMessage)).status).toBe(400);
    expect((await oa.post(app.baseUrl, oa.event(u, 'user_seen_message', { msg_ids: ['x'] }))).status).toBe(200);
    expect((await oa.post(app.baseUrl, oa.event(u, 'oa_send_text', { text: 'echo' }))).status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(oa.sentTo(u)).toEqual([]);
  });

  it('handles the same event posted twice once (Zalo retries a webhook it got no 200 for)', async () => {
    const u = nextUser();
    const event = oa.text(u, 'htx co phai nop thue tndn khong');
    const [a, b] = await Promise.all([oa.post(app.baseUrl, event), oa.post(app.baseUrl, event)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect((await oa.post(app.baseUrl, event)).status).toBe(200);
    await app.queue.drained(10_000);
    const answers = oa.sentTo(u).filter((t) => t.includes('Căn cứ:'));
    expect(answers).toHaveLength(1);
  });

  it('answers a sticker with the friendly "cannot read that yet", and takes an image as a photo', async () => {
    const u = nextUser();
    expect(await say(u, oa.sticker(u))).toContain('tôi chưa đọc được');
    expect(await say(u, oa.image(u, 'https://photo.zaloapp.com/ruong-lua.jpg'))).toContain('Cảm ơn bạn đã gửi ảnh');
  });

  it('welcomes a new follower with the menu, and marks one who unfollows as not reachable for announcements', async () => {
    const u = nextUser();
    expect(await say(u, oa.event(u, 'follow'))).toContain('Xin chào');
    const memberId = `zalo-oa:${u}`;
    await app.storage.subscriptions.save({ memberId, topics: ['credit'], commune: null, locale: 'vi', consentAt: new Date().toISOString() });
    expect(await app.storage.subscriptions.get(memberId)).toBeDefined();
    expect((await oa.post(app.baseUrl, oa.event(u, 'unfollow'))).status).toBe(200);
    expect((await app.storage.subscriptions.get(memberId))?.blockedAt).toBeTruthy();
  });

  it('splits an answer longer than the OA text limit into messages of at most 2,000 characters', async () => {
    const u = nextUser();
    await say(u, oa.text(u, '/start'));
    for (const text of oa.sentTo(u)) expect(text.length).toBeLessThanOrEqual(2000);
  });
});

describe('the Zalo OA configuration', () => {
  const base = { ZALO_OA_APP_ID: '4321098765432109876', ZALO_OA_SECRET_KEY: 'very-secret-key-value', ZALO_OA_REFRESH_TOKEN: 'refresh-token-value-1' };

  it('is off without its variables, and on with the three', () => {
    expect(loadConfig({}).zaloOa.mode).toBe('off');
    const on = loadConfig(base).zaloOa;
    expect(on).toMatchObject({ mode: 'webhook', apiRoot: 'https://openapi.zalo.me', oauthRoot: 'https://oauth.zaloapp.com' });
  });

  it('stops start-up on a partial set, naming what is missing and never echoing the secret', () => {
    expect(() => loadConfig({ ZALO_OA_APP_ID: base.ZALO_OA_APP_ID, ZALO_OA_SECRET_KEY: base.ZALO_OA_SECRET_KEY })).toThrow(/ZALO_OA_REFRESH_TOKEN/);
    let message = '';
    try {
      loadConfig({ ...base, ZALO_OA_SECRET_KEY: 'short' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/Invalid ZALO_OA_SECRET_KEY/);
    expect(message).not.toContain('short');
  });
});
