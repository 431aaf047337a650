import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import { TicketService } from '../../src/tickets/ticket-service.js';
import { freePort, startRedis, type RedisProcess } from '../support/redis-server.js';
import { expectOneLineError, removeTempDirs, runCli, seededDataDir, tempDir } from './cli-process.js';

const staff = (args: string[], env: Record<string, string>) => runCli('staff', args, { env });
afterAll(removeTempDirs);

/** A ticket's audit trail, read from the database as the bot would. */
async function historyOf(dataDir: string, code: string) {
  const storage = openSqliteStorage(dataDir);
  try {
    return await new TicketService(storage.tickets).history(code);
  } finally {
    await storage.close();
  }
}

describe.concurrent('npm run staff: a DATA_DIR without a database', () => {
  it('is refused in one line naming the folder and --init, and nothing is created there', async ({ expect }) => {
    const typo = join(tempDir('htx-staff-'), 'dta');
    const run = await staff(['list'], { DATA_DIR: typo });
    expectOneLineError(run, 1, `No database in DATA_DIR ${typo} (no bot.db there): check DATA_DIR, or add --init to create an empty database there`, expect);
    expect(existsSync(typo)).toBe(false);
  });

  it('is refused for an existing but empty folder too', async ({ expect }) => {
    const empty = tempDir('htx-staff-empty-');
    expectOneLineError(await staff(['stats'], { DATA_DIR: empty }), 1, /^No database in DATA_DIR .* \(no bot\.db there\)/, expect);
    expect(existsSync(join(empty, 'bot.db'))).toBe(false);
  });

  it('gets an empty database with --init, which later commands then use without it', async ({ expect }) => {
    const dataDir = join(tempDir('htx-staff-init-'), 'data');
    const first = await staff(['--init', 'list'], { DATA_DIR: dataDir });
    expect({ status: first.status, stdout: first.stdout.toString('utf8'), stderr: first.stderr }).toEqual({ status: 0, stdout: 'Không có hồ sơ nào đang mở.\n', stderr: '' });
    const again = await staff(['list'], { DATA_DIR: dataDir });
    expect(again.status).toBe(0);
  });

  it('gets an empty database with --init alone', async ({ expect }) => {
    const dataDir = join(tempDir('htx-staff-init-'), 'data');
    const run = await staff(['--init'], { DATA_DIR: dataDir });
    expect(run.status).toBe(0);
    expect(run.stdout.toString('utf8')).toBe(`Database ready in DATA_DIR ${dataDir}\n`);
    expect(existsSync(join(dataDir, 'bot.db'))).toBe(true);
  });

  it('asks for --init before the action when it comes after', async ({ expect }) => {
    expectOneLineError(await staff(['list', '--init'], { DATA_DIR: tempDir('htx-staff-') }), 2, 'Put --init before the action: npm run staff -- --init list', expect);
  });
});

describe('npm run staff on the database the bot made', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await seededDataDir();
  });

  it('lists the open tickets', async () => {
    const run = await staff(['list'], { DATA_DIR: dataDir });
    expect(run.status).toBe(0);
    expect(run.stdout.toString('utf8')).toContain('KK-2026-0001');
    expect(run.stderr).toBe('');
  });

  it('refuses a ticket that does not exist in one line, exit 1', async () => {
    expectOneLineError(await staff(['show', 'KK-2026-0099'], { DATA_DIR: dataDir }), 1, 'Không tìm thấy hồ sơ KK-2026-0099.');
  });

  it('refuses to close a closed ticket in one line, exit 1, and records nothing', async () => {
    const before = await historyOf(dataDir, 'KN-2026-0001');
    expectOneLineError(await staff(['close', 'KN-2026-0001', 'lần nữa'], { DATA_DIR: dataDir }), 1, 'Hồ sơ KN-2026-0001 đã đóng; dùng /reopen để mở lại.');
    expect(await historyOf(dataDir, 'KN-2026-0001')).toEqual(before);
  });

  it('records a reply: the answer is on stdout and the ticket is answered', async () => {
    const run = await staff(['reply', 'kk-2026-1', 'Hội', 'đã', 'nhận', 'hồ', 'sơ'], { DATA_DIR: dataDir, STAFF_NAME: 'anh Minh' });
    expect({ status: run.status, stdout: run.stdout.toString('utf8'), stderr: run.stderr }).toEqual({
      status: 0,
      stdout: '✅ Đã chuyển câu trả lời cho thành viên (KK-2026-0001).\n',
      stderr: '',
    });
    const storage = openSqliteStorage(dataDir);
    const ticket = await new TicketService(storage.tickets).get('KK-2026-0001');
    await storage.close();
    expect(ticket?.state).toBe('answered');
    expect((await historyOf(dataDir, 'KK-2026-0001')).at(-1)).toMatchObject({ type: 'staff-reply', actor: 'staff:anh Minh', text: 'Hội đã nhận hồ sơ' });
  });

  it('exports CSV to standard output and refuses XLSX without --out', async () => {
    const [csv, xlsx] = await Promise.all([
      staff(['export', '--kind', 'difficulty', '--format', 'csv'], { DATA_DIR: dataDir }),
      staff(['export', '--format', 'xlsx'], { DATA_DIR: dataDir }),
    ]);
    expect(csv.status).toBe(0);
    expect([...csv.stdout.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.stdout.toString('utf8')).toContain('KK-2026-0001');
    expectOneLineError(xlsx, 2, 'XLSX is a binary file and is never written to standard output: give --out FILE');
  });

  it('refuses an export into a folder that does not exist in one line', async () => {
    const out = join(dataDir, 'nowhere', 'kk.xlsx');
    expectOneLineError(await staff(['export', '--format', 'xlsx', '--out', out], { DATA_DIR: dataDir }), 1, `Cannot write ${out}: the folder ${join(dataDir, 'nowhere')} does not exist`);
  });
});

