import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake Bot API on loopback that allows `perSecond` sendMessage calls in each one-second window and
 * answers 429 with retry_after: 1 above it, recording what it accepted (to count losses and duplicates).
 */
export class FakeRateLimitedApi {
  readonly received: Array<{ chatId: number; text: string; at: number }> = [];
  rejected429 = 0;
  private server?: Server;
  private window = 0;
  private inWindow = 0;
  /** Resolves the waiter for a chat when its message arrives (latency measurements). */
  readonly waiters = new Map<number, (at: number) => void>();

  constructor(private readonly perSecond: number) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { chat_id?: number; text?: string };
        const now = Date.now();
        const second = Math.floor(now / 1000);
        if (second !== this.window) {
          this.window = second;
          this.inWindow = 0;
        }
        if (this.inWindow >= this.perSecond) {
          this.rejected429++;
          res.writeHead(429, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } }));
          return;
        }
        this.inWindow++;
        const chatId = Number(body.chat_id);
        this.received.push({ chatId, text: String(body.text), at: now });
        this.waiters.get(chatId)?.(now);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: true, result: { message_id: this.received.length, date: Math.floor(now / 1000), chat: { id: chatId, type: 'private' }, text: body.text } }));
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => this.server?.close(() => r()) ?? r());
  }
}
