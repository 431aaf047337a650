import { spawn, type ChildProcess } from 'node:child_process';
import { repoRoot } from './fixtures.js';
import { nodeArgs } from './prebuilt.js';
import { freePort } from './redis-server.js';

/** The bot running in a process of its own, as in production: it can be killed and started again. */
export interface AppProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything it wrote (JSON log lines on stdout, start-up lines on stderr). */
  output: string[];
  /** Resolves when the process has exited (with its code or signal); rejects after `timeoutMs`. */
  exited(timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Stops it with a signal (default SIGTERM) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `src/main.ts` in a child process with this environment (nothing else of the test's
 * environment leaks in but PATH and HOME); resolves when it listens, or rejects with its output
 * when it exits first. With HTX_CRASH_AT it kills itself at that point (src/faults/crash-point.ts).
 */
export async function spawnApp(env: Record<string, string>): Promise<AppProcess> {
  const port = env['PORT'] ? Number(env['PORT']) : await freePort();
  // HTX_BENCH_NODE_FLAGS: flags for the bot's node (a benchmark's --cpu-prof, which NODE_OPTIONS refuses).
  const flags = env['HTX_BENCH_NODE_FLAGS']?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...flags, ...nodeArgs('main')], {
    cwd: repoRoot,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const exited = (timeoutMs = 15_000) =>
    Promise.race([exit, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`the bot did not exit within ${timeoutMs} ms`)), timeoutMs).unref())]);
  await new Promise<void>((resolve, reject) => {
    const started = setInterval(() => {
      if (output.join('').includes('web chat at http')) (clearInterval(started), resolve());
    }, 20);
    void exit.then(() => (clearInterval(started), reject(new Error(`the bot exited during start-up:\n${output.join('')}`))));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    child,
    output,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited();
    },
  };
}
