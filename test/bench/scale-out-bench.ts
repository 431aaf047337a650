import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { spawnApp, type AppProcess } from '../support/app-process.js';
import { repoRoot } from '../support/fixtures.js';
import { startRedis } from '../support/redis-server.js';
import { waitFor } from '../support/wait-for.js';
import { startLeanBotApi, type LeanBotApi } from './lean-bot-api.js';

/**
 * Scale-out on Redis: Telegram webhook updates a second through a reverse proxy with one bot process
 * behind it, then with two, each on a fresh Redis; then web chat messages a second on the same
 * processes. The proxy is Caddy, as in deploy/compose.yaml (`apt-get install caddy`; without it the
 * loopback proxy of the deploy test stands in), the load comes from wrk, and the Bot API is a lean
 * stand-in in this process: on a 2-core machine every CPU second the harness takes is one the bots
 * do not get, so the harness is kept as cheap as real parts allow, and each part's CPU is printed.
 * Every update comes from a chat of its own, so replies per chat say what was lost and what was
 * sent twice.
 */

const SECRET = 'S3cret_for-the-webhook_0123456789abcdef';
const CONNECTIONS = 32;
const QUESTIONS = ['htx vay von uu dai o dau', 'thue tndn cua htx', 'ho tro lao dong tre ve htx', 'thanh lap htx can gi', 'bao hiem nong nghiep', 'ocop la gi'];

/** CPU seconds each part used in `seconds` of wall time. */
interface CpuUse {
  seconds: number;
  bots: number[];
  proxy: number;
  redis: number;
  generator: number;
  /** The Bot API stand-in (this process), in the Telegram run. */
  api?: number;
}

interface Rate {
  perSecond: number;
  requests: number;
  /** Requests not answered 200 (Telegram would post them again; a page would retry). */
  refused: number;
  cpu: CpuUse;
}

export interface ScaleOutRun {
  processes: number;
  telegram: Rate & { lost: number; duplicated: number };
  web: Rate;
  proxy: string;
}

/** CPU seconds a process has used so far (user and system), from /proc. */
function cpuOf(pid: number | undefined): number {
  if (pid === undefined) return 0;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100 a second)
}

/** CPU seconds of this process's children that have exited (wrk, once it has), from /proc. */
function exitedChildrenCpu(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100; // cutime, cstime
}

/** CPU seconds Redis has used so far, as it reports them. */
async function redisCpu(url: string): Promise<number> {
  const client = new Redis(url);
  const info = await client.info('cpu');
  client.disconnect();
  return ['used_cpu_sys', 'used_cpu_user'].reduce((sum, key) => sum + Number(new RegExp(`${key}:([\\d.]+)`).exec(info)?.[1] ?? 0), 0);
}

function available(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch (error) {
    return (error as { status?: number }).status === 1; // wrk prints its version and exits 1
  }
}

interface Proxy {
  url: string;
  pid: number | undefined;
  name: string;
  stop(): Promise<void>;
}

