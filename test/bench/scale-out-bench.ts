import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { Redis } from 'ioredis';
import { spawnApp, type AppProcess } from '../support/app-process.js';
import { FakeTelegram } from '../support/fake-telegram.js';
import { repoRoot } from '../support/fixtures.js';
import { startRedis } from '../support/redis-server.js';
import { waitFor } from '../support/wait-for.js';

/**
 * Scale-out on Redis: Telegram webhook updates a second through the reverse proxy with one bot
 * process behind it, then with two, each on a fresh Redis; the load generator, the proxy and each
 * bot run in processes of their own (the fake Bot API in this one). Every update comes from a chat
 * of its own, so the fake's sendMessage calls per chat say what was lost (an update answered 200
 * whose reply never came) and what was sent twice. Then web chat messages a second on the same
 * processes: the same turns without a platform's sending limit, so what the processes themselves
 * can do.
 */

const SECRET = 'S3cret_for-the-webhook_0123456789abcdef';
const CONCURRENCY = 32;

/** CPU seconds each part used in `seconds` of wall time. */
interface CpuUse {
  seconds: number;
  bots: number[];
  proxy: number;
  redis: number;
  generator: number;
}

export interface ScaleOutRun {
  processes: number;
  updates: number;
  /**
   * Web chat messages answered a second, how many were not answered 200, and the CPU seconds each
   * part used meanwhile (the machine's cores are shared by all of them).
   */
  web: { messages: number; perSecond: number; refused: number; cpu: CpuUse };
  /** CPU seconds each part used during the Telegram run (the fake Bot API runs in the bench's process). */
  cpu: CpuUse & { fakeApi: number };
  seconds: number;
  perSecond: number;
  /** Updates the bots did not answer 200 (Telegram would post them again). */
  refused: number;
  /** Updates answered 200 whose reply never reached the chat. */
  lost: number;
  /** Chats that got more than one message for their one update. */
  duplicated: number;
  /** Requests the proxy gave each process. */
  served: number[];
}

/** CPU seconds a process has used so far (user and system), from /proc. */
function cpuOf(pid: number | undefined): number {
  if (pid === undefined) return 0;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100 a second)
}

/** CPU seconds Redis has used so far, as it reports them. */
async function redisCpu(url: string): Promise<number> {
  const client = new Redis(url);
  const info = await client.info('cpu');
  client.disconnect();
  return ['used_cpu_sys', 'used_cpu_user'].reduce((sum, key) => sum + Number(new RegExp(`${key}:([\\d.]+)`).exec(info)?.[1] ?? 0), 0);
}

/** Runs a TypeScript file of this repository in a child process; resolves with it and its output so far. */
function runTs(file: string, args: string[]): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, file), ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

async function startProxy(upstreams: string[]): Promise<{ url: string; pid: number | undefined; stop: () => Promise<number[]> }> {
  const proxy = runTs('test/deploy/run-loopback-proxy.ts', upstreams);
  const url = await waitFor(() => /proxy at (http:\S+)/.exec(proxy.output())?.[1], 20_000);
  return {
    url,
    pid: proxy.child.pid,
    async stop() {
      proxy.child.kill('SIGTERM');
      await proxy.exited;
      return (JSON.parse(/\{"served".*\}/.exec(proxy.output())![0]) as { served: number[] }).served;
    },
  };
}

/** `count` updates or web chat messages from `firstId` through `url`, by the load generator in its own process. */
async function load(mode: 'telegram' | 'web', url: string, firstId: number, count: number): Promise<{ seconds: number; notAnswered: number[]; cpuSeconds: number }> {
  const generator = runTs('test/deploy/load-generator.ts', [mode, url, SECRET, String(firstId), String(count), String(CONCURRENCY)]);
  if ((await generator.exited) !== 0) throw new Error(`the load generator failed:\n${generator.output()}`);
  return JSON.parse(generator.output().trim().split('\n').at(-1)!) as { seconds: number; notAnswered: number[]; cpuSeconds: number };
}

/** The most sends the fake received in any one second (a sliding window over their arrival times). */
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
 * Two processes on Telegram's own limit (30 messages a second for the bot): `updates` updates from
 * chats of their own at once; the sends a second the fake received, on average and in the busiest second.
 */
