import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTranslator } from '../../src/i18n/create-translator.js';
import { dashboardText } from '../../src/staff-web/dashboard/dashboard-text.js';
import { loadDashboard } from '../../src/staff-web/dashboard/load-dashboard.js';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import { TicketService } from '../../src/tickets/ticket-service.js';
import { localesDir } from '../support/fixtures.js';
import { freePort, startRedis, type RedisProcess } from '../support/redis-server.js';
import { draft, expectOneLineError, removeTempDirs, runCli, runCliInProcess, seededDataDir, tempDir } from './cli-process.js';

/** `npm run staff -- args`, run in this process (same code, same output and exit code). */
const staff = (args: string[], env: Record<string, string>) => runCliInProcess('staff', args, { env });
/**
 * The same as a process of its own, where the process matters: it ends on its own (SQLite and
 * Redis closed), its exit code, and an export written to its standard output.
 */
const staffProcess = (args: string[], env: Record<string, string>) => runCli('staff', args, { env });
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
    const run = await staffProcess(['--init'], { DATA_DIR: dataDir });
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
      staffProcess(['export', '--kind', 'difficulty', '--format', 'csv'], { DATA_DIR: dataDir }),
      staffProcess(['export', '--format', 'xlsx'], { DATA_DIR: dataDir }),
    ]);
    expect(csv.status).toBe(0);
    expect([...csv.stdout.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.stdout.toString('utf8')).toContain('KK-2026-0001');
    expectOneLineError(xlsx, 2, 'XLSX is a binary file and is never written to standard output: give --out FILE');
  });

  it('refuses an export into a folder that does not exist in one line', async () => {
    const out = join(dataDir, 'nowhere', 'kk.xlsx');
    expectOneLineError(await staffProcess(['export', '--format', 'xlsx', '--out', out], { DATA_DIR: dataDir }), 1, `Cannot write ${out}: the folder ${join(dataDir, 'nowhere')} does not exist`);
  });
});

describe('npm run staff -- stats for a range of days', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await seededDataDir();
  });

  it('counts the tickets created in the range (Vietnam days, both ends included), with the dashboard\'s figures', async () => {
    const out = quietOutput(await staff(['stats', '--from', '2026-03-10', '--to', '2026-04-19'], { DATA_DIR: dataDir }));
    expect(out).toBe(
      [
        'Từ 10/3/2026 đến 19/4/2026 (ngày tạo hồ sơ, giờ Việt Nam)',
        'Tổng số hồ sơ: 1 · quá hạn: 0',
        'Đang mở: 0 · đã đóng: 1',
        '',
        'Theo loại:\n  Kiến nghị: 1',
        '',
        'Theo trạng thái:\n  Đã đóng: 1',
        '',
        'Theo tuần (tuần có hồ sơ; Kiến nghị / Khó khăn / Câu hỏi):\n  2026-W11 (từ 9/3/2026): 1 = 1 / 0 / 0',
        '',
        'Theo lĩnh vực:\n  Tín dụng, vay vốn: 1',
        '',
        'Theo xã/phường (15 nơi nhiều nhất):\n  Xã Tân Phú: 1',
        '',
        // Filed 10/3 09:00, answered 11/3 08:30.
        'Trả lời lần đầu: 1 hồ sơ đã được trả lời, 0 chưa',
        '  thời gian chờ: trung vị 23.5 giờ, 90% trong vòng 23.5 giờ',
        '  quá hạn 2 ngày làm việc: 0 trả lời muộn, 0 đang chờ quá hạn',
        '',
        'Đánh giá: 1 lượt, trung bình 5/5\n  5⭐: 1 · 4⭐: 0 · 3⭐: 0 · 2⭐: 0 · 1⭐: 0',
        '',
        'Ý kiến về câu trả lời của bot (👍/👎 theo lĩnh vực, từ trước đến nay): 👍 0 · 👎 0\n  —',
        '',
        'Câu hỏi bot chưa trả lời được: 0 lượt, 0 câu khác nhau; hỏi nhiều nhất (số thành viên hỏi):\n  —',
        '',
      ].join('\n'),
    );
  });

  it('prints what the dashboard computes for the same days, votes and unanswered questions included', async () => {
    const storage = openSqliteStorage(dataDir);
    try {
      await storage.insights.recordFeedback('credit-vay-von-uu-dai', true, null, 'member-a');
      await storage.insights.recordUnanswered('Vay vốn mua máy sấy thế nào?', 'none', null, 'member-a');
      await storage.insights.recordUnanswered('vay von mua may say the nao', 'unsure', null, 'member-b');
      const out = quietOutput(await staff(['stats', '--from', '2026-04-20'], { DATA_DIR: dataDir }));
      const dashboard = await loadDashboard({ tickets: storage.tickets, insights: storage.insights, serviceLevelDays: 2 }, { from: '2026-04-20' }, new Date());
      expect(out).toBe(`${dashboardText(dashboard, createTranslator(localesDir)('vi'))}\n`);
      expect(out.split('\n')).toEqual(
        expect.arrayContaining(['Tổng số hồ sơ: 1 · quá hạn: 1', '  Tín dụng, vay vốn: 👍 1 · 👎 0', '  2 × vay von mua may say the nao']),
      );
    } finally {
      await storage.close();
    }
  });
});

