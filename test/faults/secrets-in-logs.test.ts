import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/create-logger.js';
import { Writable } from 'node:stream';
import { spawnApp } from '../support/app-process.js';
import { FakeTelegram } from '../support/fake-telegram.js';
import { startTestApp, type TestApp } from '../support/start-test-app.js';
import { waitFor } from '../support/wait-for.js';

const WEBHOOK_SECRET = 'webhook_secret_0123456789_abcdefghijklmnop';

describe('no secret in any log line or error message', () => {
  const telegram = new FakeTelegram();
  let app: TestApp;
  let apiRoot: string;
  beforeAll(async () => {
    apiRoot = await telegram.start();
    app = await startTestApp({ TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: apiRoot, TELEGRAM_WEBHOOK_URL: 'https://bot.example.vn/telegram/webhook', TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET });
  });
  afterAll(async () => {
    await app?.close();
    await telegram.stop();
  });
  const everything = () => app.logs.join('\n');
  const post = (body: unknown, secret = WEBHOOK_SECRET) =>
    fetch(`${app.baseUrl}/telegram/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret }, body: JSON.stringify(body) });

  it('when Telegram answers a non-JSON 502 (the request URL carries the token)', async () => {
    telegram.failNext('sendMessage', 3, { status: 502, description: 'Bad Gateway', raw: '<html><body>502 Bad Gateway</body></html>' });
    expect((await post(telegram.textMessage(61001, '/menu'))).status).toBe(200);
    // The failed send is logged (with grammY's error, which names the URL) and the reply queued.
    await waitFor(() => app.logs.some((l) => l.includes('telegram reply queued after a failed send')));
    expect(everything()).not.toContain(telegram.token);
    expect(everything()).not.toContain(telegram.token.split(':')[1]);
  });

  it('when the Telegram API cannot be reached at all', async () => {
    await telegram.stop();
    await post(telegram.textMessage(61002, '/menu'));
    await new Promise((r) => setTimeout(r, 500));
    apiRoot = await telegram.start();
    expect(everything()).not.toContain(telegram.token.split(':')[1]);
  });

  it('when a webhook arrives with a wrong secret, or a body nothing can handle', async () => {
    expect((await post(telegram.textMessage(61003, 'hi'), 'wrong-secret-wrong-secret-wrong-secret')).status).toBe(401);
    // An update nothing can handle: 200, or Telegram would send it again for ever.
    expect((await post({ update_id: 77, message: { chat: 'not an object', text: 5 } })).status).toBe(200);
    expect(everything()).not.toContain(WEBHOOK_SECRET);
  });

  it('in whatever field a secret turns up: a message, an error, a nested object, a Redis URL', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) });
    const logger = createLogger('debug', sink, ['s3cr3t-password', telegram.token]);
    logger.error(`GET https://api.telegram.org/bot${telegram.token}/getMe failed`);
    logger.error({ err: new Error(`connect to redis://app:s3cr3t-password@10.0.0.5:6379 failed`) }, 'redis down');
    logger.warn({ request: { url: `https://api.telegram.org/bot${telegram.token}/sendMessage`, headers: { auth: 's3cr3t-password' } } }, 'retry');
    logger.info({ other: 'https://api.telegram.org/bot987654321:AAH-another_bots_token_not_configured_x1/getMe' }, 'a token we were not told about');
    const all = lines.join('');
    expect(all).not.toContain(telegram.token);
    expect(all).not.toContain('s3cr3t-password');
    expect(all).not.toContain('AAH-another_bots_token_not_configured_x1');
    expect(all).toContain('[secret]');
  });

  it('when start-up fails with a token Telegram rejects (one line on stderr, no token)', async () => {
    telegram.failNext('getMe', 1, { status: 401, description: 'Unauthorized' });
    const started = spawnApp({ TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: apiRoot, DATA_DIR: '/tmp/htx-secrets-test' });
    const error = await started.then(
      () => undefined,
      (e: Error) => e.message,
    );
    expect(error).toBeDefined();
    expect(error).not.toContain(telegram.token.split(':')[1]);
  });
});