async function sharedLimit(updates: number): Promise<{ perSecond: number; busiest: number; lost: number; duplicated: number }> {
  return withTopology(2, { TELEGRAM_MAX_SENDS_PER_SECOND: '30' }, async ({ telegram, proxy }) => {
    const firstId = 2_000_000;
    const run = await load('telegram', proxy.url, firstId, updates);
    const replies = () => telegram.callsOf('sendMessage').filter((c) => Number(c.body['chat_id']) >= firstId);
    await waitFor(() => replies().length >= updates - run.notAnswered.length || undefined, 120_000).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 1500)); // anything sent twice would arrive meanwhile
    const times = replies().map((c) => c.at!);
    const chats = new Set(replies().map((c) => Number(c.body['chat_id'])));
    return {
      perSecond: (times.length - 1) / ((Math.max(...times) - Math.min(...times)) / 1000),
      busiest: busiestSecond(times),
      lost: updates - run.notAnswered.length - chats.size,
      duplicated: times.length - chats.size,
    };
  });
}

interface Topology {
  telegram: FakeTelegram;
  redisUrl: string;
  bots: AppProcess[];
  proxy: Awaited<ReturnType<typeof startProxy>>;
}

/** `processes` bots on a fresh Redis behind the proxy, with a fake Bot API; all stopped after `use`. */
async function withTopology<T>(processes: number, env: Record<string, string>, use: (t: Topology) => Promise<T>): Promise<T> {
  const telegram = new FakeTelegram();
  const apiRoot = await telegram.start();
  const redis = await startRedis();
  const bots: AppProcess[] = [];
  let proxy: Topology['proxy'] | undefined;
  try {
    bots.push(...(await Promise.all(Array.from({ length: processes }, () => spawnApp({ ...botEnv(redis.url, telegram.token, apiRoot), ...env })))));
    proxy = await startProxy(bots.map((b) => b.url));
    return await use({ telegram, redisUrl: redis.url, bots, proxy });
  } finally {
    await proxy?.stop();
    await Promise.all(bots.map((b) => b.stop()));
    await redis.stop();
    await telegram.stop();
  }
}

/** What each bot process is started with: Redis, the Telegram webhook, members' limits out of the way. */
function botEnv(redisUrl: string, token: string, apiRoot: string): Record<string, string> {
  return {
    REDIS_URL: redisUrl,
    LOG_LEVEL: 'warn',
    TRUST_PROXY: 'loopback',
    TELEGRAM_BOT_TOKEN: token,
    TELEGRAM_API_ROOT: apiRoot,
    TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/telegram/webhook',
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    LIMIT_MESSAGES_PER_MINUTE: '100000',
    LIMIT_WEB_PER_IP_PER_MINUTE: '100000',
  };
}

/** One measurement: `processes` bots on a fresh Redis behind the proxy, `updates` updates and `messages` web chat messages, each after a warm-up. */
async function measure(processes: number, updates: number, messages: number): Promise<ScaleOutRun> {
  // The most Telegram grants a bot (paid broadcasts): the processes, not the platform's limit, are measured.
  return withTopology(processes, { TELEGRAM_MAX_SENDS_PER_SECOND: '1000' }, async ({ telegram, redisUrl, bots, proxy }) => {
    await load('telegram', proxy.url, 1, 100); // warm-up: code paths compiled, connections open
    const firstId = 1_000_000;
    const tgBefore = { bots: bots.map((b) => cpuOf(b.child.pid)), proxy: cpuOf(proxy.pid), redis: await redisCpu(redisUrl), fake: process.cpuUsage() };
    const run = await load('telegram', proxy.url, firstId, updates);
    const fakeCpu = process.cpuUsage(tgBefore.fake);
    const telegramCpu = {
      seconds: run.seconds,
      bots: bots.map((b, i) => cpuOf(b.child.pid) - tgBefore.bots[i]!),
      proxy: cpuOf(proxy.pid) - tgBefore.proxy,
      redis: (await redisCpu(redisUrl)) - tgBefore.redis,
      generator: run.cpuSeconds,
      fakeApi: (fakeCpu.user + fakeCpu.system) / 1e6,
    };

    // Replies still in the delivery queue (a failed direct send) go out before counting.
    const replies = () => telegram.callsOf('sendMessage').filter((c) => Number(c.body['chat_id']) >= firstId);
    let seen = -1;
    await waitFor(async () => {
      const pending = await Promise.all(bots.map(async (b) => ((await (await fetch(`${b.url}/healthz`)).json()) as { deliveries: { pending: number } }).deliveries.pending));
      const now = replies().length;
      const settled = pending.every((p) => p === 0) && now === seen;
      seen = now;
      return settled || (await new Promise((r) => setTimeout(r, 500)), false);
    }, 60_000);

    const perChat = new Map<number, number>();
    for (const call of replies()) perChat.set(Number(call.body['chat_id']), (perChat.get(Number(call.body['chat_id'])) ?? 0) + 1);
    const refused = new Set(run.notAnswered);
    let lost = 0;
    for (let id = firstId; id < firstId + updates; id++) if (!refused.has(id) && !perChat.has(id)) lost++;
    const duplicated = [...perChat.values()].filter((n) => n > 1).length;

    await load('web', proxy.url, 1, 500);
    const cpuBefore = { bots: bots.map((b) => cpuOf(b.child.pid)), proxy: cpuOf(proxy.pid), redis: await redisCpu(redisUrl) };
    const web = await load('web', proxy.url, firstId, messages);
    const cpu = {
      seconds: web.seconds,
      bots: bots.map((b, i) => cpuOf(b.child.pid) - cpuBefore.bots[i]!),
      proxy: cpuOf(proxy.pid) - cpuBefore.proxy,
      redis: (await redisCpu(redisUrl)) - cpuBefore.redis,
      generator: web.cpuSeconds,
    };
    const served = await proxy.stop();
    return {
      processes,
      updates,
      seconds: run.seconds,
      perSecond: updates / run.seconds,
      refused: refused.size,
      lost,
      duplicated,
      web: { messages, perSecond: messages / web.seconds, refused: web.notAnswered.length, cpu },
      cpu: telegramCpu,
      served,
    };
  });
}

