import { Bot, MemorySessionStorage, session, type Context, type SessionFlavor } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import { pino } from 'pino';
import { createTelegramBot } from '../../src/channels/telegram/create-telegram-bot.js';
import { ConversationService } from '../../src/conversation/conversation-service.js';
import type { EngineDeps } from '../../src/conversation/ports.js';
import type { DeliveryQueue } from '../../src/delivery/ports.js';
import type { Storage } from '../../src/storage/ports.js';

const botInfo: UserFromGetMe = {
  id: 1,
  is_bot: true,
  first_name: 'Trợ lý HTX',
  username: 'tro_ly_htx_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
} as UserFromGetMe;

/** A transport that records instead of calling Telegram, answering like the Bot API would. */
function recordingTransport(bot: Bot<any>, counter: { calls: number }) {
  bot.api.config.use(async (_prev, method, payload) => {
    counter.calls++;
    const p = payload as { chat_id?: number; text?: string };
    if (method === 'sendMessage') {
      return { ok: true, result: { message_id: counter.calls, date: 0, chat: { id: p.chat_id, type: 'private' }, text: p.text } } as never;
    }
    return { ok: true, result: true } as never;
  });
}

export function makeUpdates(questions: string[], count: number, firstId = 1): Update[] {
  return Array.from({ length: count }, (_, i) => ({
    update_id: firstId + i,
    message: {
      message_id: i + 1,
      date: 0,
      chat: { id: 10_000 + (i % 500), type: 'private', first_name: 'A' },
      from: { id: 10_000 + (i % 500), is_bot: false, first_name: 'A', language_code: 'vi' },
      text: questions[i % questions.length]!,
    },
  })) as Update[];
}

/** Handles all updates with `concurrency` in flight; returns updates per second. */
async function drive(handle: (u: Update) => Promise<void>, updates: Update[], concurrency: number): Promise<number> {
  let next = 0;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < updates.length) await handle(updates[next++]!);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return updates.length / seconds;
}

/** The full path: lock → applied-turn check → translate → session → core → commit (session and turn) → render → (recorded) send. */
export async function fullPathRate(storage: Storage, engine: EngineDeps, updates: Update[], queue: DeliveryQueue, mode: 'polling' | 'webhook' = 'polling', concurrency = 16): Promise<number> {
  const conversations = new ConversationService({ engine, sessions: storage.sessions, lock: storage.lock });
  const bot = createTelegramBot({
    token: '1:bench',
    apiRoot: 'http://127.0.0.1:9',
    conversations,
    claims: storage.claims,
    queue,
    t: engine.translator,
    // Webhook: Telegram may post an update again, so each turn's sends are also recorded.
    redelivered: mode === 'webhook',
    logger: pino({ level: 'silent' }),
    retry: { maxRetryAttempts: 0 },
    botInfo,
  });
  const counter = { calls: 0 };
  recordingTransport(bot, counter);
  return drive((u) => bot.handleUpdate(u), updates, concurrency);
}

type BareContext = Context & SessionFlavor<{ count: number }>;

/** Bare grammY: an in-memory session and one reply per update, nothing else. */
export async function bareGrammyRate(updates: Update[], concurrency = 16): Promise<number> {
  const bot = new Bot<BareContext>('1:bench', { botInfo, client: { apiRoot: 'http://127.0.0.1:9' } });
  recordingTransport(bot, { calls: 0 });
  bot.use(session({ initial: () => ({ count: 0 }), storage: new MemorySessionStorage() }));
  bot.on('message', async (ctx) => {
    ctx.session.count++;
    await ctx.reply('ok');
  });
  return drive((u) => bot.handleUpdate(u), updates, concurrency);
}
