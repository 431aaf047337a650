import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import Fastify from 'fastify';
import { startApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config/load-config.js';

/** The web chat API under load, and under a flood, measured against a bare Fastify route in the same run. */

const questions = ['htx vay von uu dai o dau', 'thue tndn cua htx', 'xin chào', 'menu', 'ho tro lao dong tre ve htx', 'htx co duoc mien thue khong'];

async function startBot(env: Record<string, string>): Promise<{ app: App; url: string; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'htx-bench-web-'));
  const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env });
  const app = await startApp({ config, logger: pino({ level: 'silent' }) });
  return { app, url: `http://127.0.0.1:${app.port}`, dataDir };
}

/** wrk (its own process: the server here keeps its event loop) against `url` for `seconds`; returns requests a second. */
async function wrk(url: string, script: string, seconds: number, connections = 32): Promise<{ rate: number; non2xx: number }> {
  const file = join(tmpdir(), `htx-wrk-${randomUUID()}.lua`);
  writeFileSync(file, script);
  const { stdout: out } = await promisify(execFile)('wrk', ['-t2', `-c${connections}`, `-d${seconds}s`, '-s', file, url], { encoding: 'utf8' });
  rmSync(file, { force: true });
  const rate = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0);
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
  return { rate, non2xx };
}

/** A fresh message id each request, browser ids from a pool (each browser's turns run one at a time). */
const chatScript = (clients: number) => `
local questions = {${questions.map((q) => JSON.stringify(q)).join(',')}}
local counter = 0
math.randomseed(os.time())
request = function()
  counter = counter + 1
  local client = string.format("00000000-0000-4000-8000-%012d", (counter * 7919) % ${clients})
  local body = string.format('{"messageId":"%08x-0000-4000-8000-%012d","text":"%s"}', math.random(0, 2147483647), counter, questions[(counter % #questions) + 1])
  return wrk.format("POST", "/api/chat", { ["Content-Type"] = "application/json", ["X-Client-Id"] = client }, body)
end`;

export function wrkAvailable(): boolean {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // wrk prints its version and exits 1.
    return (error as { status?: number }).status === 1;
  }
}

/** Requests a second through POST /api/chat (limits on, set high enough to let the load through), and a bare Fastify JSON route as the baseline. */
export async function webChatRate(seconds = 8): Promise<{ bare: number; chat: number; non2xx: number }> {
  const bare = Fastify();
  bare.post('/api/chat', async () => ({ replies: [{ text: 'ok' }] }));
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const bareUrl = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}`;
  const bareRate = (await wrk(bareUrl, chatScript(500), seconds)).rate;
  await bare.close();
  const bot = await startBot({ LIMIT_WEB_PER_CLIENT_PER_MINUTE: '100000', LIMIT_WEB_PER_IP_PER_MINUTE: '100000', LIMIT_MESSAGES_PER_MINUTE: '100000' });
  await wrk(bot.url, chatScript(500), 2); // warm-up
  const chat = await wrk(bot.url, chatScript(500), seconds);
  await bot.app.stop();
  rmSync(bot.dataDir, { recursive: true, force: true });
  return { bare: bareRate, chat: chat.rate, non2xx: chat.non2xx };
}

/** One POST from a given local address; resolves with the status and the milliseconds it took. */
function post(url: string, body: string, clientId: string, localAddress: string): Promise<{ status: number; ms: number }> {
  const start = process.hrtime.bigint();
  return new Promise((resolve) => {
    const req = request(`${url}/api/chat`, { method: 'POST', localAddress, headers: { 'content-type': 'application/json', 'x-client-id': clientId, 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: Number(process.hrtime.bigint() - start) / 1e6 }));
    });
    req.on('error', () => resolve({ status: 0, ms: Number(process.hrtime.bigint() - start) / 1e6 }));
    req.end(body);
  });
}

const bytesOf = (dir: string) => ['bot.db', 'bot.db-wal', 'bot.db-shm'].map((f) => join(dir, f)).filter(existsSync).reduce((sum, f) => sum + statSync(f).size, 0);

/**
 * 500 requests a second for `seconds` from one address with a fresh browser id each, while
 * well-behaved members on another address (five phones behind one cooperative office's router, each
 * within its own 30-a-minute limit) ask a question every half second between them: is the bot up,
 * how fast are the members answered, how much did storage grow.
 */
export async function flood(seconds = 20, perSecond = 500): Promise<{ sent: number; ok: number; limited: number; failed: number; memberP99: number; memberP50: number; memberFailed: number; grewBytes: number; up: boolean }> {
  const bot = await startBot({});
  const before = bytesOf(bot.dataDir);
  const statuses: number[] = [];
  const member: number[] = [];
  let memberFailed = 0;
  const memberIds = Array.from({ length: 5 }, () => randomUUID());
  const until = Date.now() + seconds * 1000;
  const floods: Array<Promise<void>> = [];
  const flooder = setInterval(() => {
    for (let i = 0; i < perSecond / 100; i++) {
      floods.push(post(bot.url, JSON.stringify({ messageId: randomUUID(), text: `flood ${randomUUID()}` }), randomUUID(), '127.0.0.1').then((r) => void statuses.push(r.status)));
    }
  }, 10);
  while (Date.now() < until) {
    const asked = member.length + memberFailed;
    const r = await post(bot.url, JSON.stringify({ messageId: randomUUID(), text: questions[asked % questions.length] }), memberIds[asked % memberIds.length]!, '127.0.0.2');
    if (r.status === 200) member.push(r.ms);
    else memberFailed++;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  clearInterval(flooder);
  await Promise.all(floods);
  const up = (await fetch(`${bot.url}/healthz`)).status === 200;
  const grewBytes = bytesOf(bot.dataDir) - before;
  await bot.app.stop();
  rmSync(bot.dataDir, { recursive: true, force: true });
  const sorted = [...member].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return {
    sent: statuses.length,
    ok: statuses.filter((s) => s === 200).length,
    limited: statuses.filter((s) => s === 429).length,
    failed: statuses.filter((s) => s !== 200 && s !== 429).length,
    memberP50: at(0.5),
    memberP99: at(0.99),
    memberFailed,
    grewBytes,
    up,
  };
}