/** A PNG's first bytes: what the web chat stores for a photo. */
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);


/**
 * A staff desk in February 2026 (times in Vietnam time):
 * KN-2026-0001, a concern filed 2/2 08:00, answered, closed, rated 4, then reopened by the member
 * on 10/2 11:00, whose next message (the reason the bot asks for) was "Vẫn chưa được giải ngân";
 * KN-2026-0002, a concern closed and rated 5;
 * CH-2026-0001, a question filed 6/2 and never answered (overdue), whose asker left a phone
 * without agreeing to be called;
 * KK-2026-0001, an urgent difficulty filed 9/2 14:15 from the web chat, taken by anh Minh, with
 * three photos: one uploaded to the web chat, one link, one Telegram file id.
 */
async function staffDeskDataDir(): Promise<{ dataDir: string; photoId: string }> {
  const dataDir = tempDir('htx-staff-desk-');
  const storage = openSqliteStorage(dataDir);
  try {
    const photoId = await storage.photos.save(PNG, 'image/png');
    let now = new Date('2026-02-02T01:00:00.000Z');
    const tickets = new TicketService(storage.tickets, () => now);
    const lan = { kind: 'staff', name: 'chị Lan' } as const;
    await tickets.file(draft({}));
    now = new Date('2026-02-03T02:00:00.000Z');
    await tickets.staffReply('KN-2026-0001', lan, 'Hồ sơ vay đã chuyển ngân hàng');
    now = new Date('2026-02-04T03:00:00.000Z');
    await tickets.close('KN-2026-0001', lan, 'Ngân hàng đã duyệt');
    await tickets.rate('KN-2026-0001', 'telegram:42', 4);
    now = new Date('2026-02-05T03:00:00.000Z');
    await tickets.file(draft({ memberId: 'telegram:43', topic: 'tax', content: 'Xin giảm phí kiểm định' }));
    await tickets.staffReply('KN-2026-0002', lan, 'Đã giảm');
    await tickets.close('KN-2026-0002', lan, null);
    await tickets.rate('KN-2026-0002', 'telegram:43', 5);
    now = new Date('2026-02-06T01:00:00.000Z');
    await tickets.file(draft({ kind: 'question', memberId: 'zalo:77', topic: null, cooperative: null, role: 'other', commune: null, content: 'Thuế khoán hộ kinh doanh là bao nhiêu?', phone: '+84987654321', consentToContact: false, urgency: null, conferenceId: null }));
    now = new Date('2026-02-09T07:15:00.000Z');
    await tickets.file(
      draft({
        kind: 'difficulty',
        memberId: 'web:3f2c8a1e-0000-4000-8000-000000000001',
        topic: 'land',
        role: 'member',
        content: 'Sạt lở bờ ao nuôi cá,\ncần hỗ trợ gấp',
        urgency: 'urgent',
        photos: [`photo:${photoId}`, 'https://zalo.example/p/1.jpg', 'AgACAgIAAxkBAAIBZ2Zfake'],
        conferenceId: null,
      }),
    );
    now = new Date('2026-02-09T08:00:00.000Z');
    await tickets.take('KK-2026-0001', { kind: 'staff', name: 'anh Minh' });
    now = new Date('2026-02-10T04:00:00.000Z');
    await tickets.reopen('KN-2026-0001', { kind: 'member', memberId: 'telegram:42' });
    now = new Date('2026-02-10T04:05:00.000Z');
    await tickets.memberMessage('KN-2026-0001', 'telegram:42', 'Vẫn chưa được giải ngân');
    return { dataDir, photoId };
  } finally {
    await storage.close();
  }
}

