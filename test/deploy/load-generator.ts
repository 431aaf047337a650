import { Agent, request } from 'node:http';

/**
 * A load generator in a process of its own (test/bench/scale-out-bench.ts), `concurrency` requests
 * at a time over kept-alive connections, numbered from `firstId`:
 * - `telegram`: `count` Telegram updates to URL/telegram/webhook with the secret, update ids and
 *   private chat ids (one chat an update) from `firstId` on;
 * - `web`: `count` web chat messages to URL/api/chat, each from a browser of its own.
 * Prints one JSON line: the seconds it took, the count per status, the numbers not answered 200
 * (Telegram would post those again; a page would retry) and the CPU seconds it used itself.
 *
 *   node --import tsx test/deploy/load-generator.ts telegram|web URL SECRET FIRST_ID COUNT CONCURRENCY
 */
const [mode, url, secret, first, total, parallel] = process.argv.slice(2);
const firstId = Number(first);
const count = Number(total);
const concurrency = Number(parallel);
if ((mode !== 'telegram' && mode !== 'web') || !url || !secret || !Number.isInteger(firstId) || !Number.isInteger(count) || !Number.isInteger(concurrency) || concurrency < 1) {
  console.error('usage: load-generator.ts telegram|web URL SECRET FIRST_ID COUNT CONCURRENCY');
  process.exit(2);
}

const QUESTIONS = ['htx vay von uu dai o dau', 'thue tndn cua htx', 'ho tro lao dong tre ve htx', 'thanh lap htx can gi', 'bao hiem nong nghiep', 'ocop la gi'];
const secretToken: string = secret;
const target = new URL(mode === 'telegram' ? '/telegram/webhook' : '/api/chat', url);
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });

const updateOf = (id: number) =>
  JSON.stringify({
    update_id: id,
    message: {
      message_id: 1,
      date: Math.floor(Date.now() / 1000),
      chat: { id, type: 'private', first_name: 'Thành viên' },
      from: { id, is_bot: false, first_name: 'Thành viên', language_code: 'vi' },
      text: QUESTIONS[id % QUESTIONS.length],
    },
  });

/** A UUID made from a number, so each message and browser is new and the run can be repeated. */
const uuidOf = (id: number, kind: number) => `00000000-0000-4${String(kind).padStart(3, '0')}-8000-${String(id).padStart(12, '0')}`;

function post(id: number): Promise<number> {
  const body = mode === 'telegram' ? updateOf(id) : JSON.stringify({ messageId: uuidOf(id, 1), text: QUESTIONS[id % QUESTIONS.length] });
  const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
  if (mode === 'telegram') headers['x-telegram-bot-api-secret-token'] = secretToken;
  else headers['x-client-id'] = uuidOf(id, 2);
  return new Promise((resolve) => {
    const req = request(
      target,
      { method: 'POST', agent, headers },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

const statuses: Record<string, number> = {};
const notAnswered: number[] = [];
let next = 0;
const started = process.hrtime.bigint();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < count) {
      const id = firstId + next++;
      const status = await post(id);
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status !== 200) notAnswered.push(id);
    }
  }),
);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
agent.destroy();
const cpu = process.cpuUsage();
console.log(JSON.stringify({ seconds, statuses, notAnswered, cpuSeconds: (cpu.user + cpu.system) / 1e6 }));
