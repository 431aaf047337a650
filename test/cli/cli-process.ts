import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { expect as globalExpect, type ExpectStatic } from 'vitest';
import { runExport } from '../../src/cli/export-command.js';
import { runStaff } from '../../src/cli/staff-command.js';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import { TicketService } from '../../src/tickets/ticket-service.js';
import type { TicketDraft } from '../../src/tickets/ticket-store.js';
import { repoRoot } from '../support/fixtures.js';
import { nodeArgs } from '../support/prebuilt.js';

/** What a CLI run left: its exit code, its raw stdout and its stderr. */
export interface CliRun {
  status: number | null;
  stdout: Buffer;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string>;
  cwd?: string;
  /** Run as this user and group (tests running as root use it to meet a permission). */
  uid?: number;
  gid?: number;
}

/**
 * Runs a CLI as a real child process. The environment is only PATH, HOME and what the test
 * gives: the developer's own DATA_DIR, REDIS_URL or npm variables never leak in.
 */
export function runProcess(command: string, args: string[], { env = {}, cwd = repoRoot, uid, gid }: RunOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: process.env['HOME'] ?? '/tmp', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(uid === undefined ? {} : { uid, gid }),
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

/**
 * `npm run <cli> -- args` as a process of its own, from the repository folder: the CLI bundled
 * for this test run, or its source with tsx (test/support/prebuilt.ts).
 */
export function runCli(cli: 'export' | 'staff' | 'content-export' | 'content-check', args: string[], options: RunOptions = {}): Promise<CliRun> {
  return runProcess(process.execPath, [...nodeArgs(`cli/${cli}`), ...args], options);
}

const inProcess = { staff: runStaff, export: runExport };

/**
 * `npm run <cli> -- args` run in this process (src/cli/<cli>-command.ts, which the CLI's entry
 * runs on the process's own arguments and streams): the same exit code, stdout and stderr, in
 * milliseconds instead of a process start. The environment is only PATH, HOME and what the test
 * gives, as for {@link runCli}. Not for what writes to the process's own streams (an export to
 * standard output, staff `user` and `announce`), nor to check that the process ends: use runCli.
 */
export function runCliInProcess(cli: keyof typeof inProcess, args: string[], options: { env?: Record<string, string> } = {}): Promise<CliRun> {
  // One at a time, as separate processes would be: two SQLite connections of one thread writing
  // at once wait on each other's lock with the thread blocked ("database is locked").
  const run = inProcessRuns.then(() => runNow(inProcess[cli], args, options));
  inProcessRuns = run.then(
    () => undefined,
    () => undefined,
  );
  return run;
}

let inProcessRuns: Promise<void> = Promise.resolve();

async function runNow(main: typeof runStaff, args: string[], { env = {} }: { env?: Record<string, string> }): Promise<CliRun> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const sink = (chunks: Buffer[]) =>
    new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        chunks.push(Buffer.from(chunk));
        done();
      },
    });
  const status = await main(args, {
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: process.env['HOME'] ?? '/tmp', ...env },
    stdout: sink(out),
    stderr: sink(err),
  });
  return { status, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') };
}

/**
 * A refusal as the user sees it: exactly one line on stderr, nothing on stdout, this exit code.
 * Concurrent tests pass their own `expect`.
 */
export function expectOneLineError(run: CliRun, exitCode: number, message: string | RegExp, expect: ExpectStatic = globalExpect): void {
  expect({ status: run.status, stdout: run.stdout.toString('utf8') }).toEqual({ status: exitCode, stdout: '' });
  expect(run.stderr).toMatch(/^[^\n]+\n$/);
  if (typeof message === 'string') expect(run.stderr).toBe(`${message}\n`);
  else expect(run.stderr).toMatch(message);
}

const made: string[] = [];

/** A fresh folder under the system's temporary folder, that other users may enter. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  made.push(dir);
  return dir;
}

/** Removes every folder tempDir made (call it in afterAll). */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A concern filed on Telegram, as the CLI tests seed them; each test changes what it is about. */
export const draft = (overrides: Partial<TicketDraft>): TicketDraft => ({
  kind: 'concern',
  memberId: 'telegram:42',
  locale: 'vi',
  topic: 'credit',
  cooperative: 'HTX Đồng Tâm',
  role: 'manager',
  commune: 'Xã Tân Phú',
  content: 'Xin hỗ trợ vay vốn mua máy sấy lúa',
  phone: '+84912345678',
  consentToContact: true,
  urgency: 'normal',
  photos: [],
  conferenceId: 'HN-2026',
  ...overrides,
});

/**
 * A DATA_DIR with the bot's own SQLite database (opened by openSqliteStorage, as `npm start` does)
 * holding: KN-2026-0001, a concern filed 10/3/2026 09:00 Vietnam time, answered, closed and rated
 * 5, whose content carries control characters and a formula; KK-2026-0001, a difficulty filed
 * 20/4/2026 and still new.
 */
export async function seededDataDir(): Promise<string> {
  const dataDir = tempDir('htx-cli-data-');
  const storage = openSqliteStorage(dataDir);
  let now = new Date('2026-03-10T02:00:00.000Z');
  const tickets = new TicketService(storage.tickets, () => now);
  await tickets.file(draft({ content: '=HYPERLINK("http://x","bấm")\u0007 và\u0000 vay vốn\r\nmua máy' }));
  now = new Date('2026-03-11T01:30:00.000Z');
  await tickets.staffReply('KN-2026-0001', { kind: 'staff', name: 'chị Lan' }, 'Đã nhận');
  await tickets.close('KN-2026-0001', { kind: 'staff', name: 'chị Lan' }, 'Đã giải quyết');
  await tickets.rate('KN-2026-0001', 'telegram:42', 5);
  now = new Date('2026-04-20T03:00:00.000Z');
  await tickets.file(draft({ kind: 'difficulty', conferenceId: null, urgency: 'urgent', content: 'Thiếu vốn lưu động mùa vụ' }));
  await storage.close();
  return dataDir;
}
