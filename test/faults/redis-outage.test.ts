import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTelegram } from '../support/fake-telegram.js';
import { startRedis, type RedisProcess } from '../support/redis-server.js';
import { startTestApp, type TestApp } from '../support/start-test-app.js';
import { waitFor } from '../support/wait-for.js';
import { webClient } from '../e2e/web-helpers.js';

const SECRET = 'outage_test_secret_0123456789_abcdefghij';

/** Redis stopped under the bot while members write, then started again. */
describe('a Redis outage', () => {
  const telegram = new FakeTelegram();
  let redis: RedisProcess;
  let app: TestApp;
  beforeAll(async () => {
    redis = await startRedis();
    const apiRoot = await telegram.start();
    app = await startTestApp({
      REDIS_URL: redis.url,
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: apiRoot,
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.vn/telegram/webhook',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      LIMIT_WEB_PER_IP_PER_MINUTE: '100000',
    });
  }, 30_000);
  afterAll(async () => {
    await app?.close().catch(() => undefined);
    await telegram.stop();
    await redis?.stop();
  });
  const webhook = (update: unknown) =>
    fetch(`${app.baseUrl}/telegram/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body: JSON.stringify(update) });
  const timed = async <T>(work: () => Promise<T>) => {
    const start = Date.now();
    const value = await work();
    return { value, ms: Date.now() - start };
  };

  it('is answered, not hung, and recovers without losing or doubling a message', async () => {
    const member = webClient(app.baseUrl);
    expect((await member.chat({ text: '/start' })).replies[0]!.text).toContain('Xin chào');
    const linesBefore = app.logs.length;
    await redis.stop();

    // /healthz answers within 2 s, 503, naming what fails.
    const health = await timed(() => fetch(`${app.baseUrl}/healthz`));
    expect(health.ms).toBeLessThan(2500);
    expect(health.value.status).toBe(503);
    expect(((await health.value.json()) as { failing: string[] }).failing).toContain('storage');

    // The web chat: a quick 503 saying nothing was changed, so the page keeps the text and resends.
    const web = await timed(() => member.post({ text: 'htx vay von uu dai o dau' }));
    expect(web.ms).toBeLessThan(3000);
    expect(web.value.status).toBe(503);

    // Telegram: a 500 so Telegram delivers the update again later, and the member told at once.
    const update = telegram.textMessage(91001, 'htx co phai nop thue tndn khong');
    const tg = await timed(() => webhook(update));
    expect(tg.ms).toBeLessThan(3000);
    expect(tg.value.status).toBe(500);
    const notice = await waitFor(() => telegram.callsOf('sendMessage').find((c) => c.body['chat_id'] === 91001), 3000);
    expect(String(notice.body['text'])).toContain('Tin nhắn của bạn không bị mất');

    // Under load: many messages during the outage, one log line per outage state, not per message.
    await Promise.all(Array.from({ length: 40 }, (_, i) => webClient(app.baseUrl, randomUUID()).post({ text: `câu hỏi ${i}` })));
    for (let i = 0; i < 10; i++) await webhook(update);
    await new Promise((r) => setTimeout(r, 1500));
    const outageLines = app.logs.slice(linesBefore).filter((l) => /"level":(40|50)/.test(l));
    expect(outageLines.length).toBeLessThanOrEqual(6);

    // Redis back: the same update (Telegram's retry) is answered once; the web chat works.
    redis = await startRedis({ port: redis.port });
    await waitFor(async () => (await fetch(`${app.baseUrl}/healthz`)).status === 200, 15_000);
    expect((await webhook(update)).status).toBe(200);
    expect((await webhook(update)).status).toBe(200);
    await waitFor(() => telegram.callsOf('sendMessage').filter((c) => c.body['chat_id'] === 91001).length >= 2, 5000);
    await new Promise((r) => setTimeout(r, 300));
    const answers = telegram.callsOf('sendMessage').filter((c) => c.body['chat_id'] === 91001 && String(c.body['text']).includes('Căn cứ'));
    expect(answers).toHaveLength(1);
    expect((await member.chat({ text: 'htx vay von uu dai o dau' })).replies[0]!.text).toContain('Căn cứ');
    expect(app.logs.slice(linesBefore).some((l) => l.includes('reachable again') || l.includes('outage over'))).toBe(true);
  }, 60_000);
});
