import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback proxy in front of a fake Bot API: it answers sendMessage to the chats in `blocked`
 * as the platform does for a member who blocked the bot (403), and passes everything else on.
 */
export class BlockingProxy {
  readonly blocked = new Set<string>();
  refused = 0;
  private server?: Server;

  constructor(
    private readonly target: string,
    private readonly refusal: { description: string },
  ) {}

  async start(): Promise<string> {
    const target = new URL(this.target);
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        if (req.url?.endsWith('/sendMessage')) {
          const chat = String((JSON.parse(body.toString('utf8') || '{}') as { chat_id?: unknown }).chat_id);
          if (this.blocked.has(chat)) {
            this.refused++;
            res.writeHead(403, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ ok: false, error_code: 403, description: this.refusal.description }));
            return;
          }
        }
        const forward = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        forward.on('error', () => res.writeHead(502).end());
        forward.end(body);
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
