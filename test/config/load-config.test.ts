import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load-config.js';

const token = '123456:ABCdefGHIjklMNOpqrSTUvwxYZ';
const secret = 'a'.repeat(32);

describe('loadConfig', () => {
  it('starts on embedded defaults with nothing set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      storage: { kind: 'sqlite', dataDir: './data' },
      defaultLocale: 'vi',
      telegram: { mode: 'off' },
    });
  });

  it('uses Redis when REDIS_URL is set', () => {
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6380' }).storage).toEqual({ kind: 'redis', url: 'redis://127.0.0.1:6380' });
  });

  it('polls Telegram with a token and no webhook URL, at 30 messages a second unless told more', () => {
    expect(loadConfig({ TELEGRAM_BOT_TOKEN: token }).telegram).toEqual({ mode: 'polling', token, apiRoot: 'https://api.telegram.org', sendsPerSecond: 30 });
    expect(loadConfig({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_MAX_SENDS_PER_SECOND: '100' }).telegram).toMatchObject({ sendsPerSecond: 100 });
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_MAX_SENDS_PER_SECOND: 'many' })).toThrow(/TELEGRAM_MAX_SENDS_PER_SECOND/);
    expect(loadConfig({ ZALO_BOT_TOKEN: 'zalo-token-0123456789' }).zalo).toMatchObject({ mode: 'polling', sendsPerSecond: 20 });
  });

  it('uses the webhook when its URL and secret are set', () => {
    const config = loadConfig({
      TELEGRAM_BOT_TOKEN: token,
      TELEGRAM_API_ROOT: 'http://127.0.0.1:9999/',
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/telegram/webhook',
      TELEGRAM_WEBHOOK_SECRET: secret,
    });
    expect(config.telegram).toEqual({
      mode: 'webhook',
      token,
      apiRoot: 'http://127.0.0.1:9999',
      sendsPerSecond: 30,
      webhookUrl: 'https://bot.example.org/telegram/webhook',
      secret,
    });
  });

  it.each([
    [{ PORT: 'abc' }, /^Invalid PORT: expected a port number/],
    [{ PORT: '70000' }, /^Invalid PORT/],
    [{ DEFAULT_LOCALE: 'fr' }, /^Invalid DEFAULT_LOCALE: expected vi or en/],
    [{ LOG_LEVEL: 'loud' }, /^Invalid LOG_LEVEL/],
    [{ REDIS_URL: 'localhost:6379' }, /^Invalid REDIS_URL: expected a redis:\/\//],
    [{ TELEGRAM_BOT_TOKEN: 'nonsense' }, /^Invalid TELEGRAM_BOT_TOKEN/],
    [{ TELEGRAM_BOT_TOKEN: token, TELEGRAM_WEBHOOK_URL: 'https://x.org/telegram/webhook' }, /^Invalid TELEGRAM_WEBHOOK_SECRET: expected 32/],
    [{ TELEGRAM_BOT_TOKEN: token, TELEGRAM_WEBHOOK_URL: 'https://x.org/t', TELEGRAM_WEBHOOK_SECRET: 'short' }, /^Invalid TELEGRAM_WEBHOOK_SECRET/],
    [{ TELEGRAM_BOT_TOKEN: token, TELEGRAM_WEBHOOK_URL: 'not a url' }, /^Invalid TELEGRAM_WEBHOOK_URL/],
  ])('stops with one line naming the variable: %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    try {
      loadConfig(env);
    } catch (error) {
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('never echoes a secret in its error', () => {
    try {
      loadConfig({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_WEBHOOK_URL: 'https://x.org/t', TELEGRAM_WEBHOOK_SECRET: 'my-short-secret' });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).not.toContain('my-short-secret');
    }
  });
});
