import { Bot, type Context, type MiddlewareFn } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { autoRetry, type AutoRetryOptions } from '@grammyjs/auto-retry';
import type { Logger } from 'pino';
import type { ConversationService } from '../../conversation/conversation-service.js';
import type { UpdateClaims } from '../../storage/ports.js';
import type { DeliveryQueue } from '../../delivery/ports.js';
import type { Translate } from '../../conversation/ports.js';
import { isTransient, OutageTracker } from '../outage.js';
import { crashPoint } from '../../faults/crash-point.js';
import { renderTelegram } from './render.js';
import { toInbound } from './to-inbound.js';

/** How long an update id stays claimed: longer than any platform retry. */
const CLAIM_TTL_SECONDS = 60 * 60 * 24;

export interface TelegramBotDeps {
  token: string;
  apiRoot: string;
  conversations: ConversationService;
  claims: UpdateClaims;
  /** Where replies that could not be sent at once wait and are retried. */
  queue: DeliveryQueue;
  /** The staff group: its updates (staff actions) are claimed once; members' turns are applied once by their update id. */
  staffChatId?: number | null;
  logger: Logger;
  /** In webhook mode retries on 429 are capped so a request never outlives the webhook timeout. */
  retry: Partial<AutoRetryOptions>;
  /** Skips getMe at start (benchmarks and tests that know the bot). */
  botInfo?: UserFromGetMe;
  /** Interface strings (the outage notice). */
  t: (locale: 'vi' | 'en') => Translate;
  /** Webhook mode: a failed update is delivered again by Telegram (polling: it is not). */
  redelivered: boolean;
  /** Middleware that runs after the claim and before the member flow (the staff desk). */
  before?: MiddlewareFn<Context>[];
}

/** The Telegram bot: claims each update once, translates it, runs the core, renders the replies. */
export function createTelegramBot(deps: TelegramBotDeps): Bot {
  const bot = new Bot(deps.token, { client: { apiRoot: deps.apiRoot }, botInfo: deps.botInfo });
  const outage = new OutageTracker(deps.logger, 'telegram');
  bot.api.config.use(autoRetry(deps.retry));

  bot.use(async (ctx, next) => {
    if (deps.staffChatId === undefined || deps.staffChatId === null || ctx.chat?.id !== deps.staffChatId) return next();
    const key = `telegram:update:${ctx.update.update_id}`;
    if (!(await deps.claims.claim(key, CLAIM_TTL_SECONDS))) {
      deps.logger.debug({ updateId: ctx.update.update_id }, 'telegram update already handled');
      return;
    }
    try {
      await next();
    } catch (error) {
      // Give the claim back so the platform's retry (webhook) is handled instead of dropped.
      await deps.claims.release(key).catch(() => undefined);
      throw error;
    }
  });

  for (const middleware of deps.before ?? []) bot.use(middleware);

  bot.use(async (ctx) => {
    const inbound = toInbound(ctx.update);
    if (!inbound) return;
    if (ctx.callbackQuery) await acknowledgeChoice(ctx);
    // Applied once per update id: a replay (a webhook retry, polling after a restart) re-sends the
    // replies of the turn applied the first time instead of applying it again.
    const turnKey = `telegram:${ctx.update.update_id}`;
    let turn;
    try {
      // Webhook: Telegram may post the update again after a timeout, so sends are recorded; polling
      // redelivers only after a restart, where sending the kept replies again is the safe side.
      turn = await deps.conversations.turnOnce(inbound, { turnKey, tracksDelivery: deps.redelivered });
      outage.succeeded();
    } catch (error) {
      const chat = ctx.chat?.id ?? ctx.from?.id;
      if (isTransient(error) && chat !== undefined && outage.failed(inbound.conversationId, error)) {
        // Webhook: Telegram delivers the update again later, so nothing is lost; polling: it is not redelivered.
        const text = deps.t(inbound.languageHint === 'en' ? 'en' : 'vi')(deps.redelivered ? 'outage.kept' : 'outage.resend');
        await ctx.api.sendMessage(chat, text).catch(() => undefined);
      }
      throw error;
    }
    const { replies, delivered } = turn;
    const chatId = ctx.chat?.id ?? ctx.from?.id;
    if (delivered) return;
    if (chatId === undefined) return deps.conversations.sendingDone(turnKey);
    for (let i = 0; i < replies.length; i++) {
      try {
        for (const message of renderTelegram(replies[i]!)) {
          await ctx.api.sendMessage(chatId, message.text, message.keyboard ? { reply_markup: message.keyboard } : {});
        }
      } catch (error) {
        // The turn is applied: what could not be sent waits in the durable queue, and the update is done.
        deps.logger.warn({ updateId: ctx.update.update_id, chatId, err: error instanceof Error ? error.message : String(error) }, 'telegram reply queued after a failed send');
        await deps.queue
          .enqueue({ key: `turn:${turnKey}`, channel: 'telegram', parts: replies.slice(i).map((reply) => ({ conversationId: inbound.conversationId, reply })) })
          .catch((queueError: unknown) => {
            deps.conversations.sendingDone(turnKey);
            throw queueError;
          });
        break;
      }
    }
    crashPoint('turn:after-send');
    if (deps.redelivered) await deps.conversations.delivered(turnKey);
  });

  bot.catch((err) => {
    if (isTransient(err.error)) return; // logged once per outage by the tracker
    deps.logger.error(
      { updateId: err.ctx.update.update_id, chatId: err.ctx.chat?.id, err: err.error instanceof Error ? err.error.message : String(err.error) },
      'telegram update failed',
    );
  });
  return bot;
}

/** Stops the spinner and marks the pressed button's message with the choice, removing its keyboard. */
async function acknowledgeChoice(ctx: Context): Promise<void> {
  await ctx.answerCallbackQuery().catch(() => undefined);
  const message = ctx.callbackQuery?.message;
  const data = ctx.callbackQuery?.data;
  if (!message || !('text' in message) || !message.text || !data) return;
  const keyboard = message.reply_markup?.inline_keyboard ?? [];
  const label = keyboard.flat().find((b) => 'callback_data' in b && b.callback_data === data)?.text;
  if (!label) return;
  await ctx
    .editMessageText(`${message.text}\n\n→ ${label}`)
    .catch(() => undefined); // an old or already-edited message is not worth failing the choice for
}
