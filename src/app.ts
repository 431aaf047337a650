import type { Server } from 'node:http';
import { join } from 'node:path';
import { Api, type Bot } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { Logger } from 'pino';
import type { Config } from './config/config.js';
import { ConversationService } from './conversation/conversation-service.js';
import { createTelegramBot } from './channels/telegram/create-telegram-bot.js';
import { staffDesk } from './channels/telegram/staff-desk.js';
import { startTelegram } from './channels/telegram/start-telegram.js';
import { TELEGRAM_WEBHOOK_PATH, telegramWebhookRoute } from './channels/telegram/webhook.js';
import { staticFile } from './channels/web/static-files.js';
import { WEB_CHAT_PATH, WEB_INBOX_PATH, webChatRoute, webInboxRoute } from './channels/web/web-chat-route.js';
import { createBullmqDeliveryQueue } from './delivery/bullmq-queue.js';
import type { DeliveryQueue, Sender } from './delivery/ports.js';
import { createSqliteOutbox } from './delivery/sqlite-outbox.js';
import { createPacer, TELEGRAM_RATE_LIMIT } from './delivery/pacer.js';
import { loadFlows } from './flows/load-flows.js';
import { createHttpServer, listen } from './http/server.js';
import { sendJson } from './http/respond.js';
import { Router } from './http/router.js';
import { createTranslator } from './i18n/create-translator.js';
import { loadKnowledgeBase } from './knowledge/knowledge-base.js';
import { projectRoot } from './paths.js';
import { recordEffects } from './record-effects.js';
import { staffSender, telegramMemberSender, webMemberSender } from './relay/senders.js';
import { TicketRelay } from './relay/ticket-relay.js';
import { remindOverdue } from './relay/reminders.js';
import type { Storage } from './storage/ports.js';
import { openRedisStorage } from './storage/redis/redis-storage.js';
import { openSqliteStorage } from './storage/sqlite/sqlite-storage.js';
import { StaffActions } from './tickets/staff-actions.js';
import { TicketService } from './tickets/ticket-service.js';
import { ZaloApi } from './channels/zalo/zalo-api.js';
import { createZaloHandler } from './channels/zalo/zalo-channel.js';
import { startZalo } from './channels/zalo/start-zalo.js';
import { startZaloPolling } from './channels/zalo/zalo-polling.js';
import { zaloSender } from './channels/zalo/zalo-sender.js';
import { ZALO_WEBHOOK_PATH, zaloWebhookRoute } from './channels/zalo/zalo-webhook.js';

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
  tickets: TicketService;
  queue: DeliveryQueue;
  telegram?: Bot;
  stop(): Promise<void>;
}

export interface AppOptions {
  config: Config;
  logger: Logger;
  paths?: AppPaths;
  /** Known bot identity: skips getMe (tests). */
  telegramBotInfo?: UserFromGetMe;
  /** The clock (tests of service levels). */
  now?: () => Date;
  /** How often the delivery queue looks for due jobs, in ms (tests shorten it). */
  deliveryPollMs?: number;
}

/** How often unannounced tickets are announced and overdue ones reminded (also once at start). */
const REMINDER_EVERY_MS = 10 * 60 * 1000;

/** Opens the delivery queue on the same back end as the storage. */
export function openDeliveryQueue(config: Config, storage: Storage, logger: Logger, pollIntervalMs?: number): DeliveryQueue {
  const options = { logger, ...(pollIntervalMs ? { pollIntervalMs } : {}) };
  if (config.storage.kind === 'redis') return createBullmqDeliveryQueue({ redisUrl: config.storage.url, ...options });
  return createSqliteOutbox((storage as ReturnType<typeof openSqliteStorage>).db, options);
}

