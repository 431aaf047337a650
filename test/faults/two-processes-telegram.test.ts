import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnApp, type AppProcess } from '../support/app-process.js';
import { FakeTelegram } from '../support/fake-telegram.js';
import { startRedis, type RedisProcess } from '../support/redis-server.js';

const SECRET = 'S3cret_for-the-webhook_0123456789abcdef';
const TRIALS = 12;

/**
 * Telegram posts an update again when its first post seems slow; behind a load balancer the two
 * posts can reach two processes at the same moment. The member is answered once: the turn is
 * applied once (the lock and the applied turn in Redis) and the process that did not apply it sends
 * nothing while the other sends (the "sending" mark in Redis, not only in that process's memory).
 */
describe('the same Telegram update at two processes at once', () => {
  const telegram = new FakeTelegram();
  let redis: RedisProcess;
  let bots: AppProcess[] = [];
  beforeAll(async () => {
    const apiRoot = await telegram.start();
    redis = await startRedis();
    const env = {
      REDIS_URL: redis.url,
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: apiRoot,
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/telegram/webhook',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
    };
    bots = await Promise.all([spawnApp(env), spawnApp(env)]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all(bots.map((b) => b.stop()));
    await redis?.stop();
    await telegram.stop();
  });

  const post = (bot: AppProcess, update: unknown) =>
    fetch(`${bot.url}/telegram/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body: JSON.stringify(update) });
  const sentTo = (chat: number) => telegram.callsOf('sendMessage').filter((c) => c.body['chat_id'] === chat);

  it(`answers the member once (${TRIALS} trials)`, async () => {
    for (let i = 0; i < TRIALS; i++) {
      const chat = 9300 + i;
      const update = telegram.textMessage(chat, 'htx co phai nop thue tndn khong');
      const statuses = await Promise.all([post(bots[0]!, update), post(bots[1]!, update)].map(async (r) => (await r).status));
      expect(statuses).toEqual([200, 200]);
    }
    await new Promise((r) => setTimeout(r, 800)); // a doubled answer would have been sent by now
    for (let i = 0; i < TRIALS; i++) {
      const answers = sentTo(9300 + i).filter((c) => String(c.body['text']).includes('Căn cứ'));
      expect(answers, `chat ${9300 + i}`).toHaveLength(1);
    }
  });
});
