import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conference } from '../../src/conversation/forms/form-definition.js';
import { hashPassword } from '../../src/staff-web/accounts/passwords.js';
import type { StaffRole } from '../../src/staff-web/accounts/staff-account.js';
import type { TicketDraft } from '../../src/tickets/ticket-store.js';
import { vietnamDay } from '../../src/time/vietnam-time.js';
import { startRedis, type RedisProcess } from '../support/redis-server.js';
import { startTestApp, type TestApp } from '../support/start-test-app.js';
import { waitFor } from '../support/wait-for.js';
import { consoleClient } from './console-client.js';

const PASSWORD = 'mat-khau-dai-du-10';
/** A day counted from today in Vietnam, as YYYY-MM-DD. */
const dayFromToday = (days: number) => vietnamDay(new Date(Date.now() + days * 86_400_000)).day;
const KEY_OF = (code: string) => new RegExp(`action="[^"]*/answers/${code}"[\\s\\S]*?name="key" value="([^"]+)"`);

type Reply = { text: string; choices?: Array<{ id: string; label: string }> };
type Entry = { id: number; from: 'member' | 'bot'; reply?: Reply };

const concern = (conferenceId: string | null, over: Partial<TicketDraft> = {}): TicketDraft => ({
  kind: 'concern',
  memberId: `web:${randomUUID()}`,
  locale: 'vi',
  topic: 'land',
  cooperative: 'HTX Nông nghiệp Đồng Tâm',
  role: 'manager',
  commune: 'Xã Tân Yên',
  content: 'Đề nghị đơn giản thủ tục thuê đất công ích',
  phone: null,
  consentToContact: false,
  urgency: null,
  photos: [],
  conferenceId,
  ...over,
});

const conferenceForm = (over: Record<string, string> = {}) => ({
  id: 'gap-mat-quy-4',
  'name.vi': 'Hội nghị gặp mặt HTX quý IV',
  'name.en': 'Fourth-quarter meeting with cooperatives',
  date: dayFromToday(10),
  'place.vi': 'Hội trường Liên minh HTX tỉnh',
  'place.en': 'Provincial Cooperative Alliance hall',
  deadline: dayFromToday(1),
  ...over,
});