/** Caddy in front of `upstreams`, round robin, as deploy/Caddyfile (without TLS: loopback). */
async function startCaddy(upstreams: string[]): Promise<Proxy> {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const file = join(tmpdir(), `htx-caddy-${randomUUID()}.caddyfile`);
  writeFileSync(file, `{\n\tadmin off\n\tauto_https off\n}\nhttp://127.0.0.1:${port} {\n\treverse_proxy ${upstreams.map((u) => u.replace('http://', '')).join(' ')} {\n\t\tlb_policy round_robin\n\t}\n}\n`);
  const child = spawn('caddy', ['run', '--adapter', 'caddyfile', '--config', file], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/healthz`).then((r) => r.ok).catch(() => false)) || undefined, 20_000);
  return {
    url,
    pid: child.pid,
    name: 'Caddy',
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(file, { force: true });
    },
  };
}

/** The deploy test's proxy (@fastify/http-proxy) in a process of its own, where Caddy is not installed. */
async function startNodeProxy(upstreams: string[]): Promise<Proxy> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test/deploy/run-loopback-proxy.ts'), ...upstreams], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const url = await waitFor(() => /proxy at (http:\S+)/.exec(out)?.[1], 20_000);
  return {
    url,
    pid: child.pid,
    name: 'the loopback proxy (Node; install caddy for the real one)',
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

/** wrk for `seconds` against `url` with a Lua script; its requests, non-200 answers, wall and CPU seconds. */
async function wrk(url: string, script: string, seconds: number): Promise<{ requests: number; refused: number; seconds: number; cpu: number }> {
  const file = join(tmpdir(), `htx-wrk-${randomUUID()}.lua`);
  writeFileSync(file, script);
  const cpuBefore = exitedChildrenCpu();
  const { stdout } = await promisify(execFile)('wrk', ['-t2', `-c${CONNECTIONS}`, `-d${seconds}s`, '-s', file, url], { encoding: 'utf8' });
  rmSync(file, { force: true });
  const [, requests, wall] = /(\d+) requests in ([\d.]+)(m?s)/.exec(stdout) ?? [];
  const unit = /\d+ requests in [\d.]+(m?s)/.exec(stdout)?.[1];
  return {
    requests: Number(requests),
    refused: Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(stdout)?.[1] ?? 0) + Number(/Socket errors:.*timeout (\d+)/.exec(stdout)?.[1] ?? 0),
    seconds: Number(wall) / (unit === 'ms' ? 1000 : 1),
    cpu: exitedChildrenCpu() - cpuBefore,
  };
}

/** A wrk script whose requests are numbered from `first` (wrk's two threads far apart); `format` makes the request for `id`. */
const numberedScript = (first: number, format: string) => `
local questions = {${QUESTIONS.map((q) => JSON.stringify(q)).join(',')}}
local threads = 0
function setup(thread) thread:set("slot", threads); threads = threads + 1 end
local counter = 0
function request()
  counter = counter + 1
  local id = ${first} + slot * 50000000 + counter
  local question = questions[(counter % #questions) + 1]
  ${format}
end`;

/** Telegram updates, each from a new private chat. */
const telegramScript = (first: number) =>
  numberedScript(
    first,
    `local body = string.format('{"update_id":%d,"message":{"message_id":1,"date":%d,"chat":{"id":%d,"type":"private","first_name":"T"},"from":{"id":%d,"is_bot":false,"first_name":"T","language_code":"vi"},"text":"%s"}}', id, os.time(), id, id, question)
  return wrk.format("POST", "/telegram/webhook", { ["Content-Type"] = "application/json", ["X-Telegram-Bot-Api-Secret-Token"] = "${SECRET}" }, body)`,
  );

/** Web chat messages, each from a new browser. */
const webScript = (first: number) =>
  numberedScript(
    first,
    `local body = string.format('{"messageId":"00000000-0000-4001-8000-%012d","text":"%s"}', id, question)
  return wrk.format("POST", "/api/chat", { ["Content-Type"] = "application/json", ["X-Client-Id"] = string.format("00000000-0000-4002-8000-%012d", id) }, body)`,
  );

interface Topology {
  api: LeanBotApi;
  redisUrl: string;
  bots: AppProcess[];
  proxy: Proxy;
}

/** `processes` bots on a fresh Redis behind the proxy, with the Bot API stand-in; all stopped after `use`. */
async function withTopology<T>(processes: number, env: Record<string, string>, use: (t: Topology) => Promise<T>): Promise<T> {
  const api = await startLeanBotApi();
  const redis = await startRedis();
  const bots: AppProcess[] = [];
  let proxy: Proxy | undefined;
  try {
    const botEnv = {
      REDIS_URL: redis.url,
      LOG_LEVEL: 'warn',
      TRUST_PROXY: 'loopback',
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.url,
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/telegram/webhook',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      LIMIT_MESSAGES_PER_MINUTE: '100000',
      LIMIT_WEB_PER_CLIENT_PER_MINUTE: '100000',
      LIMIT_WEB_PER_IP_PER_MINUTE: '100000',
      // SCALEOUT_PROFILE_DIR=DIR: each bot writes a V8 CPU profile there when it stops.
      ...(process.env['SCALEOUT_PROFILE_DIR'] ? { HTX_BENCH_NODE_FLAGS: `--cpu-prof --cpu-prof-dir=${process.env['SCALEOUT_PROFILE_DIR']}` } : {}),
      ...env,
    };
    bots.push(...(await Promise.all(Array.from({ length: processes }, () => spawnApp(botEnv)))));
    const upstreams = bots.map((b) => b.url);
    proxy = available('caddy', ['version']) ? await startCaddy(upstreams) : await startNodeProxy(upstreams);
    return await use({ api, redisUrl: redis.url, bots, proxy });
  } finally {
    await proxy?.stop();
    await Promise.all(bots.map((b) => b.stop()));
    await redis.stop();
    await api.stop();
  }
}

/** Runs `load` and returns what it did with the CPU each part used meanwhile. */
async function metered(t: Topology, load: () => Promise<{ requests: number; refused: number; seconds: number; cpu: number }>): Promise<Rate> {
  const before = { bots: t.bots.map((b) => cpuOf(b.child.pid)), proxy: cpuOf(t.proxy.pid), redis: await redisCpu(t.redisUrl), api: process.cpuUsage() };
  const run = await load();
  const api = process.cpuUsage(before.api);
  return {
    perSecond: (run.requests - run.refused) / run.seconds,
    requests: run.requests,
    refused: run.refused,
    cpu: {
      seconds: run.seconds,
      bots: t.bots.map((b, i) => cpuOf(b.child.pid) - before.bots[i]!),
      proxy: cpuOf(t.proxy.pid) - before.proxy,
      redis: (await redisCpu(t.redisUrl)) - before.redis,
      generator: run.cpu,
      api: (api.user + api.system) / 1e6,
    },
  };
}

/** Waits until no bot has a delivery pending and the replies stop changing. */
async function settled(t: Topology): Promise<void> {
  let seen = -1;
  await waitFor(async () => {
    const pending = await Promise.all(t.bots.map(async (b) => ((await (await fetch(`${b.url}/healthz`)).json()) as { deliveries: { pending: number } }).deliveries.pending));
    const now = [...t.api.sentPerChat.values()].reduce((a, b) => a + b, 0);
    const done = pending.every((p) => p === 0) && now === seen;
    seen = now;
    return done || (await new Promise((r) => setTimeout(r, 500)), false);
  }, 60_000);
}

/** One measurement: `processes` bots, Telegram updates for `seconds`, then web chat messages for `seconds`, each after a warm-up. */
async function measure(processes: number, seconds: number): Promise<ScaleOutRun> {
  // The most Telegram grants a bot (paid broadcasts): the processes, not the platform's limit, are measured.
  return withTopology(processes, { TELEGRAM_MAX_SENDS_PER_SECOND: '1000' }, async (t) => {
    await wrk(t.proxy.url, telegramScript(1_000_000_000), 2); // warm-up: code paths compiled, connections open
    await settled(t);
    const first = 2_000_000_000;
    const rate = await metered(t, () => wrk(t.proxy.url, telegramScript(first), seconds));
    await settled(t);
    const chats = [...t.api.sentPerChat.entries()].filter(([chat]) => chat > first);
    // An update answered 200 is the bot's to reply to; wrk may also stop with some sent and not yet answered.
    const lost = Math.max(0, rate.requests - rate.refused - chats.length);
    const duplicated = chats.filter(([, n]) => n > 1).length;

    await wrk(t.proxy.url, webScript(1_000_000), 2);
    const web = await metered(t, () => wrk(t.proxy.url, webScript(100_000_000), seconds));
    return { processes, telegram: { ...rate, lost, duplicated }, web, proxy: t.proxy.name };
  });
}

/** The most sends in any one second (a sliding window over their times). */
function busiestSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= 1000) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

/**
 * Two processes on Telegram's own limit (30 messages a second for the bot), `updates` updates from
 * chats of their own at once: the sends a second the Bot API received, on average and in the busiest second.
 */
async function sharedLimit(updates: number): Promise<{ perSecond: number; busiest: number; busiestClockSecond: number; lost: number; duplicated: number }> {
  return withTopology(2, { TELEGRAM_MAX_SENDS_PER_SECOND: '30' }, async (t) => {
    const first = 3_000_000_000;
    const script = telegramScript(first).replace('function request()', `function request()\n  if counter >= ${updates / 2} then wrk.thread:stop() end`);
    const run = await wrk(t.proxy.url, script, Math.ceil(updates / 30) + 10);
    await settled(t);
    const chats = [...t.api.sentPerChat.entries()].filter(([chat]) => chat > first);
    const times = t.api.sendTimes.filter((s) => s.chat > first).map((s) => s.at);
    return {
      perSecond: (times.length - 1) / ((Math.max(...times) - Math.min(...times)) / 1000),
      busiest: busiestSecond(times),
      busiestClockSecond: Math.max(...[...times.reduce((m, at) => m.set(Math.floor(at / 1000), (m.get(Math.floor(at / 1000)) ?? 0) + 1), new Map<number, number>()).values()]),
      lost: Math.max(0, run.requests - run.refused - chats.length),
      duplicated: chats.filter(([, n]) => n > 1).length,
    };
  });
}

/** One process behind the proxy, then two, for the same time. */
export async function scaleOutBench(seconds = 10): Promise<{ one: ScaleOutRun; two: ScaleOutRun }> {
  const one = await measure(1, seconds);
  const two = await measure(2, seconds);
  return { one, two };
}

const mark = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
const cpuLine = (c: CpuUse) => {
  const total = c.bots.reduce((a, b) => a + b, 0) + c.proxy + c.redis + c.generator + (c.api ?? 0);
  return (
    `bots ${c.bots.map((x) => x.toFixed(1)).join(' + ')}, proxy ${c.proxy.toFixed(1)}, Redis ${c.redis.toFixed(1)}, wrk ${c.generator.toFixed(1)}, Bot API ${(c.api ?? 0).toFixed(1)} ` +
    `CPU s in ${c.seconds.toFixed(1)} s (${(total / c.seconds).toFixed(2)} of ${availableParallelism()} cores)`
  );
};

/** `npm run bench -- --only scaleout`: the target "two processes on Redis: ≥ 1.6× the updates/s of one, 0 lost, 0 duplicated". */
export async function printScaleOutBench(): Promise<void> {
  if (!available('wrk', ['--version'])) {
    console.log('\n## Scale-out: skipped (wrk is not installed: apt-get install wrk)');
    return;
  }
  const { one, two } = await scaleOutBench();
  console.log(`\n## Scale-out: bot processes on one Redis behind ${one.proxy}, round robin; load from wrk; a lean Bot API stand-in`);
  const ratio = two.telegram.perSecond / one.telegram.perSecond;
  const clean = (r: ScaleOutRun['telegram']) => `${r.refused} refused, ${r.lost} lost, ${r.duplicated} duplicated`;
  console.log('Telegram webhook, the sending limit lifted to 1,000 messages/s (the most Telegram grants), so the processes are what is measured:');
  console.log(`  one process    ${one.telegram.perSecond.toFixed(1)} updates/s   ${clean(one.telegram)}   (baseline; ${one.telegram.requests} updates, each from a chat of its own)   CPU: ${cpuLine(one.telegram.cpu)}`);
  console.log(
    `  two processes  ${two.telegram.perSecond.toFixed(1)} updates/s   ratio ${ratio.toFixed(2)}   ${clean(two.telegram)}   CPU: ${cpuLine(two.telegram.cpu)}   ` +
      `target ≥ 1.6×, 0 lost, 0 duplicated  ${mark(ratio >= 1.6 && two.telegram.lost === 0 && two.telegram.duplicated === 0 && two.telegram.refused === 0)}`,
  );
  // If two processes had every core and each update cost what it cost with one, the most they could do.
  const ceiling = (c: CpuUse) => (availableParallelism() * c.seconds) / (c.bots.reduce((a, b) => a + b, 0) + c.proxy + c.redis + c.generator + (c.api ?? 0));
  console.log(
    `  the most this machine allows two processes: ×${ceiling(one.telegram.cpu).toFixed(2)} (all ${availableParallelism()} cores at the one-process run's CPU an update, harness included); ` +
      `×1.6 needs the proxy, Redis, the load and the Bot API to take under a quarter of what the bots take, or cores of their own`,
  );
  const webRatio = two.web.perSecond / one.web.perSecond;
  console.log(`web chat, one process    ${one.web.perSecond.toFixed(0)} messages/s   ${one.web.refused} refused   CPU: ${cpuLine(one.web.cpu)}`);
  console.log(`web chat, two processes  ${two.web.perSecond.toFixed(0)} messages/s   ratio ${webRatio.toFixed(2)}   ${two.web.refused} refused   CPU: ${cpuLine(two.web.cpu)}`);
  const held = await sharedLimit(600);
  // Counted where they arrive: a send counted in Redis reaches the Bot API a moment later, so an
  // arbitrary second can see one more than were counted in any second.
  console.log(
    `Telegram's own limit (30 messages/s for the bot), two processes, 600 updates at once: ${held.perSecond.toFixed(1)} messages/s on average at the Bot API, ` +
      `at most ${held.busiestClockSecond} in a clock second, ${held.busiest} in any second; ${held.lost} lost, ${held.duplicated} duplicated — one count in Redis for both  ` +
      mark(held.perSecond <= 30.5 && held.busiestClockSecond <= 30 && held.lost === 0 && held.duplicated === 0),
  );
}
