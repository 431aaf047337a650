import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTelegram } from '../support/fake-telegram.js';
import { startTestApp, type TestApp } from '../support/start-test-app.js';

const secret = 'S3cret_for-the-webhook_0123456789abcdef';

describe('Telegram, webhook mode, through a fake Bot API', () => {
  const telegram = new FakeTelegram();
  let app: TestApp;
  const post = (body: unknown, token: string | null = secret) =>
    fetch(`${app.baseUrl}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { 'x-telegram-bot-api-secret-token': token } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const sentTo = (chatId: number) => telegram.callsOf('sendMessage').filter((c) => c.body['chat_id'] === chatId);

  beforeAll(async () => {
    const apiRoot = await telegram.start();
    app = await startTestApp({
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: apiRoot,
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/telegram/webhook',
      TELEGRAM_WEBHOOK_SECRET: secret,
    });
  });
  afterAll(async () => {
    await app?.close();
    await telegram.stop();
  });

  it('registers the webhook with its secret at start', () => {
    expect(telegram.webhook).toEqual({ url: 'https://bot.example.org/telegram/webhook', secret_token: secret });
  });

  it('rejects a wrong or missing secret with 401 and handles nothing', async () => {
    const update = telegram.textMessage(7001, '/start');
    expect((await post(update, 'wrong-secret')).status).toBe(401);
    expect((await post(update, null)).status).toBe(401);
    await new Promise((r) => setTimeout(r, 100));
    expect(sentTo(7001)).toHaveLength(0);
  });

  it('rejects a malformed body with 400', async () => {
    expect((await post('{not json')).status).toBe(400);
    expect((await post({ hello: 'world' })).status).toBe(400);
    expect((await post({ update_id: 'x' })).status).toBe(400);
  });

  it('answers an update delivered twice only once', async () => {
    const update = telegram.textMessage(7002, 'htx co phai nop thue tndn khong');
    const [a, b] = await Promise.all([post(update), post(update)]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect((await post(update)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 100));
    expect(sentTo(7002)).toHaveLength(1);
    expect(sentTo(7002)[0]!.body['text']).toContain('Căn cứ:');
  });

  it('applies an update whose reply failed to send once, and delivers the reply once through the queue, even when Telegram retries', async () => {
    telegram.failNext('sendMessage', 1, { status: 500, description: 'Internal Server Error' });
    const update = telegram.textMessage(7003, '/menu');
    // The turn is applied and its reply queued: Telegram is told 200 and has nothing to retry.
    expect((await post(update)).status).toBe(200);
    expect((await post(update)).status).toBe(200);
    await app.queue.drained(10_000);
    expect(sentTo(7003)).toHaveLength(1);
    expect(sentTo(7003)[0]!.body['text']).toContain('Bạn muốn làm gì?');
  });

  it('reports its channels and storage at /healthz', async () => {
    const res = await fetch(`${app.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, storage: { kind: 'sqlite', up: true }, channels: { web: 'up', telegram: 'webhook' } });
  });
});
