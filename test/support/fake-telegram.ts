import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from './wait-for.js';

export interface RecordedCall {
  method: string;
  body: Record<string, unknown>;
  /** When the fake received it (ms since the epoch). */
  at?: number;
}

/** A failure the fake answers with: a Bot API error, or (raw) a non-JSON page such as a proxy's 502. */
type Failure = { status: number; description: string; retryAfter?: number; raw?: string };

/**
 * A small fake of the Telegram Bot API over real HTTP on loopback. The bot reaches it through
 * TELEGRAM_API_ROOT; tests queue updates and read the calls the bot made.
 */
export class FakeTelegram {
  readonly calls: RecordedCall[] = [];
  readonly token = '123456:TEST-token_for_the_fake_api_000';
  private server?: Server;
  private updates: Array<Record<string, unknown>> = [];
  private nextUpdateId = 1000;
  private nextMessageId = 1;
  private waiters: Array<() => void> = [];
  private failures = new Map<string, Failure[]>();
  webhook: { url: string; secret_token?: string } | undefined;
  /** The staff supergroup: its id and whether it has forum topics. */
  staffGroup = { id: -1001234567890, forum: true };
  private nextTopicId = 500;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      void this.route(req).then(({ status, body }) => {
        if (typeof body === 'string') {
          res.writeHead(status, { 'content-type': 'text/html' });
          res.end(body);
          return;
        }
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const w of this.waiters.splice(0)) w();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** Makes the next `times` calls of `method` fail (e.g. 429 with retry_after, or 500). */
  failNext(method: string, times: number, failure: Failure): void {
    const list = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i++) list.push(failure);
    this.failures.set(method, list);
  }

  clearFailures(): void {
    this.failures.clear();
  }

  /** An update as Telegram would send it; queued for getUpdates and returned for webhook posts. */
  private nextUpdate(payload: Record<string, unknown>): Record<string, unknown> {
    const update = { update_id: this.nextUpdateId++, ...payload };
    this.updates.push(update);
    for (const w of this.waiters.splice(0)) w();
    return update;
  }

  textMessage(chatId: number, text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    const entities = text.startsWith('/') ? [{ type: 'bot_command', offset: 0, length: text.split(' ')[0]!.length }] : undefined;
    return this.nextUpdate({
      message: {
        message_id: this.nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat: { id: chatId, type: 'private', first_name: 'Thành viên' },
        from: { id: chatId, is_bot: false, first_name: 'Thành viên', language_code: 'vi' },
        text,
        ...(entities ? { entities } : {}),
        ...extra,
      },
    });
  }

  sticker(chatId: number): Record<string, unknown> {
    return this.nextUpdate({
      message: {
        message_id: this.nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat: { id: chatId, type: 'private', first_name: 'Thành viên' },
        from: { id: chatId, is_bot: false, first_name: 'Thành viên' },
        sticker: { file_id: 'st1', file_unique_id: 'st1u', type: 'regular', width: 512, height: 512, is_animated: false, is_video: false },
      },
    });
  }

  /** A photo from a member in a private chat. */
  photo(chatId: number, fileId: string, caption?: string): Record<string, unknown> {
    return this.nextUpdate({
      message: {
        message_id: this.nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat: { id: chatId, type: 'private', first_name: 'Thành viên' },
        from: { id: chatId, is_bot: false, first_name: 'Thành viên', language_code: 'vi' },
        photo: [{ file_id: `${fileId}-small`, file_unique_id: 'u1', width: 90, height: 90 }, { file_id: fileId, file_unique_id: 'u2', width: 800, height: 600 }],
        ...(caption ? { caption } : {}),
      },
    });
  }

  /** A message in a group (the staff chat or another), optionally in a forum topic or as a reply. */
  groupMessage(chatId: number, fromId: number, text: string, where: { topicId?: number; replyTo?: number } = {}): Record<string, unknown> {
    const entities = text.startsWith('/') ? [{ type: 'bot_command', offset: 0, length: text.split(' ')[0]!.length }] : undefined;
    return this.nextUpdate({
      message: {
        message_id: this.nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat: { id: chatId, type: 'supergroup', title: 'Liên minh HTX — cán bộ', ...(chatId === this.staffGroup.id && this.staffGroup.forum ? { is_forum: true } : {}) },
        from: { id: fromId, is_bot: false, first_name: 'Lan', last_name: 'Nguyễn' },
        text,
        ...(entities ? { entities } : {}),
        ...(where.topicId !== undefined ? { message_thread_id: where.topicId, is_topic_message: true } : {}),
        ...(where.replyTo !== undefined ? { reply_to_message: { message_id: where.replyTo, date: 0, chat: { id: chatId, type: 'supergroup' } } } : {}),
      },
    });
  }