describe.concurrent('npm run staff: errors are one line, never a stack', () => {
  it('a bad setting', async ({ expect }) => {
    expectOneLineError(await staff(['list'], { PORT: 'abc' }), 1, 'Invalid PORT: expected a port number between 0 and 65535 (0: any free port) (got "abc")', expect);
  });

  it('a database file that SQLite cannot read', async ({ expect }) => {
    const dataDir = tempDir('htx-staff-bad-');
    writeFileSync(join(dataDir, 'bot.db'), 'this is not a database, just some text that is long enough to be read as a header');
    expectOneLineError(await staff(['list'], { DATA_DIR: dataDir }), 1, `Cannot open the database ${join(dataDir, 'bot.db')}: file is not a database`, expect);
  });

  it('a bot.db that is a folder', async ({ expect }) => {
    const dataDir = tempDir('htx-staff-bad-');
    mkdirSync(join(dataDir, 'bot.db'));
    expectOneLineError(await staff(['list'], { DATA_DIR: dataDir }), 1, `No database in DATA_DIR ${dataDir} (bot.db there is not a file): check DATA_DIR`, expect);
  });

  it('Redis down, without showing the password in REDIS_URL', async ({ expect }) => {
    const port = await freePort();
    const run = await staff(['list'], { REDIS_URL: `redis://:geheim-passwort@127.0.0.1:${port}` });
    expectOneLineError(run, 1, `Redis at 127.0.0.1:${port} is unreachable (connect ECONNREFUSED 127.0.0.1:${port}): check REDIS_URL and that Redis is running`, expect);
    expect(run.stderr).not.toContain('geheim');
  });

  it.for([
    ['no action', [], 'An action is needed: list, show, reply, note, take, close, reopen, stats, agenda or export (npm run staff -- --help shows the actions)'],
    ['an unknown action', ['frobnicate'], 'Unknown action "frobnicate" (npm run staff -- --help shows the actions)'],
    ['a code that is not one', ['show', 'KX-1'], '"show": a ticket code like KK-2026-0012 is needed (got "KX-1")'],
    ['a reply without text', ['reply', 'KK-2026-0001'], '"reply" needs the answer for the member after the ticket code'],
    ['a stray argument', ['take', 'KK-2026-0001', 'now'], '"take" takes only the ticket code (got also "now")'],
    ['a bad export date', ['export', '--format', 'csv', '--from', '2026-13-40'], 'Invalid --from: expected a real date as YYYY-MM-DD, like 2026-01-31 (got "2026-13-40")'],
  ] as Array<[string, string[], string]>)('a wrong command line: %s (exit 2, storage untouched)', async ([, args, message], { expect }) => {
    const missing = join(tempDir('htx-staff-'), 'none');
    expectOneLineError(await staff(args, { DATA_DIR: missing }), 2, message, expect);
    expect(existsSync(missing)).toBe(false);
  });
});

describe('npm run staff on Redis', () => {
  let redis: RedisProcess;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('works the queue, and refuses a missing ticket in one line', async () => {
    const [list, show] = await Promise.all([staff(['list'], { REDIS_URL: redis.url }), staff(['show', 'KN-2026-0042'], { REDIS_URL: redis.url })]);
    expect({ status: list.status, stdout: list.stdout.toString('utf8'), stderr: list.stderr }).toEqual({ status: 0, stdout: 'Không có hồ sơ nào đang mở.\n', stderr: '' });
    expectOneLineError(show, 1, 'Không tìm thấy hồ sơ KN-2026-0042.');
  });
});
