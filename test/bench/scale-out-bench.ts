import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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

export interface ScaleOutRun {
  processes: number;
  updates: number;
  /**
   * Web chat messages answered a second, how many were not answered 200, and the CPU seconds each
   * part used meanwhile (the machine's cores are shared by all of them).
   */
  web: { messages: number; perSecond: number; refused: number; cpu: { seconds: number; bots: number[]; proxy: number; redis: number; generator: number } };
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

/** One measurement: `processes` bots on a fresh Redis behind the proxy, `updates` updates and `messages` web chat messages, each after a warm-up. */
async function measure(processes: number, updates: number, messages: number): Promise<ScaleOutRun> {
  const telegram = new FakeTelegram();
  const apiRoot = await telegram.start();
  const redis = await startRedis();
  const bots: AppProcess[] = [];
  let proxy: Awaited<ReturnType<typeof startProxy>> | undefined;
  try {
    const env = {
      REDIS_URL: redis.url,
      LOG_LEVEL: 'warn',
      TRUST_PROXY: 'loopback',
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: apiRoot,
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/telegram/webhook',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      LIMIT_MESSAGES_PER_MINUTE: '100000',
      LIMIT_WEB_PER_IP_PER_MINUTE: '100000',
    };
    bots.push(...(await Promise.all(Array.from({ length: processes }, () => spawnApp(env)))));
    proxy = await startProxy(bots.map((b) => b.url));
    await load('telegram', proxy.url, 1, 100); // warm-up: code paths compiled, connections open
    const firstId = 1_000_000;
    const run = await load('telegram', proxy.url, firstId, updates);

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
    const cpuBefore = { bots: bots.map((b) => cpuOf(b.child.pid)), proxy: cpuOf(proxy.pid), redis: await redisCpu(redis.url) };
    const web = await load('web', proxy.url, firstId, messages);
    const cpu = {
      seconds: web.seconds,
      bots: bots.map((b, i) => cpuOf(b.child.pid) - cpuBefore.bots[i]!),
      proxy: cpuOf(proxy.pid) - cpuBefore.proxy,
      redis: (await redisCpu(redis.url)) - cpuBefore.redis,
      generator: web.cpuSeconds,
    };
    const served = await proxy.stop();
    proxy = undefined;
    return {
      processes,
      updates,
      seconds: run.seconds,
      perSecond: updates / run.seconds,
      refused: refused.size,
      lost,
      duplicated,
      web: { messages, perSecond: messages / web.seconds, refused: web.notAnswered.length, cpu },
      served,
    };
  } finally {
    await proxy?.stop();
    await Promise.all(bots.map((b) => b.stop()));
    await redis.stop();
    await telegram.stop();
  }
}

/** One process behind the proxy, then two, with the same numbers of updates and web chat messages. */
export async function scaleOutBench(updates = 1200, messages = 6000): Promise<{ one: ScaleOutRun; two: ScaleOutRun }> {
  const one = await measure(1, updates, messages);
  const two = await measure(2, updates, messages);
  return { one, two };
}

const mark = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
const cpuLine = (r: ScaleOutRun) =>
  `bots ${r.web.cpu.bots.map((s) => s.toFixed(1)).join(' + ')}, proxy ${r.web.cpu.proxy.toFixed(1)}, Redis ${r.web.cpu.redis.toFixed(1)}, load generator ${r.web.cpu.generator.toFixed(1)} CPU s in ${r.web.cpu.seconds.toFixed(1)} s`;

/** `npm run bench -- --only scaleout`: the target "two processes on Redis: ≥ 1.6× the updates/s of one, 0 lost, 0 duplicated". */
export async function printScaleOutBench(): Promise<void> {
  console.log('\n## Scale-out: bot processes on one Redis behind a round-robin proxy (load generator, proxy and bots each a process; fake Bot API)');
  const { one, two } = await scaleOutBench();
  const ratio = two.perSecond / one.perSecond;
  const clean = (r: ScaleOutRun) => `${r.refused} refused, ${r.lost} lost, ${r.duplicated} duplicated`;
  console.log(`Telegram webhook, one process    ${one.perSecond.toFixed(1)} updates/s   ${clean(one)}   (baseline; ${one.updates} updates, each from a chat of its own)`);
  console.log(
    `Telegram webhook, two processes  ${two.perSecond.toFixed(1)} updates/s   ratio ${ratio.toFixed(2)}   ${clean(two)}   requests per process ${two.served.join(' / ')}   ` +
      `target ≥ 1.6×, 0 lost, 0 duplicated  ${mark(ratio >= 1.6 && two.lost === 0 && two.duplicated === 0 && two.refused === 0)}`,
  );
  console.log(
    '  each reply waits for the Telegram pacer, 30 messages/s in each process (src/delivery/pacer.ts): the rates above are that limit times the processes, not CPU; ' +
      'and two processes together may send 60 messages/s, over the 30/s Telegram allows one bot (the pacer is not shared through Redis)',
  );
  const webRatio = two.web.perSecond / one.web.perSecond;
  console.log(`web chat (no platform limit), one process    ${one.web.perSecond.toFixed(0)} messages/s   ${one.web.refused} refused   CPU: ${cpuLine(one)}`);
  console.log(`web chat (no platform limit), two processes  ${two.web.perSecond.toFixed(0)} messages/s   ratio ${webRatio.toFixed(2)}   ${two.web.refused} refused   CPU: ${cpuLine(two)}`);
}
