import { createServer, type Server } from 'node:http';

/**
 * A Bot API stand-in for throughput runs, as cheap as a Node server can be: it counts the messages
 * sent to each chat (to find lost and doubled replies) and answers every call with a fixed, valid
 * body, where test/support/fake-telegram.ts parses and records everything (four times the CPU a
 * call, taken from the bots on a 2-core machine).
 */
export interface LeanBotApi {
  url: string;
  token: string;
  /** sendMessage calls per chat id. */
  sentPerChat: Map<number, number>;
  /** Each sendMessage's chat and arrival time (ms since the epoch). */
  sendTimes: Array<{ chat: number; at: number }>;
  stop(): Promise<void>;
}

const ME = Buffer.from(JSON.stringify({ ok: true, result: { id: 4242, is_bot: true, first_name: 'Trợ lý HTX', username: 'tro_ly_htx_bot' } }));
const MESSAGE = Buffer.from(JSON.stringify({ ok: true, result: { message_id: 1, date: 0, chat: { id: 1, type: 'private' }, text: 'ok' } }));
const TRUE = Buffer.from('{"ok":true,"result":true}');

export async function startLeanBotApi(): Promise<LeanBotApi> {
  const token = '4242424:LEAN-bot-api-token_for_benchmarks_00';
  const sentPerChat = new Map<number, number>();
  const sendTimes: Array<{ chat: number; at: number }> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = req.url ?? '';
      let body = TRUE;
      if (url.endsWith('/getMe')) body = ME;
      else if (url.endsWith('/sendMessage')) {
        const chat = Number(/"chat_id":\s*(-?\d+)/.exec(Buffer.concat(chunks).toString('utf8'))?.[1]);
        sentPerChat.set(chat, (sentPerChat.get(chat) ?? 0) + 1);
        sendTimes.push({ chat, at: Date.now() });
        body = MESSAGE;
      }
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    token,
    sentPerChat,
    sendTimes,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
