import { z } from 'zod';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A positive whole number with a default, for the limits on what members may do. */
const limit = (what: string, fallback: number) =>
  z.coerce
    .number({ message: `a whole number from 1 to 100000: ${what}` })
    .int(`a whole number from 1 to 100000: ${what}`)
    .min(1, `a whole number from 1 to 100000: ${what}`)
    .max(100_000, `a whole number from 1 to 100000: ${what}`)
    .default(fallback);

const metricsToken = 'a random string of 32 to 256 characters of A-Z, a-z, 0-9, _ or - (e.g. openssl rand -hex 32)';

/** Environment variables the bot reads, with what each one expects (the message names it on failure). */
export const envSchema = z.object({
  PORT: z.coerce
    .number({ message: 'a port number between 0 and 65535 (0: any free port)' })
    .int('a port number between 0 and 65535 (0: any free port)')
    .min(0, 'a port number between 0 and 65535 (0: any free port)')
    .max(65535, 'a port number between 0 and 65535 (0: any free port)')
    .default(3000),
  HOST: z.string().min(1, 'a host name or IP address to listen on').default('127.0.0.1'),
  TRUST_PROXY: z
    .string()
    .regex(/^(loopback|[0-9a-fA-F.:/]+(,[0-9a-fA-F.:/]+)*)$/, 'loopback, or the proxy addresses (IPs or CIDR ranges, comma-separated)')
    .optional(),
  DATA_DIR: z.string().min(1, 'a directory for the SQLite database').default('./data'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/\S+$/, 'a redis:// or rediss:// URL')
    .optional(),
  DEFAULT_LOCALE: z.enum(['vi', 'en'], { message: 'vi or en' }).default('vi'),
  LOG_LEVEL: z.enum(logLevels, { message: `one of ${logLevels.join(', ')}` }).default('info'),
  TELEGRAM_BOT_TOKEN: z
    .string()
    .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, 'a bot token from @BotFather, like 123456:ABC-DEF…')
    .optional(),
  TELEGRAM_API_ROOT: z.url({ message: 'an http(s) URL' }).default('https://api.telegram.org'),
  TELEGRAM_WEBHOOK_URL: z
    .url({ message: 'a public https URL ending in /telegram/webhook' })
    .optional(),
  // Telegram allows a bot about 30 messages a second; more only for bots it has granted more.
  TELEGRAM_MAX_SENDS_PER_SECOND: z.coerce.number().int('a whole number').min(1, 'at least 1').max(1000, 'at most 1000').default(30),
  ZALO_BOT_TOKEN: z.string().regex(/^\S{10,512}$/, 'the bot token from the Zalo Bot Platform (no spaces)').optional(),
  ZALO_API_ROOT: z.url({ message: 'an http(s) URL' }).default('https://bot-api.zaloplatforms.com'),
  ZALO_WEBHOOK_URL: z.url({ message: 'a public https URL ending in /zalo/webhook' }).optional(),
  // Zalo publishes no per-second number for bots: a pace below what the bot's quota allows.
  ZALO_MAX_SENDS_PER_SECOND: z.coerce.number().int('a whole number').min(1, 'at least 1').max(1000, 'at most 1000').default(20),
  ZALO_WEBHOOK_SECRET: z
    .string()
    .regex(/^\S{8,256}$/, '8 to 256 characters without spaces')
    .optional(),
  ZALO_OA_APP_ID: z.string().regex(/^\d{4,32}$/, 'the numeric app id of your Zalo app (Zalo for Developers)').optional(),
  ZALO_OA_SECRET_KEY: z.string().regex(/^\S{8,256}$/, 'the secret key of your Zalo app (8 to 256 characters without spaces)').optional(),
  ZALO_OA_REFRESH_TOKEN: z.string().regex(/^\S{8,4096}$/, 'the first OA refresh token from authorising the OA for the app (no spaces)').optional(),
  ZALO_OA_API_ROOT: z.url({ message: 'an http(s) URL' }).default('https://openapi.zalo.me'),
  ZALO_OA_OAUTH_ROOT: z.url({ message: 'an http(s) URL' }).default('https://oauth.zaloapp.com'),
  TELEGRAM_STAFF_CHAT_ID: z
    .string()
    .regex(/^-100\d{5,}$/, 'the id of the staff supergroup, like -1001234567890')
    .transform(Number)
    .optional(),
  SERVICE_LEVEL_DAYS: z.coerce
    .number({ message: 'a whole number of working days from 1 to 30' })
    .int('a whole number of working days from 1 to 30')
    .min(1, 'a whole number of working days from 1 to 30')
    .max(30, 'a whole number of working days from 1 to 30')
    .default(2),
  LIMIT_MESSAGES_PER_MINUTE: limit('messages a member may send a minute, on any channel', 20),
  LIMIT_TICKETS_PER_DAY: limit('tickets (concerns, difficulties, questions) a member may file a day', 5),
  LIMIT_FOLLOW_UPS_PER_HOUR: limit('follow-up messages a member may add to one ticket an hour', 10),
  LIMIT_WEB_PER_CLIENT_PER_MINUTE: limit('web chat requests one browser may make a minute', 30),
  LIMIT_WEB_PER_IP_PER_MINUTE: limit('web chat requests one IP address may make a minute', 120),
  SESSION_IDLE_DAYS: limit('days after which an idle conversation is forgotten', 30),
  METRICS_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9_-]{32,256}$/, metricsToken)
    .refine((token) => new Set(token).size >= 10, metricsToken)
    .optional(),
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{32,256}$/, '32 to 256 characters of A-Z, a-z, 0-9, _ or -')
    .optional(),
});

export type Env = z.infer<typeof envSchema>;
