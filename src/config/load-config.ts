import { envSchema } from './env-schema.js';
import type { Config, TelegramConfig, ZaloConfig, ZaloOaConfig } from './config.js';

/** Thrown with one line that names the variable and what it expects. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and validates the environment; empty strings count as unset. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    // Secrets are never echoed back; other values are, to make the mistake obvious.
    const shown = /TOKEN|SECRET|REDIS_URL/.test(name) ? '' : ` (got "${String(cleaned[name] ?? '')}")`;
    throw new ConfigError(`Invalid ${name}: expected ${issue.message}${shown}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    trustProxy: e.TRUST_PROXY ?? null,
    storage: e.REDIS_URL ? { kind: 'redis', url: e.REDIS_URL } : { kind: 'sqlite', dataDir: e.DATA_DIR },
    defaultLocale: e.DEFAULT_LOCALE,
    logLevel: e.LOG_LEVEL,
    telegram: telegramConfig(e),
    zalo: zaloConfig(e),
    zaloOa: zaloOaConfig(e),
    staffChatId: staffChat(e),
    serviceLevelDays: e.SERVICE_LEVEL_DAYS,
    limits: {
      messagesPerMinute: e.LIMIT_MESSAGES_PER_MINUTE,
      ticketsPerDay: e.LIMIT_TICKETS_PER_DAY,
      followUpsPerHour: e.LIMIT_FOLLOW_UPS_PER_HOUR,
      webPerClientPerMinute: e.LIMIT_WEB_PER_CLIENT_PER_MINUTE,
      webPerIpPerMinute: e.LIMIT_WEB_PER_IP_PER_MINUTE,
    },
    sessionIdleMs: e.SESSION_IDLE_DAYS * 24 * 60 * 60 * 1000,
    metricsToken: e.METRICS_TOKEN ?? null,
    secrets: [e.TELEGRAM_BOT_TOKEN, e.TELEGRAM_WEBHOOK_SECRET, e.ZALO_BOT_TOKEN, e.ZALO_WEBHOOK_SECRET, e.ZALO_OA_SECRET_KEY, e.ZALO_OA_REFRESH_TOKEN, e.METRICS_TOKEN, redisPassword(e.REDIS_URL)].filter((s): s is string => typeof s === 'string' && s.length > 0),
  };
}

function zaloConfig(e: ReturnType<typeof envSchema.parse>): ZaloConfig {
  if (!e.ZALO_BOT_TOKEN) {
    if (e.ZALO_WEBHOOK_URL) throw new ConfigError('Invalid ZALO_BOT_TOKEN: expected a bot token when ZALO_WEBHOOK_URL is set');
    return { mode: 'off' };
  }
  const apiRoot = e.ZALO_API_ROOT.replace(/\/+$/, '');
  const sendsPerSecond = e.ZALO_MAX_SENDS_PER_SECOND;
  if (!e.ZALO_WEBHOOK_URL) return { mode: 'polling', token: e.ZALO_BOT_TOKEN, apiRoot, sendsPerSecond };
  if (!e.ZALO_WEBHOOK_SECRET) throw new ConfigError('Invalid ZALO_WEBHOOK_SECRET: expected 8 to 256 characters without spaces (required when ZALO_WEBHOOK_URL is set)');
  return { mode: 'webhook', token: e.ZALO_BOT_TOKEN, apiRoot, sendsPerSecond, webhookUrl: e.ZALO_WEBHOOK_URL, secret: e.ZALO_WEBHOOK_SECRET };
}

/** The OA channel is on when its three values are set; some without the others is a mistake worth stopping for. */
function zaloOaConfig(e: ReturnType<typeof envSchema.parse>): ZaloOaConfig {
  const given = { ZALO_OA_APP_ID: e.ZALO_OA_APP_ID, ZALO_OA_SECRET_KEY: e.ZALO_OA_SECRET_KEY, ZALO_OA_REFRESH_TOKEN: e.ZALO_OA_REFRESH_TOKEN };
  const missing = Object.entries(given).filter(([, v]) => !v).map(([name]) => name);
  if (missing.length === 3) return { mode: 'off' };
  if (missing.length > 0) throw new ConfigError(`Invalid ${missing[0]}: expected it to be set too (the Zalo OA channel needs ZALO_OA_APP_ID, ZALO_OA_SECRET_KEY and ZALO_OA_REFRESH_TOKEN)`);
  return {
    mode: 'webhook',
    appId: e.ZALO_OA_APP_ID!,
    secretKey: e.ZALO_OA_SECRET_KEY!,
    refreshToken: e.ZALO_OA_REFRESH_TOKEN!,
    apiRoot: e.ZALO_OA_API_ROOT.replace(/\/+$/, ''),
    oauthRoot: e.ZALO_OA_OAUTH_ROOT.replace(/\/+$/, ''),
  };
}

function staffChat(e: ReturnType<typeof envSchema.parse>): number | null {
  if (e.TELEGRAM_STAFF_CHAT_ID === undefined) return null;
  if (!e.TELEGRAM_BOT_TOKEN) throw new ConfigError('Invalid TELEGRAM_STAFF_CHAT_ID: expected TELEGRAM_BOT_TOKEN to be set too (the staff desk is on Telegram)');
  return e.TELEGRAM_STAFF_CHAT_ID;
}

function telegramConfig(e: ReturnType<typeof envSchema.parse>): TelegramConfig {
  if (!e.TELEGRAM_BOT_TOKEN) {
    if (e.TELEGRAM_WEBHOOK_URL) throw new ConfigError('Invalid TELEGRAM_BOT_TOKEN: expected a bot token when TELEGRAM_WEBHOOK_URL is set');
    return { mode: 'off' };
  }
  const apiRoot = e.TELEGRAM_API_ROOT.replace(/\/+$/, '');
  const sendsPerSecond = e.TELEGRAM_MAX_SENDS_PER_SECOND;
  if (!e.TELEGRAM_WEBHOOK_URL) return { mode: 'polling', token: e.TELEGRAM_BOT_TOKEN, apiRoot, sendsPerSecond };
  if (!e.TELEGRAM_WEBHOOK_SECRET) {
    throw new ConfigError(
      'Invalid TELEGRAM_WEBHOOK_SECRET: expected 32 to 256 characters of A-Z, a-z, 0-9, _ or - (required when TELEGRAM_WEBHOOK_URL is set)',
    );
  }
  return {
    mode: 'webhook',
    token: e.TELEGRAM_BOT_TOKEN,
    apiRoot,
    sendsPerSecond,
    webhookUrl: e.TELEGRAM_WEBHOOK_URL,
    secret: e.TELEGRAM_WEBHOOK_SECRET,
  };
}

/** The password in a redis://user:password@host URL, if any. */
function redisPassword(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}
