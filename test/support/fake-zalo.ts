import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from './wait-for.js';

export interface ZaloCall {
  method: string;
  body: Record<string, unknown>;
}

type Failure = { status: number; description: string };

/**
 * A small fake of the Zalo Bot Platform API over real HTTP on loopback, reached through ZALO_API_ROOT.
 * getUpdates hands out one queued update per call and answers 408 when there is none.
 */
export class FakeZalo {
  readonly token = '1234567890:zalo-test-token';
  readonly calls: ZaloCall[] = [];
  webhook: { url: string; secret_token: string } | undefined;
  private server?: Server;
  private queue: Array<Record<string, unknown>> = [];
  private nextMessageId = 1;
  private failures = new Map<string, Failure[]>();

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      void this.route(req).then(({ status, body }) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => this.server?.close(() => r()) ?? r());
  }

  failNext(method: string, times: number, failure: Failure): void {
    const list = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i++) list.push(failure);
    this.failures.set(method, list);
  }

  /** An event as Zalo sends it in a webhook body (`{ ok, result: { event_name, message } }`). */
  event(chatId: string, eventName: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      ok: true,
      result: {
        event_name: eventName,
        message: {
          message_id: `m${this.nextMessageId++}`,
          date: Date.now(),
          chat: { id: chatId, chat_type: 'PRIVATE' },
          from: { id: chatId, display_name: 'Thành viên', is_bot: false },
          ...fields,
        },
      },
    };
  }

  text(chatId: string, text: string) {
    return this.event(chatId, 'message.text.received', { text });
  }

  /** Queues an update for getUpdates (polling mode). */
  push(update: Record<string, unknown>): void {
    this.queue.push(update);
  }

  /** Texts sent to one chat, in order. */
  sentTo(chatId: string): string[] {
    return this.calls.filter((c) => c.method === 'sendMessage' && c.body['chat_id'] === chatId).map((c) => String(c.body['text']));
  }

  waitFor<T>(predicate: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
    return waitFor(predicate, timeoutMs);
  }

  private async route(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
    if (!match || match[1] !== this.token) return { status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized: invalid token' } };
    const method = match[2]!;
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
    const failure = this.failures.get(method)?.shift();
    if (failure) return { status: failure.status, body: { ok: false, error_code: failure.status, description: failure.description } };
    if (method !== 'getUpdates') this.calls.push({ method, body });
    switch (method) {
      case 'getMe':
        return { status: 200, body: { ok: true, result: { id: 'bot1', account_name: 'tro_ly_htx', display_name: 'Trợ lý HTX' } } };
      case 'getUpdates': {
        const next = this.queue.shift();
        if (!next) {
          await new Promise((r) => setTimeout(r, 100));
          return { status: 200, body: { ok: false, error_code: 408, description: 'Request timeout' } };
        }
        return { status: 200, body: { ok: true, result: (next as { result: unknown }).result } };
      }
      case 'setWebhook': {
        const secret = String(body['secret_token'] ?? '');
        if (secret.length < 8 || secret.length > 256) return { status: 400, body: { ok: false, error_code: 400, description: 'secret_token must be 8-256 characters' } };
        this.webhook = { url: String(body['url']), secret_token: secret };
        return { status: 200, body: { ok: true, result: true } };
      }
      case 'deleteWebhook':
        this.webhook = undefined;
        return { status: 200, body: { ok: true, result: true } };
      case 'sendMessage': {
        const text = String(body['text'] ?? '');
        if (text.length < 1 || text.length > 2000) return { status: 400, body: { ok: false, error_code: 400, description: 'text must be 1-2000 characters' } };
        return { status: 200, body: { ok: true, result: { message_id: `b${this.nextMessageId++}`, date: Date.now() } } };
      }
      default:
        return { status: 200, body: { ok: true, result: true } };
    }
  }
}
