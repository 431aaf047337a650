import type { Server } from 'node:http';
import { join } from 'node:path';
import type { Bot } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { Logger } from 'pino';
import type { Config } from './config/config.js';
import { ConversationService } from './conversation/conversation-service.js';
import { createTelegramBot } from './channels/telegram/create-telegram-bot.js';
import { startTelegram } from './channels/telegram/start-telegram.js';
import { TELEGRAM_WEBHOOK_PATH, telegramWebhookRoute } from './channels/telegram/webhook.js';
import { staticFile } from './channels/web/static-files.js';
import { WEB_CHAT_PATH, webChatRoute } from './channels/web/web-chat-route.js';
import { createHttpServer, listen } from './http/server.js';
import { sendJson } from './http/respond.js';
import { Router } from './http/router.js';
import { createTranslator } from './i18n/create-translator.js';
import { loadKnowledgeBase } from './knowledge/knowledge-base.js';
import { loadFlows } from './flows/load-flows.js';
import { TicketService } from './tickets/ticket-service.js';
import type { Storage } from './storage/ports.js';
import { openRedisStorage } from './storage/redis/redis-storage.js';
import { openSqliteStorage } from './storage/sqlite/sqlite-storage.js';
import { projectRoot } from './paths.js';
import { recordEffects } from './record-effects.js';

/** Where content lives; tests point these at fixtures. */
export interface AppPaths {
  flowsDir: string;
  localesDir: string;
  publicDir: string;
}

export const defaultPaths = (): AppPaths => ({
  flowsDir: join(projectRoot, 'flows'),
  localesDir: join(projectRoot, 'locales'),
  publicDir: join(projectRoot, 'src', 'channels', 'web', 'public'),
});

export interface App {
  /** The bound HTTP port. */
  port: number;
  storage: Storage;
  telegram?: Bot;
  stop(): Promise<void>;
}

export interface AppOptions {
  config: Config;
  logger: Logger;
  paths?: AppPaths;
  /** Known bot identity: skips getMe (tests). */
  telegramBotInfo?: UserFromGetMe;
}

/** Wires config → storage → core → channels → HTTP, and starts everything. */
export async function startApp({ config, logger, paths = defaultPaths(), telegramBotInfo }: AppOptions): Promise<App> {
  const knowledge = loadKnowledgeBase(paths.flowsDir);
  const flows = loadFlows(paths.flowsDir);
  const translator = createTranslator(paths.localesDir);
  const storage = config.storage.kind === 'redis' ? await openRedisStorage(config.storage.url) : openSqliteStorage(config.storage.dataDir);
  const tickets = new TicketService(storage.tickets);
  const conversations = new ConversationService({
    engine: { knowledge, translator, defaultLocale: config.defaultLocale, flows, tickets, now: () => new Date() },
    sessions: storage.sessions,
    onEffects: (_id, effects) => recordEffects(effects, storage.insights, logger),
  });

  const router = new Router();
  router.add('GET', '/', staticFile(paths.publicDir, 'index.html'));
  router.add('GET', '/chat.js', staticFile(paths.publicDir, 'chat.js'));
  router.add('GET', '/chat.css', staticFile(paths.publicDir, 'chat.css'));
  router.add('POST', WEB_CHAT_PATH, webChatRoute(conversations));

  let telegram: Bot | undefined;
  const tg = config.telegram;
  if (tg.mode !== 'off') {
    const webhook = tg.mode === 'webhook';
    telegram = createTelegramBot({
      token: tg.token,
      apiRoot: tg.apiRoot,
      conversations,
      claims: storage.claims,
      logger,
      botInfo: telegramBotInfo,
      // Webhook: short 429 waits only, and a 5xx or network error fails the request so Telegram
      // retries the update later (its claim is released). Polling: patient retries with back-off.
      retry: webhook
        ? { maxRetryAttempts: 2, maxDelaySeconds: 3, rethrowInternalServerErrors: true, rethrowHttpErrors: true }
        : { maxRetryAttempts: 5, maxDelaySeconds: 60 },
    });
    if (webhook) router.add('POST', TELEGRAM_WEBHOOK_PATH, telegramWebhookRoute({ bot: telegram, secret: tg.secret, logger, deadlineMs: 8000 }));
  }

  router.add('GET', '/healthz', async (_req, res) => {
    const storageUp = await storage.ping().catch(() => false);
    sendJson(res, storageUp ? 200 : 503, {
      ok: storageUp,
      storage: { kind: storage.kind, up: storageUp },
      channels: { web: 'up', telegram: tg.mode },
      entries: knowledge.entries.length,
    });
  });

  const server: Server = createHttpServer(router, logger);
  const port = await listen(server, config.port, config.host);
  logger.info({ port, host: config.host, storage: storage.kind, telegram: tg.mode, entries: knowledge.entries.length }, 'trợ lý HTX started');
  if (telegram && tg.mode !== 'off') await startTelegram(telegram, tg, logger);

  return {
    port,
    storage,
    telegram,
    async stop() {
      if (telegram?.isRunning()) await telegram.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await storage.close();
    },
  };
}