/** stdout of a run that must succeed quietly: exit 0, nothing on stderr (no log line, no phone there). */
function quietOutput(run: { status: number | null; stdout: Buffer; stderr: string }): string {
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  return run.stdout.toString('utf8');
}

describe('npm run staff: what staff see of a ticket', () => {
  let dataDir: string;
  let photoId: string;
  beforeAll(async () => {
    ({ dataDir, photoId } = await staffDeskDataDir());
  });

  it('show: every field staff act on, labelled, with the photos and how to get them', async () => {
    const out = quietOutput(await staff(['show', 'KK-2026-0001'], { DATA_DIR: dataDir }));
    expect(out).toBe(
      [
        'KK-2026-0001 · Khó khăn · Đang xử lý · 🔴 KHẨN CẤP · ⏰ quá hạn trả lời',
        'Mức độ: Khẩn cấp',
        'Lĩnh vực: Đất đai',
        'Tên HTX: HTX Đồng Tâm',
        'Vai trò: Thành viên',
        'Xã/phường: Xã Tân Phú',
        'Số điện thoại: +84912345678 (đồng ý được liên hệ)',
        'Kênh: Web chat',
        'Hội nghị: —',
        'Người phụ trách: anh Minh',
        'Tiếp nhận: 09/02/2026 14:15',
        'Trả lời lần đầu: —',
        'Đóng: —',
        'Đánh giá: —',
        'Ảnh: 3',
        `  1. ảnh web chat ${photoId}: lưu ra thư mục bằng npm run staff -- photos KK-2026-0001 --out THƯ_MỤC`,
        '  2. https://zalo.example/p/1.jpg',
        '  3. ảnh Telegram: xem trong chủ đề của hồ sơ ở nhóm cán bộ Telegram',
        '',
        'Nội dung:',
        '  Sạt lở bờ ao nuôi cá,',
        '  cần hỗ trợ gấp',
        '',
        'Lịch sử:',
        '  09/02/2026 14:15 · thành viên · Tiếp nhận',
        '  09/02/2026 15:00 · anh Minh · Nhận xử lý',
        '',
      ].join('\n'),
    );
  });

  it('show: a ticket the member reopened says when, the reason they wrote next, and the rating it had', async () => {
    const out = quietOutput(await staff(['show', 'KN-2026-0001'], { DATA_DIR: dataDir }));
    expect(out.split('\n')).toEqual(
      expect.arrayContaining([
        'KN-2026-0001 · Kiến nghị · Đang xử lý',
        'Mức độ: Bình thường',
        'Lĩnh vực: Tín dụng, vay vốn',
        'Vai trò: Quản lý HTX',
        'Kênh: Telegram',
        'Hội nghị: HN-2026',
        'Trả lời lần đầu: 03/02/2026 09:00',
        'Đóng: —',
        'Đánh giá: —',
        'Mở lại: 10/02/2026 11:00 · thành viên',
        'Lý do mở lại: Vẫn chưa được giải ngân',
        'Đánh giá trước khi mở lại: 4/5',
        'Ảnh: không có',
        '  04/02/2026 10:00 · thành viên · Thành viên đánh giá: 4',
      ]),
    );
  });

  it('show: a closed ticket with its rating', async () => {
    const out = quietOutput(await staff(['show', 'KN-2026-0002'], { DATA_DIR: dataDir }));
    expect(out.split('\n')).toEqual(expect.arrayContaining(['KN-2026-0002 · Kiến nghị · Đã đóng', 'Đóng: 05/02/2026 10:00', 'Đánh giá: 5/5 ⭐⭐⭐⭐⭐']));
  });

  it('show: a phone given without consent to be called is not shown', async () => {
    const out = quietOutput(await staff(['show', 'CH-2026-0001'], { DATA_DIR: dataDir }));
    expect(out.split('\n')).toEqual(expect.arrayContaining(['CH-2026-0001 · Câu hỏi · Mới · ⏰ quá hạn trả lời', 'Số điện thoại: — (thành viên không đồng ý được liên hệ)', 'Lĩnh vực: —', 'Vai trò: Khác', 'Kênh: Zalo']));
    expect(out).not.toContain('987654321');
  });

  it('list: urgent tickets first and marked, each line with its topic (or kind), state, day, commune and assignee', async () => {
    const out = quietOutput(await staff(['list'], { DATA_DIR: dataDir }));
    expect(out).toBe(
      [
        'Hồ sơ đang mở: 3, khẩn cấp: 1 (🔴 = khẩn cấp, ⏰ = quá hạn trả lời)',
        '🔴⏰ KK-2026-0001 · KHẨN CẤP · Đất đai · Đang xử lý · 9/2/2026 · Xã Tân Phú · anh Minh',
        '⏰ CH-2026-0001 · Câu hỏi · Mới · 6/2/2026',
        'KN-2026-0001 · Tín dụng, vay vốn · Đang xử lý · 2/2/2026 · Xã Tân Phú',
        '',
      ].join('\n'),
    );
  });

  it('photos: saves the web chat photo with its bytes, and says where the others are', async () => {
    const out = tempDir('htx-staff-photos-');
    const text = quietOutput(await staff(['photos', 'kk-2026-1', '--out', out], { DATA_DIR: dataDir }));
    expect(text).toBe(
      [
        `1. ${join(out, 'KK-2026-0001-1.png')}`,
        '2. https://zalo.example/p/1.jpg (đường dẫn: mở trong trình duyệt)',
        '3. ảnh Telegram: xem trong chủ đề của hồ sơ ở nhóm cán bộ Telegram (không tải được từ dòng lệnh)',
        '',
      ].join('\n'),
    );
    expect(readFileSync(join(out, 'KK-2026-0001-1.png'))).toEqual(PNG);
  });

  it('photos: a photo no longer stored is said, not an error', async () => {
    const copy = tempDir('htx-staff-desk-copy-');
    const { dataDir: other, photoId: id } = await staffDeskDataDir();
    rmSync(join(other, 'photos', id));
    const text = quietOutput(await staff(['photos', 'KK-2026-0001', '--out', copy], { DATA_DIR: other }));
    expect(text.split('\n')[0]).toBe(`1. ảnh web chat ${id}: không còn trong kho lưu (Redis giữ ảnh 90 ngày; trong DATA_DIR/photos có thể đã bị xoá)`);
    expect(existsSync(join(copy, 'KK-2026-0001-1.png'))).toBe(false);
  });

  it('photos: refused in one line for a ticket without photos, a missing folder, or no --out', async () => {
    const missing = join(tempDir('htx-staff-photos-'), 'nowhere');
    const [none, nowhere, noOut] = await Promise.all([
      staff(['photos', 'KN-2026-0001', '--out', tempDir('htx-staff-photos-')], { DATA_DIR: dataDir }),
      staff(['photos', 'KK-2026-0001', '--out', missing], { DATA_DIR: dataDir }),
      staff(['photos', 'KK-2026-0001'], { DATA_DIR: dataDir }),
    ]);
    expectOneLineError(none, 1, 'Hồ sơ KN-2026-0001 không có ảnh.');
    expectOneLineError(nowhere, 1, `Cannot write into ${missing}: the folder does not exist`);
    expectOneLineError(noOut, 2, '"photos" needs --out FOLDER after the ticket code (the folder to save the photos in)');
  });

  it('show: a ticket staff reopened names who did it, and no member reason', async () => {
    quietOutput(await staff(['reopen', 'KN-2026-0002'], { DATA_DIR: dataDir, STAFF_NAME: 'chị Lan' }));
    const lines = quietOutput(await staff(['show', 'KN-2026-0002'], { DATA_DIR: dataDir })).split('\n');
    expect(lines).toContainEqual(expect.stringMatching(/^Mở lại: \d\d\/\d\d\/\d{4} \d\d:\d\d · chị Lan$/));
    expect(lines.filter((l) => l.startsWith('Lý do mở lại') || l.startsWith('Đánh giá trước'))).toEqual([]);
  });

  it('show: control characters a member typed never reach the terminal', async () => {
    const seeded = await seededDataDir();
    const out = quietOutput(await staff(['show', 'KN-2026-0001'], { DATA_DIR: seeded }));
    expect(out).toContain('Nội dung:\n  =HYPERLINK("http://x","bấm")\uFFFD và\uFFFD vay vốn\n  mua máy\n');
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
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
    const run = await staffProcess(['list'], { REDIS_URL: `redis://:geheim-passwort@127.0.0.1:${port}` });
    expectOneLineError(run, 1, `Redis at 127.0.0.1:${port} is unreachable (connect ECONNREFUSED 127.0.0.1:${port}): check REDIS_URL and that Redis is running`, expect);
    expect(run.stderr).not.toContain('geheim');
  });

  it.for([
    ['no action', [], 'An action is needed: list, show, photos, reply, note, take, close, reopen, stats, agenda or export (npm run staff -- --help shows the actions)'],
    ['an unknown action', ['frobnicate'], 'Unknown action "frobnicate" (npm run staff -- --help shows the actions)'],
    ['a code that is not one', ['show', 'KX-1'], '"show": a ticket code like KK-2026-0012 is needed (got "KX-1")'],
    ['a reply without text', ['reply', 'KK-2026-0001'], '"reply" needs the answer for the member after the ticket code'],
    ['a stray argument', ['take', 'KK-2026-0001', 'now'], '"take" takes only the ticket code (got also "now")'],
    ['a bad export date', ['export', '--format', 'csv', '--from', '2026-13-40'], 'Invalid --from: expected a real date as YYYY-MM-DD, like 2026-01-31 (got "2026-13-40")'],
    ['a day that does not exist', ['stats', '--from', '2026-02-30'], 'Invalid --from: expected a real date as YYYY-MM-DD, like 2026-01-31 (got "2026-02-30")'],
    ['a range that ends before it starts', ['stats', '--from', '2026-02-01', '--to', '2026-01-31'], 'Invalid --to: expected a day on or after --from 2026-02-01 (got "2026-01-31")'],
    ['a stats option other than the days', ['stats', '--kind', 'concern'], '"stats" takes only --from YYYY-MM-DD and --to YYYY-MM-DD (got "--kind")'],
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
    const [list, show] = await Promise.all([staffProcess(['list'], { REDIS_URL: redis.url }), staffProcess(['show', 'KN-2026-0042'], { REDIS_URL: redis.url })]);
    expect({ status: list.status, stdout: list.stdout.toString('utf8'), stderr: list.stderr }).toEqual({ status: 0, stdout: 'Không có hồ sơ nào đang mở.\n', stderr: '' });
    expectOneLineError(show, 1, 'Không tìm thấy hồ sơ KN-2026-0042.');
  });
});