describe.each(['sqlite', 'redis'] as const)('conferences in the staff console, on %s', (store) => {
  let app: TestApp;
  let redis: RedisProcess | undefined;
  const account = async (login: string, name: string, role: StaffRole) =>
    app.storage.accounts.create({ login, name, role, passwordHash: await hashPassword(PASSWORD), disabled: false, createdAt: new Date().toISOString() });
  const as = async (login: string) => {
    const browser = consoleClient(app.baseUrl);
    expect((await browser.login(login, PASSWORD)).status).toBe(303);
    return browser;
  };
  /** A member of the web chat: what they send, and what reached their browser. */
  const webMember = (clientId = randomUUID()) => {
    const headers = { 'x-client-id': clientId };
    return {
      id: `web:${clientId}`,
      async say(body: Record<string, string>): Promise<Reply[]> {
        const res = await fetch(`${app.baseUrl}/api/chat`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ messageId: randomUUID(), ...body }) });
        expect(res.status).toBe(200);
        return ((await res.json()) as { replies: Reply[] }).replies;
      },
      async inbox(): Promise<Entry[]> {
        return ((await (await fetch(`${app.baseUrl}/api/chat/inbox?after=0`, { headers })).json()) as { messages: Entry[] }).messages;
      },
    };
  };
  const addConference = async (id: string, over: Partial<Conference> = {}) => {
    const conference: Conference = { id, name: { vi: `Hội nghị ${id}`, en: `Conference ${id}` }, date: dayFromToday(60), place: { vi: 'Bắc Ninh', en: 'Bắc Ninh' }, deadline: dayFromToday(50), ...over };
    await app.storage.conferences.add(conference);
    return conference;
  };

  beforeAll(async () => {
    if (store === 'redis') redis = await startRedis();
    app = await startTestApp(redis ? { REDIS_URL: redis.url } : {});
    await account('ha', 'Lê Thu Hà', 'admin');
    await account('lan', 'Nguyễn Thị Lan', 'staff');
  });
  afterAll(async () => {
    await app?.close();
    await redis?.stop();
  });

  it('keeps an admin’s new conference and edit as drafts that the bot offers and files concerns under once published, each in the history with who and when', async () => {
    const admin = await as('ha');
    const list = await admin.get('/staff/conferences');
    expect(list.status).toBe(200);
    for (const label of ['Mã hội nghị', 'Tên hội nghị (tiếng Việt)', 'Ngày họp', 'Địa điểm (tiếng Việt)', 'Hạn gửi kiến nghị']) expect(list.text).toContain(label);
    const offered = async () => {
      const member = webMember();
      const text = (await member.say({ choice: 'form:start:concern' })).map((r) => r.text).join('\n');
      await member.say({ text: '/cancel' });
      return text;
    };

    const created = await admin.post('/staff/conferences', conferenceForm({ note: 'Lịch quý IV' }));
    expect(created.status).toBe(303);
    expect(created.location).toBe('/staff/conferences/gap-mat-quy-4/history?done=drafted');
    const drafted = await admin.get(created.location!);
    expect(drafted.text).toContain('Đã lưu bản nháp.');
    expect(drafted.text).toMatch(/<li class="revision draft" id="rev-1">[\s\S]*?Lê Thu Hà[\s\S]*?Bản nháp chưa xuất bản[\s\S]*?Lịch quý IV/);
    // A draft is not what the bot, the agenda or the exports use.
    expect(await offered()).not.toContain('Hội nghị gặp mặt HTX quý IV');
    expect(await app.storage.conferences.get('gap-mat-quy-4')).toBeUndefined();
    const waiting = await admin.get('/staff/conferences');
    expect(waiting.text).toMatch(/Bản nháp chờ xuất bản[\s\S]*?Hội nghị gặp mặt HTX quý IV[\s\S]*?Hội nghị mới[\s\S]*?action="\/staff\/conferences\/gap-mat-quy-4\/publish"/);

    const published = await admin.post('/staff/conferences/gap-mat-quy-4/publish', { rev: '1' });
    expect(published.status).toBe(303);
    expect(published.location).toBe('/staff/conferences/gap-mat-quy-4/history?done=published');
    expect((await admin.get(published.location!)).text).toContain('Đã xuất bản. Bot dùng thông tin mới ngay.');
    expect(await offered()).toContain('Hội nghị gặp mặt HTX quý IV');
    expect((await admin.get('/staff/conferences')).text).not.toContain('Bản nháp chờ xuất bản');

    const edit = await admin.get('/staff/conferences/gap-mat-quy-4/edit');
    expect(edit.text).toContain('value="Hội nghị gặp mặt HTX quý IV"');
    const basedOn = /name="basedOn" value="(\d+)"/.exec(edit.text)![1]!;
    expect(basedOn).toBe('1');
    const edited = await admin.post('/staff/conferences/gap-mat-quy-4/edit', conferenceForm({ id: 'ignored', 'name.vi': 'Hội nghị đối thoại HTX quý IV', basedOn }));
    expect(edited.status).toBe(303);
    expect(edited.location).toBe('/staff/conferences/gap-mat-quy-4/history?done=drafted');
    expect(await offered()).toContain('Hội nghị gặp mặt HTX quý IV');
    // The same form posted again is over a revision that is no longer the latest: refused, nothing saved.
    const stale = await admin.post('/staff/conferences/gap-mat-quy-4/edit', conferenceForm({ 'name.vi': 'Tên khác', basedOn }));
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('Có người vừa lưu một bản mới hơn');
    expect((await admin.post('/staff/conferences/gap-mat-quy-4/publish', { rev: '2' })).status).toBe(303);

    const history = (await admin.get('/staff/conferences/gap-mat-quy-4/history')).text;
    expect(history).toMatch(/<li class="revision current" id="rev-2">[\s\S]*?Lê Thu Hà[\s\S]*?Đang dùng[\s\S]*?Xuất bản bởi Lê Thu Hà/);
    expect(history).toContain('<span class="del">-  vi: Hội nghị gặp mặt HTX quý IV</span><span class="add">+  vi: Hội nghị đối thoại HTX quý IV</span>');
    expect(history).toMatch(/<li class="revision" id="rev-1">[\s\S]*?Dùng lại bản 1/);

    const filer = webMember();
    const start = (await filer.say({ choice: 'form:start:concern' })).map((r) => r.text).join('\n');
    expect(start).toContain('Hội nghị đối thoại HTX quý IV');
    expect(start).not.toContain('gặp mặt');
    await filer.say({ text: 'HTX Rau an toàn Yên Dũng' });
    await filer.say({ text: '1' });
    await filer.say({ text: 'Tân Yên' });
    await filer.say({ choice: 'form:opt:land' });
    await filer.say({ text: 'Đề nghị tỉnh cho HTX thuê đất công ích dài hạn để làm nhà sơ chế' });
    await filer.say({ choice: 'form:skip' });
    await filer.say({ text: 'không' });
    const filed = (await filer.say({ choice: 'form:confirm' })).map((r) => r.text).join('\n');
    expect(filed).toContain('Hội nghị đối thoại HTX quý IV');
    const [ticket] = await app.tickets.listOfMember(filer.id);
    expect(ticket).toMatchObject({ kind: 'concern', conferenceId: 'gap-mat-quy-4' });

    const after = await admin.get('/staff/conferences');
    const row = /<tr>\s*<td data-label="Tên hội nghị"><a href="\/staff\/conferences\/gap-mat-quy-4">[\s\S]*?<\/tr>/.exec(after.text)![0];
    expect(row).toMatch(/data-label="Số kiến nghị">1</);
    expect(row).toContain('Đang nhận');
    expect(await app.storage.conferences.get('gap-mat-quy-4')).toMatchObject({ id: 'gap-mat-quy-4', name: { vi: 'Hội nghị đối thoại HTX quý IV' } });
  });

  it('shows each refused field’s problem next to it, keeps what was typed, and stores nothing', async () => {
    const admin = await as('ha');
    const refused = await admin.post('/staff/conferences', conferenceForm({ id: 'Hội Nghị', 'name.vi': '  ', date: '2026-02-30', deadline: dayFromToday(20), 'place.en': 'x'.repeat(301) }));
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Chưa lưu: hãy sửa các mục có ghi chú màu đỏ.');
    const problemOf = (field: string) => new RegExp(`<input id="cf-${field}"[^>]*aria-invalid="true"[^>]*aria-describedby="[^"]*cf-${field}-problem"[\\s\\S]*?<p id="cf-${field}-problem" class="error field-problem">([^<]*)</p>`).exec(refused.text)?.[1];
    expect(problemOf('id')).toContain('Chỉ dùng chữ thường không dấu');
    expect(problemOf('name-vi')).toBe('Hãy điền mục này.');
    expect(problemOf('date')).toContain('Không phải một ngày có thật');
    expect(problemOf('place-en')).toBe('Dài quá 300 ký tự.');
    expect(refused.text).toContain('value="Hội Nghị"');
    expect(refused.text).toContain('value="Hội trường Liên minh HTX tỉnh"');
    expect((await app.storage.conferences.list()).map((c) => c.id)).not.toContain('Hội Nghị');

    const late = await admin.post('/staff/conferences', conferenceForm({ id: 'hop-muon', deadline: dayFromToday(11) }));
    expect(late.status).toBe(400);
    expect(late.text).toMatch(/id="cf-deadline-problem" class="error field-problem">Hạn gửi kiến nghị phải trước hoặc đúng ngày họp\.</);

    await addConference('da-co');
    const taken = await admin.post('/staff/conferences', conferenceForm({ id: 'da-co' }));
    expect(taken.status).toBe(409);
    expect(taken.text).toMatch(/id="cf-id-problem" class="error field-problem">Đã có hội nghị khác dùng mã này\.</);
    expect((await app.storage.conferences.get('da-co'))!.name.vi).toBe('Hội nghị da-co');
  });

  it('gives a staff account the list and the agendas but 403 on creating and editing', async () => {
    await addConference('chi-xem');
    const staff = await as('lan');
    const list = await staff.get('/staff/conferences');
    expect(list.status).toBe(200);
    expect(list.text).toContain('Hội nghị chi-xem');
    expect(list.text).not.toContain('Thêm hội nghị');
    expect(list.text).not.toContain('/staff/conferences/chi-xem/edit');
    expect((await staff.get('/staff/conferences/chi-xem')).status).toBe(200);
    expect((await staff.post('/staff/conferences', conferenceForm({ id: 'cua-lan' }))).status).toBe(403);
    expect((await staff.get('/staff/conferences/chi-xem/edit')).status).toBe(403);
    expect((await staff.post('/staff/conferences/chi-xem/edit', conferenceForm({ 'name.vi': 'Đổi tên', basedOn: '0' }))).status).toBe(403);
    expect((await staff.get('/staff/conferences/chi-xem/history')).status).toBe(403);
    expect((await staff.post('/staff/conferences/chi-xem/publish', { rev: '1' })).status).toBe(403);
    expect(await app.storage.content.document('conference', 'chi-xem')).toBeUndefined();
    expect(await app.storage.conferences.get('cua-lan')).toBeUndefined();
    expect((await app.storage.conferences.get('chi-xem'))!.name.vi).toBe('Hội nghị chi-xem');
  });

  it('groups the agenda’s concerns by topic with counts, biggest first, each linked to its ticket; HTML stays text', async () => {
    await addConference('chuong-trinh');
    const land = [];
    for (let i = 0; i < 3; i++) land.push(await app.tickets.file(concern('chuong-trinh', { content: `Kiến nghị đất đai số ${i + 1} về thuê đất công ích` })));
    const tax = await app.tickets.file(concern('chuong-trinh', { topic: 'tax', cooperative: '<script>alert(1)</script>', commune: 'Phường Bắc Giang', content: 'Đề nghị hướng dẫn hoàn thuế GTGT cho HTX' }));
    const elsewhere = await app.tickets.file(concern('da-co', { content: 'Kiến nghị của hội nghị khác' }));
    const difficulty = await app.tickets.file({ ...concern('chuong-trinh'), kind: 'difficulty', content: 'Khó khăn không thuộc hội nghị' });

    const page = await (await as('lan')).get('/staff/conferences/chuong-trinh');
    expect(page.status).toBe(200);
    expect(page.text).toContain('4 kiến nghị, 0 đã có trả lời tại hội nghị.');
    const headings = [...page.text.matchAll(/<h2 id="topic-[^"]+">([^<]*)<span class="count">\(([^)]*)\)/g)].map((m) => [m[1]!.trim(), m[2]]);
    expect(headings).toEqual([
      ['Đất đai', '3 kiến nghị'],
      ['Thuế, phí', '1 kiến nghị'],
    ]);
    for (const t of [...land, tax]) expect(page.text).toContain(`<a href="/staff/tickets/${t.code}">${t.code}</a>`);
    expect(page.text).toContain('Phường Bắc Giang');
    expect(page.text).toContain('Đề nghị hướng dẫn hoàn thuế GTGT cho HTX');
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.text).not.toContain('<script>alert(1)</script>');
    expect(page.text).not.toContain(elsewhere.code);
    expect(page.text).not.toContain(difficulty.code);
    expect(page.text).toContain('Trả lời tại hội nghị');
  });

  it('sends the answer given at the conference to the member’s web chat once, even when the form is posted twice', async () => {
    await addConference('tra-loi');
    const member = webMember();
    const ticket = await app.tickets.file(concern('tra-loi', { memberId: member.id }));
    const staff = await as('lan');
    const page = await staff.get('/staff/conferences/tra-loi');
    const key = KEY_OF(ticket.code).exec(page.text)![1]!;
    const form = { text: 'Tỉnh giao Sở Nông nghiệp và Môi trường rà soát quỹ đất công ích trong quý I.', key };
    const [first, second] = await Promise.all([staff.post(`/staff/conferences/tra-loi/answers/${ticket.code}`, form), staff.post(`/staff/conferences/tra-loi/answers/${ticket.code}`, form)]);
    expect([first.status, second.status]).toEqual([303, 303]);
    expect(first.location).toBe(`/staff/conferences/tra-loi?answered=${ticket.code}#${ticket.code}`);
    await waitFor(async () => (await member.inbox()).some((m) => m.from === 'bot'));
    await app.queue.drained(10_000);
    const received = (await member.inbox()).filter((m) => m.from === 'bot');
    expect(received).toHaveLength(1);
    expect(received[0]!.reply!.text).toContain('Trả lời tại hội nghị đối thoại');
    expect(received[0]!.reply!.text).toContain('rà soát quỹ đất công ích trong quý I');
    const answers = (await app.tickets.history(ticket.code)).filter((e) => e.type === 'conference-answer');
    expect(answers).toHaveLength(1);
    expect(answers[0]!.actor).toBe('staff:Nguyễn Thị Lan');

    const agenda = await staff.get(first.location!);
    expect(agenda.text).toContain(`Đã ghi trả lời cho ${ticket.code} và gửi tới thành viên.`);
    expect(agenda.text).toContain('1 kiến nghị, 1 đã có trả lời tại hội nghị.');
    expect(agenda.text).toMatch(/Đã trả lời tại hội nghị<\/span> · Nguyễn Thị Lan[\s\S]*?rà soát quỹ đất công ích trong quý I\./);
    expect(KEY_OF(ticket.code).exec(agenda.text)![1]).not.toBe(key);

    // The member sees it in the ticket's status as they see a staff reply.
    const status = (await member.say({ text: `/status ${ticket.code}` })).map((r) => r.text).join('\n');
    expect(status).toContain('Trả lời tại hội nghị đối thoại: Tỉnh giao Sở Nông nghiệp và Môi trường rà soát quỹ đất công ích trong quý I.');
  });

  it('refuses an answer to a closed concern, or to a ticket not on the agenda, saying why and keeping the text', async () => {
    await addConference('tu-choi');
    const closed = await app.tickets.file(concern('tu-choi'));
    await app.tickets.close(closed.code, { kind: 'staff', name: 'Hà' }, 'Đã giải quyết');
    const other = await app.tickets.file(concern('da-co'));
    const staff = await as('lan');
    const page = await staff.get('/staff/conferences/tu-choi');
    const key = KEY_OF(closed.code).exec(page.text)![1]!;
    const onClosed = await staff.post(`/staff/conferences/tu-choi/answers/${closed.code}`, { text: 'Trả lời cho hồ sơ đã đóng', key });
    expect(onClosed.status).toBe(409);
    expect(onClosed.text).toContain(`Kiến nghị ${closed.code} đã đóng: hãy mở lại trên trang hồ sơ rồi ghi trả lời.`);
    expect(onClosed.text).toContain('>Trả lời cho hồ sơ đã đóng</textarea>');
    const notHere = await staff.post(`/staff/conferences/tu-choi/answers/${other.code}`, { text: 'Nhầm hội nghị', key: randomUUID() });
    expect(notHere.status).toBe(404);
    expect(notHere.text).toContain(`Kiến nghị ${other.code} không có trong chương trình hội nghị này.`);
    const empty = await staff.post(`/staff/conferences/tu-choi/answers/${closed.code}`, { text: '   ', key: randomUUID() });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Hãy nhập câu trả lời (tối đa 3000 ký tự).');
    for (const code of [closed.code, other.code]) expect((await app.tickets.history(code)).some((e) => e.type === 'conference-answer')).toBe(false);
    expect((await staff.get('/staff/conferences/khong-co')).status).toBe(404);
  });

  it('downloads the agenda as an XLSX file that opens with its concerns by topic', async () => {
    await addConference('tai-ve');
    const a = await app.tickets.file(concern('tai-ve', { topic: 'credit', content: 'Đề nghị nâng hạn mức vay vốn Quỹ hỗ trợ HTX' }));
    const b = await app.tickets.file(concern('tai-ve', { topic: 'credit', content: '=HYPERLINK("http://x")' }));
    const c = await app.tickets.file(concern('tai-ve', { topic: 'tax', content: 'Đề nghị miễn lệ phí môn bài năm đầu' }));
    const staff = await as('lan');
    expect((await staff.get('/staff/conferences/tai-ve')).text).toContain('href="/staff/conferences/tai-ve/agenda.xlsx"');
    const cookie = [...staff.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(`${app.baseUrl}/staff/conferences/tai-ve/agenda.xlsx`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="chuong-trinh_tai-ve\.xlsx"/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    const sheet = book.worksheets[0]!;
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows[0]).toEqual(['Lĩnh vực', 'Số kiến nghị cùng lĩnh vực', 'Mã', 'Hợp tác xã', 'Xã/phường', 'Nội dung kiến nghị', 'Trả lời tại hội nghị']);
    expect(rows.slice(1).map((r) => [r[0], r[1], r[2]])).toEqual([
      ['Tín dụng, vay vốn', 2, a.code],
      ['Tín dụng, vay vốn', 2, b.code],
      ['Thuế, phí', 1, c.code],
    ]);
    // A formula typed by a member stays text.
    expect(sheet.getRow(3).getCell(6).type).toBe(ExcelJS.ValueType.String);
  });
});