  /** A tap on an inline button of a message the bot sent. */
  buttonPress(chatId: number, sent: RecordedCall, data: string): Record<string, unknown> {
    return this.nextUpdate({
      callback_query: {
        id: `cb${this.nextUpdateId}`,
        from: { id: chatId, is_bot: false, first_name: 'Thành viên', language_code: 'vi' },
        chat_instance: 'ci',
        data,
        message: {
          message_id: Number(sent.body['_message_id'] ?? 1),
          date: Math.floor(Date.now() / 1000),
          chat: { id: chatId, type: 'private', first_name: 'Thành viên' },
          from: { id: 1, is_bot: true, first_name: 'Trợ lý HTX', username: 'tro_ly_htx_bot' },
          text: sent.body['text'],
          reply_markup: sent.body['reply_markup'],
        },
      },
    });
  }

  /** The calls of one method, in order. */
  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Waits until `predicate` holds over the recorded calls (polls every 20 ms). */
  waitFor<T>(predicate: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
    return waitFor(predicate, timeoutMs);
  }

  private async route(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
    if (!match || match[1] !== this.token) return { status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } };
    const method = match[2]!;
    const body = await readBody(req);
    const failure = this.failures.get(method)?.shift();
    if (failure?.raw !== undefined) return { status: failure.status, body: failure.raw };
    if (failure) {
      return {
        status: failure.status,
        body: { ok: false, error_code: failure.status, description: failure.description, ...(failure.retryAfter !== undefined ? { parameters: { retry_after: failure.retryAfter } } : {}) },
      };
    }
    if (method !== 'getUpdates') this.calls.push({ method, body, at: Date.now() });
    return { status: 200, body: { ok: true, result: await this.result(method, body) } };
  }

  private async result(method: string, body: Record<string, unknown>): Promise<unknown> {
    switch (method) {
      case 'getMe':
        return { id: 1, is_bot: true, first_name: 'Trợ lý HTX', username: 'tro_ly_htx_bot', can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false };
      case 'getUpdates':
        return this.getUpdates(body);
      case 'sendMessage': {
        const id = this.nextMessageId++;
        body['_message_id'] = id;
        return { message_id: id, date: Math.floor(Date.now() / 1000), chat: { id: body['chat_id'], type: 'private' }, text: body['text'] };
      }
      case 'getChat':
        return Number(body['chat_id']) === this.staffGroup.id
          ? { id: this.staffGroup.id, type: 'supergroup', title: 'Liên minh HTX — cán bộ', is_forum: this.staffGroup.forum }
          : { id: Number(body['chat_id']), type: 'private' };
      case 'createForumTopic': {
        const id = this.nextTopicId++;
        body['_thread'] = id;
        return { message_thread_id: id, name: body['name'], icon_color: 7322096 };
      }
      case 'sendPhoto':
      case 'sendDocument': {
        const id = this.nextMessageId++;
        body['_message_id'] = id;
        return { message_id: id, date: Math.floor(Date.now() / 1000), chat: { id: Number(body['chat_id']), type: 'supergroup' } };
      }
      case 'editMessageText':
        return { message_id: body['message_id'], date: Math.floor(Date.now() / 1000), chat: { id: body['chat_id'], type: 'private' }, text: body['text'] };
      case 'setWebhook':
        this.webhook = { url: String(body['url']), secret_token: body['secret_token'] as string | undefined };
        return true;
      case 'deleteWebhook':
        this.webhook = undefined;
        return true;
      default:
        return true; // answerCallbackQuery, setMyCommands, …
    }
  }

  private async getUpdates(body: Record<string, unknown>): Promise<unknown[]> {
    const offset = Number(body['offset'] ?? 0);
    this.updates = this.updates.filter((u) => Number(u['update_id']) >= offset);
    if (this.updates.length === 0) {
      const timeoutMs = Math.min(Number(body['timeout'] ?? 0), 1) * 1000;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.updates.filter((u) => Number(u['update_id']) >= offset);
  }
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('multipart/form-data')) {
    const fields: Record<string, unknown> = { _multipart: true, _bytes: text.length };
    for (const m of text.matchAll(/name="([^"]+)"(?:; filename="([^"]+)")?\r\n(?:Content-Type: [^\r]+\r\n)?\r\n([\s\S]*?)\r\n--/g)) {
      fields[m[1]!] = m[2] ? { filename: m[2] } : m[3];
    }
    return fields;
  }
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return Object.fromEntries(new URLSearchParams(text));
  }
}