/** Wires config → storage → core → channels → HTTP, and starts everything. */
export async function startApp({ config, logger, paths = defaultPaths(), telegramBotInfo, now = () => new Date(), deliveryPollMs }: AppOptions): Promise<App> {
  const knowledge = loadKnowledgeBase(paths.flowsDir);
  const flows = loadFlows(paths.flowsDir);
  const translator = createTranslator(paths.localesDir);
  const storage = config.storage.kind === 'redis' ? await openRedisStorage(config.storage.url) : openSqliteStorage(config.storage.dataDir);
  const tickets = new TicketService(storage.tickets, now);
  const queue = openDeliveryQueue(config, storage, logger, deliveryPollMs);
  const staffChat = config.telegram.mode !== 'off' && config.staffChatId !== null;

  let relay: TicketRelay | undefined;
  const conversations = new ConversationService({
    engine: { knowledge, translator, defaultLocale: config.defaultLocale, flows, tickets, now },
    sessions: storage.sessions,
    onEffects: async (id, effects) => {
      recordEffects(effects, storage.insights, logger);
      await relay?.onMemberEffects(effects);
      if (effects.some((e) => e.type === 'forget-member') && id.startsWith('web:')) await storage.webInbox.clear(id.slice(4));
    },
  });
  relay = new TicketRelay({ queue, tickets, translator, offerChoices: (id, choices) => conversations.offer(id, choices), staffChat });
  const actions = new StaffActions(tickets, relay, translator('vi'), config.serviceLevelDays, now);

  const router = new Router();
  router.add('GET', '/', staticFile(paths.publicDir, 'index.html'));
  router.add('GET', '/chat.js', staticFile(paths.publicDir, 'chat.js'));
  router.add('GET', '/chat.css', staticFile(paths.publicDir, 'chat.css'));
  router.add('POST', WEB_CHAT_PATH, webChatRoute(conversations));
  router.add('GET', WEB_INBOX_PATH, webInboxRoute(storage.webInbox));

  const senders: Record<string, Sender> = { web: webMemberSender(storage.webInbox) };
  let telegram: Bot | undefined;
  let forum = false;
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
      before: config.staffChatId !== null ? [staffDesk({ chatId: config.staffChatId, actions, tickets, t: translator('vi') })] : [],
    });
    // Deliveries use an API client without grammY's auto-retry: the queue's own retries govern them.
    const deliveryApi = new Api(tg.token, { apiRoot: tg.apiRoot });
    // Member answers and staff posts share the bot's limit, so they share one pacer.
    const pace = createPacer(TELEGRAM_RATE_LIMIT);
    senders['telegram'] = pace(telegramMemberSender(deliveryApi));
    if (config.staffChatId !== null) senders['staff'] = pace(staffSender({ api: deliveryApi, tickets, chatId: config.staffChatId, forum: () => forum }));
    if (webhook) router.add('POST', TELEGRAM_WEBHOOK_PATH, telegramWebhookRoute({ bot: telegram, secret: tg.secret, logger, deadlineMs: 8000 }));
  }

  let zaloPolling: { stop(): Promise<void> } | undefined;
  let zaloStart: (() => Promise<void>) | undefined;
  const zc = config.zalo;
  if (zc.mode !== 'off') {
    const api = new ZaloApi(zc.token, zc.apiRoot);
    senders['zalo'] = zaloSender(api);
    const handle = createZaloHandler({ api, conversations, claims: storage.claims, queue, logger });
    if (zc.mode === 'webhook') router.add('POST', ZALO_WEBHOOK_PATH, zaloWebhookRoute({ secret: zc.secret, handle, logger }));
    zaloStart = async () => {
      await startZalo(api, zc);
      if (zc.mode === 'polling') zaloPolling = startZaloPolling({ api, handle, logger });
      logger.info({ mode: zc.mode }, 'zalo started');
    };
  }

  router.add('GET', '/healthz', async (_req, res) => {
    const storageUp = await storage.ping().catch(() => false);
    const pending = await queue
      .stats()
      .then((s) => s.pending)
      .catch(() => null);
    sendJson(res, storageUp ? 200 : 503, {
      ok: storageUp,
      storage: { kind: storage.kind, up: storageUp },
      channels: { web: 'up', telegram: tg.mode, zalo: zc.mode, staffDesk: staffChat ? 'telegram' : 'cli' },
      deliveries: { pending },
      entries: knowledge.entries.length,
    });
  });

  const server: Server = createHttpServer(router, logger);
  const port = await listen(server, config.port, config.host);
  logger.info({ port, host: config.host, storage: storage.kind, telegram: tg.mode, staffDesk: staffChat, entries: knowledge.entries.length }, 'trợ lý HTX started');
  if (telegram && tg.mode !== 'off') {
    await startTelegram(telegram, tg, logger);
    if (config.staffChatId !== null) {
      forum = await telegram.api
        .getChat(config.staffChatId)
        .then((c) => 'is_forum' in c && c.is_forum === true)
        .catch((error: unknown) => {
          logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'staff chat not reachable; tickets will be posted as messages');
          return false;
        });
    }
  }
  if (zaloStart) await zaloStart();
  queue.start({
    senders,
    onFailed: async (job, reason) => {
      const code = /\b(KN|KK|CH)-\d{4}-\d{4,}\b/.exec(job.key)?.[0] ?? null;
      logger.error({ key: job.key, channel: job.channel, reason }, 'delivery gave up');
      if (code) await tickets.deliveryFailed(code, `${job.channel}: ${reason}`);
      // A failed notice about a failed staff post would fail the same way: log only.
      if (job.channel !== 'staff') await relay!.notifyStaff(`failed:${job.key}`, translator('vi')('staff.deliveryFailed', { key: job.key, reason }), code);
    },
  });
  const remind = () =>
    Promise.all([relay!.announceMissing(), remindOverdue({ tickets, relay: relay!, now: now(), days: config.serviceLevelDays, t: translator('vi') })]).catch((error: unknown) =>
      logger.error({ err: String(error) }, 'staff-chat sweep failed'),
    );
  void remind();
  const reminders = setInterval(remind, REMINDER_EVERY_MS);
  reminders.unref();

  return {
    port,
    storage,
    tickets,
    queue,
    telegram,
    async stop() {
      clearInterval(reminders);
      await zaloPolling?.stop();
      if (telegram?.isRunning()) await telegram.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await queue.stop();
      await storage.close();
    },
  };
}
