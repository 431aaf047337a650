import { Api, type Bot } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { Logger } from 'pino';
import type { TelegramConfig } from '../../config/config.js';
import type { ConversationService } from '../../conversation/conversation-service.js';
import type { Translate } from '../../conversation/ports.js';
import { createPacer, telegramRateLimit, type RateLimit } from '../../delivery/pacer.js';
import type { SendWindow } from '../../delivery/send-window.js';
import type { DeliveryQueue, Sender } from '../../delivery/ports.js';
import { staffSender, telegramMemberSender } from '../../relay/senders.js';
import type { PhotoStore, UpdateClaims } from '../../storage/ports.js';
import type { StaffActions } from '../../tickets/staff-actions.js';
import type { TicketService } from '../../tickets/ticket-service.js';
import type { Channel } from '../channel.js';
import { createTelegramBot } from './create-telegram-bot.js';
import { staffDesk } from './staff-desk.js';
import { startTelegram } from './start-telegram.js';
import { telegramWebhookRoutes } from './webhook.js';

export interface TelegramChannelDeps {
  config: Exclude<TelegramConfig, { mode: 'off' }>;
  staffChatId: number | null;
  conversations: ConversationService;
  claims: UpdateClaims;
  queue: DeliveryQueue;
  photos: PhotoStore;
  tickets: TicketService;
  actions: StaffActions;
  staffT: Translate;
  translator: (locale: 'vi' | 'en') => Translate;
  logger: Logger;
  /** Known bot identity: skips getMe (tests). */
  botInfo?: UserFromGetMe;
  /** Counts the bot's sends with every other process on the same Redis (unset: this process alone). */
  sharedWindow?: (name: string, limit: RateLimit) => SendWindow;
}

/** The calls that count towards the bot's sending limit. */
const PACED_METHODS = new Set(['sendMessage', 'sendPhoto', 'sendDocument', 'editMessageText']);

/** Telegram: members in private chats (polling or webhook), and the staff desk in the staff group. */
export function telegramChannel(deps: TelegramChannelDeps): Channel & { bot: Bot } {
  const tg = deps.config;
  const webhook = tg.mode === 'webhook';
  const bot = createTelegramBot({
    token: tg.token,
    apiRoot: tg.apiRoot,
    conversations: deps.conversations,
    claims: deps.claims,
    queue: deps.queue,
    staffChatId: deps.staffChatId,
    t: deps.translator,
    redelivered: webhook,
    logger: deps.logger,
    botInfo: deps.botInfo,
    // Webhook: short 429 waits only, and a 5xx or network error fails the request so Telegram
    // retries the update later (its claim is released). Polling: patient retries with back-off.
    retry: webhook
      ? { maxRetryAttempts: 2, maxDelaySeconds: 3, rethrowInternalServerErrors: true, rethrowHttpErrors: true }
      : { maxRetryAttempts: 5, maxDelaySeconds: 60 },
    before: deps.staffChatId !== null ? [staffDesk({ chatId: deps.staffChatId, actions: deps.actions, tickets: deps.tickets, t: deps.staffT })] : [],
  });
  // Deliveries use an API client without grammY's auto-retry: the queue's own retries govern them.
  const deliveryApi = new Api(tg.token, { apiRoot: tg.apiRoot });
  // Member answers and staff posts share the bot's limit, so they share one pacer (and one count in Redis).
  const limit = telegramRateLimit(tg.sendsPerSecond);
  const pace = createPacer(limit, deps.sharedWindow?.('telegram', limit));
  // Answers sent at once in a member's turn take the same limit, before any waiting announcement.
  bot.api.config.use((prev, method, payload, signal) => (PACED_METHODS.has(method) ? pace.slot('interactive').then(() => prev(method, payload, signal)) : prev(method, payload, signal)));
  let forum = false;
  const senders: Record<string, Sender> = { telegram: pace(telegramMemberSender(deliveryApi)) };
  if (deps.staffChatId !== null) senders['staff'] = pace(staffSender({ api: deliveryApi, tickets: deps.tickets, chatId: deps.staffChatId, forum: () => forum, photos: deps.photos }));
  return {
    name: 'telegram',
    bot,
    capabilities: { buttons: true, maxTextLength: 4096 },
    senders,
    mode: tg.mode,
    routes: webhook ? (http) => telegramWebhookRoutes(http, { bot, secret: tg.secret, logger: deps.logger, deadlineMs: 8000 }) : undefined,
    async start() {
      await startTelegram(bot, tg, deps.logger);
      if (deps.staffChatId === null) return;
      forum = await bot.api
        .getChat(deps.staffChatId)
        .then((c) => 'is_forum' in c && c.is_forum === true)
        .catch((error: unknown) => {
          deps.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'staff chat not reachable; tickets will be posted as messages');
          return false;
        });
    },
    async stop() {
      if (bot.isRunning()) await bot.stop();
    },
  };
}
