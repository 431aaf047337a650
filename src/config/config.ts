export type Locale = 'vi' | 'en';

/** Telegram run mode: a discriminated union so only webhook mode carries the URL and secret. */
export type TelegramConfig =
  | { mode: 'off' }
  | { mode: 'polling'; token: string; apiRoot: string; sendsPerSecond: number }
  | { mode: 'webhook'; token: string; apiRoot: string; sendsPerSecond: number; webhookUrl: string; secret: string };

/** Zalo run mode: off, polling with getUpdates, or a webhook with its secret. */
export type ZaloConfig =
  | { mode: 'off' }
  | { mode: 'polling'; token: string; apiRoot: string; sendsPerSecond: number }
  | { mode: 'webhook'; token: string; apiRoot: string; sendsPerSecond: number; webhookUrl: string; secret: string };

/**
 * Zalo Official Account: off, or its webhook (POST /zalo-oa/webhook) with the app's id and secret
 * key and the first refresh token (later ones live in storage: each refresh token works once).
 */
export type ZaloOaConfig = { mode: 'off' } | { mode: 'webhook'; appId: string; secretKey: string; refreshToken: string; apiRoot: string; oauthRoot: string };

export type StorageConfig = { kind: 'sqlite'; dataDir: string } | { kind: 'redis'; url: string };

export interface Limits {
  messagesPerMinute: number;
  ticketsPerDay: number;
  followUpsPerHour: number;
  webPerClientPerMinute: number;
  webPerIpPerMinute: number;
}

/** The whole configuration, built once in main from the environment and passed down. */
export interface Config {
  port: number;
  host: string;
  /** The proxies whose X-Forwarded-For/-Proto are believed (client address, https); none by default. */
  trustProxy: string | null;
  storage: StorageConfig;
  defaultLocale: Locale;
  logLevel: string;
  telegram: TelegramConfig;
  zalo: ZaloConfig;
  zaloOa: ZaloOaConfig;
  /** The Telegram supergroup where Alliance staff work the tickets; unset: staff use the CLI. */
  staffChatId: number | null;
  /** Working days (Monday–Friday) a ticket may wait for its first answer before a reminder. */
  serviceLevelDays: number;
  /** What a member may do how often; each limit gets a polite reply. */
  limits: Limits;
  /** Conversations idle this long are forgotten, in ms. */
  sessionIdleMs: number;
  /** The bearer token GET /metrics requires; unset: no metrics are counted and /metrics is 404. */
  metricsToken: string | null;
  /** Every secret in the configuration (tokens, webhook secrets, passwords): never written to a log. */
  secrets: string[];
}