/** One process behind the proxy, then two, with the same numbers of updates and web chat messages. */
export async function scaleOutBench(updates = 1200, messages = 6000): Promise<{ one: ScaleOutRun; two: ScaleOutRun }> {
  const one = await measure(1, updates, messages);
  const two = await measure(2, updates, messages);
  return { one, two };
}

const mark = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
const cpuLine = (c: CpuUse & { fakeApi?: number }) => {
  const total = c.bots.reduce((a, b) => a + b, 0) + c.proxy + c.redis + c.generator + (c.fakeApi ?? 0);
  return (
    `bots ${c.bots.map((x) => x.toFixed(1)).join(' + ')}, proxy ${c.proxy.toFixed(1)}, Redis ${c.redis.toFixed(1)}, load generator ${c.generator.toFixed(1)}` +
    `${c.fakeApi === undefined ? '' : `, fake Bot API ${c.fakeApi.toFixed(1)}`} CPU s in ${c.seconds.toFixed(1)} s (${(total / c.seconds).toFixed(2)} of ${availableParallelism()} cores busy)`
  );
};

/** `npm run bench -- --only scaleout`: the target "two processes on Redis: ≥ 1.6× the updates/s of one, 0 lost, 0 duplicated". */
export async function printScaleOutBench(): Promise<void> {
  console.log('\n## Scale-out: bot processes on one Redis behind a round-robin proxy (load generator, proxy and bots each a process; fake Bot API)');
  const { one, two } = await scaleOutBench();
  const ratio = two.perSecond / one.perSecond;
  const clean = (r: ScaleOutRun) => `${r.refused} refused, ${r.lost} lost, ${r.duplicated} duplicated`;
  console.log('Telegram webhook with the sending limit lifted to 1,000 messages/s (what Telegram grants at most), so the processes are what is measured:');
  console.log(`  one process    ${one.perSecond.toFixed(1)} updates/s   ${clean(one)}   (baseline; ${one.updates} updates, each from a chat of its own)   CPU: ${cpuLine(one.cpu)}`);
  console.log(
    `  two processes  ${two.perSecond.toFixed(1)} updates/s   ratio ${ratio.toFixed(2)}   ${clean(two)}   requests per process ${two.served.join(' / ')}   CPU: ${cpuLine(two.cpu)}   ` +
      `target ≥ 1.6×, 0 lost, 0 duplicated  ${mark(ratio >= 1.6 && two.lost === 0 && two.duplicated === 0 && two.refused === 0)}`,
  );
  const webRatio = two.web.perSecond / one.web.perSecond;
  console.log(`web chat (no platform limit), one process    ${one.web.perSecond.toFixed(0)} messages/s   ${one.web.refused} refused   CPU: ${cpuLine(one.web.cpu)}`);
  console.log(`web chat (no platform limit), two processes  ${two.web.perSecond.toFixed(0)} messages/s   ratio ${webRatio.toFixed(2)}   ${two.web.refused} refused   CPU: ${cpuLine(two.web.cpu)}`);
  const held = await sharedLimit(600);
  console.log(
    `Telegram's own limit (30 messages/s for the bot), two processes, 600 updates at once: ${held.perSecond.toFixed(1)} messages/s on average, ${held.busiest} in the busiest second, ` +
      `${held.lost} lost, ${held.duplicated} duplicated — the limit is counted in Redis for both  ${mark(held.perSecond <= 31 && held.lost === 0 && held.duplicated === 0)}`,
  );
}
