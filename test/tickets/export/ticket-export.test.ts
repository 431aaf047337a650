import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { filterTickets, ticketTable, type CellValue } from '../../../src/tickets/export/ticket-table.js';
import { toCsv } from '../../../src/tickets/export/to-csv.js';
import { toXlsx } from '../../../src/tickets/export/to-xlsx.js';
import type { Ticket } from '../../../src/tickets/ticket.js';

/** A complete concern; each test overrides what it is about. */
function ticket(overrides: Partial<Ticket> = {}): Ticket {
  return {
    code: 'KN-2026-0001',
    kind: 'concern',
    state: 'new',
    memberId: 'telegram:1',
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
    assignee: null,
    rating: null,
    staffThread: null,
    createdAt: '2026-03-10T02:00:00.000Z',
    updatedAt: '2026-03-10T02:00:00.000Z',
    firstAnsweredAt: null,
    closedAt: null,
    anonymised: false,
    memberWroteAgain: false,
    ...overrides,
  };
}

const VIETNAMESE = 'Hợp tác xã Đồng Tâm – khó khăn về vốn, “giá” phân bón';
const HYPERLINK = '=HYPERLINK("http://x","bấm")';

/** The row of one ticket as a record header → cell. */
function rowOf(t: Ticket, locale: 'vi' | 'en' = 'vi'): Record<string, CellValue> {
  const { columns, rows } = ticketTable([t], locale);
  return Object.fromEntries(columns.map((c, i) => [c.header, rows[0]?.[i] ?? null]));
}

/** Column letter of a header in the Vietnamese table. */
function columnOf(header: string): string {
  const i = ticketTable([], 'vi').columns.findIndex((c) => c.header === header);
  if (i < 0) throw new Error(`no column ${header}`);
  return String.fromCharCode(65 + i);
}

/** Every C0 and C1 control character, DEL included. */
const CONTROLS = [...Array.from({ length: 0x20 }, (_, i) => i), ...Array.from({ length: 0x21 }, (_, i) => 0x7f + i)].map((c) => String.fromCharCode(c)).join('');

async function readXlsx(buffer: Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error('no sheet');
  return sheet;
}

describe('ticketTable', () => {
  it('gives a ticket Vietnamese headers and labels, dates as instants, rating and photos as numbers', () => {
    const row = rowOf(
      ticket({
        state: 'closed',
        urgency: 'urgent',
        rating: 5,
        assignee: 'chị Lan',
        photos: ['file-1', 'file-2'],
        firstAnsweredAt: '2026-03-10T17:05:00.000Z',
        closedAt: '2026-03-12T09:30:00.000Z',
      }),
    );
    expect(row).toEqual({
      'Mã': 'KN-2026-0001',
      'Loại': 'Kiến nghị',
      'Trạng thái': 'Đã đóng',
      'Chủ đề': 'Tín dụng, vay vốn',
      'Xã/phường': 'Xã Tân Phú',
      'Hợp tác xã': 'HTX Đồng Tâm',
      'Vai trò': 'Quản lý HTX',
      'Nội dung': 'Xin hỗ trợ vay vốn mua máy sấy lúa',
      'Số điện thoại': '+84912345678',
      'Mức độ': 'Khẩn',
      'Hội nghị': 'HN-2026',
      'Ngày tạo': new Date('2026-03-10T02:00:00.000Z'),
      'Trả lời lần đầu': new Date('2026-03-10T17:05:00.000Z'),
      'Ngày đóng': new Date('2026-03-12T09:30:00.000Z'),
      'Đánh giá': 5,
      'Người phụ trách': 'chị Lan',
      'Số ảnh': 2,
    });
  });

  it('uses English headers and labels for en', () => {
    const { columns } = ticketTable([], 'en');
    expect(columns.map((c) => c.header)).toEqual([
      'Code', 'Kind', 'State', 'Topic', 'Commune', 'Cooperative', 'Role', 'Content', 'Phone', 'Urgency',
      'Conference', 'Created', 'First answered', 'Closed', 'Rating', 'Assignee', 'Photos',
    ]);
    const row = rowOf(ticket({ kind: 'difficulty', state: 'in-progress', role: 'member' }), 'en');
    expect([row.Kind, row.State, row.Role, row.Topic]).toEqual(['Difficulty', 'In progress', 'Member', 'Credit and loans']);
  });

  it('names every kind, state and role in Vietnamese', () => {
    const rows = [
      ticket({ kind: 'question', state: 'in-progress', role: 'member' }),
      ticket({ kind: 'difficulty', state: 'answered', role: 'other' }),
    ].map((t) => rowOf(t));
    expect(rows.map((r) => [r['Loại'], r['Trạng thái'], r['Vai trò']])).toEqual([
      ['Câu hỏi', 'Đang xử lý', 'Thành viên'],
      ['Khó khăn', 'Đã trả lời', 'Khác'],
    ]);
  });

  it('omits the phone when the member did not agree to be contacted', () => {
    expect(rowOf(ticket({ consentToContact: false }))['Số điện thoại']).toBeNull();
  });

  it('leaves empty what an anonymised ticket no longer has', () => {
    const row = rowOf(
      ticket({ memberId: null, cooperative: null, commune: null, role: null, topic: null, urgency: null, phone: null, content: '', anonymised: true }),
    );
    expect([row['Hợp tác xã'], row['Xã/phường'], row['Vai trò'], row['Chủ đề'], row['Số điện thoại'], row['Nội dung'], row['Đánh giá'], row['Ngày đóng']]).toEqual([
      null, null, null, null, null, null, null, null,
    ]);
  });
});

describe('filterTickets', () => {
  const tickets = [
    ticket({ code: 'KN-2026-0001', kind: 'concern', conferenceId: 'HN-2026', createdAt: '2026-02-28T16:59:00.000Z' }), // 28/02 23:59 VN
    ticket({ code: 'KN-2026-0002', kind: 'concern', conferenceId: 'HN-2026', createdAt: '2026-02-28T17:00:00.000Z' }), // 01/03 00:00 VN
    ticket({ code: 'KK-2026-0001', kind: 'difficulty', conferenceId: null, createdAt: '2026-03-31T16:59:59.000Z' }), // 31/03 23:59 VN
    ticket({ code: 'CH-2026-0001', kind: 'question', conferenceId: null, createdAt: '2026-03-31T17:00:00.000Z' }), // 01/04 00:00 VN
    ticket({ code: 'KN-2025-0009', kind: 'concern', conferenceId: 'HN-2025', createdAt: '2025-06-01T03:00:00.000Z' }),
  ];
  const codes = (filter: Parameters<typeof filterTickets>[1]) => filterTickets(tickets, filter).map((t) => t.code);

  it('keeps everything without criteria', () => {
    expect(codes({})).toHaveLength(5);
  });

  it('keeps one kind', () => {
    expect(codes({ kind: 'concern' })).toEqual(['KN-2026-0001', 'KN-2026-0002', 'KN-2025-0009']);
  });

  it('keeps the concerns of one conference', () => {
    expect(codes({ conferenceId: 'HN-2026' })).toEqual(['KN-2026-0001', 'KN-2026-0002']);
  });

  it('keeps a date range, both days whole and inclusive, in Vietnam time', () => {
    expect(codes({ from: '2026-03-01', to: '2026-03-31' })).toEqual(['KN-2026-0002', 'KK-2026-0001']);
    expect(codes({ from: '2026-04-01' })).toEqual(['CH-2026-0001']);
    expect(codes({ to: '2026-02-28' })).toEqual(['KN-2026-0001', 'KN-2025-0009']);
  });

  it('combines criteria', () => {
    expect(codes({ kind: 'concern', from: '2026-01-01', to: '2026-12-31' })).toEqual(['KN-2026-0001', 'KN-2026-0002']);
  });

  it('refuses a day that is not YYYY-MM-DD', () => {
    expect(() => codes({ from: '01/03/2026' })).toThrow(RangeError);
    expect(() => codes({ to: '2026-02-30' })).toThrow(RangeError);
  });
});

describe('toCsv', () => {
  it('starts with the UTF-8 BOM and keeps Vietnamese text, quoted where it has a comma or quotes', () => {
    const csv = toCsv(ticketTable([ticket({ content: VIETNAMESE })], 'vi'));
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = csv.subarray(3).toString('utf8');
    expect(text.startsWith('Mã,Loại,Trạng thái,')).toBe(true);
    expect(text).toContain(`"${VIETNAMESE}"`);
  });

  it('follows RFC 4180: doubled quotes, line breaks kept inside quotes, CRLF between records', () => {
    const csv = toCsv({ columns: [{ header: 'a', type: 'text' }, { header: 'b', type: 'text' }], rows: [['say "hi"', 'line 1\nline 2'], ['plain', null]] });
    expect(csv.subarray(3).toString('utf8')).toBe('a,b\r\n"say ""hi""","line 1\nline 2"\r\nplain,\r\n');
  });

  it('writes dates in Vietnam time, rating and photo count as plain numbers', () => {
    const csv = toCsv(ticketTable([ticket({ topic: null, rating: 4, photos: ['a', 'b'], closedAt: '2026-03-12T17:30:00.000Z' })], 'vi')).subarray(3).toString('utf8');
    const [header, row] = csv.split('\r\n').map((line) => line.split(','));
    const cell = (h: string) => row![header!.indexOf(h)];
    expect([cell('Ngày tạo'), cell('Ngày đóng'), cell('Trả lời lần đầu'), cell('Đánh giá'), cell('Số ảnh')]).toEqual(['10/03/2026 09:00', '13/03/2026 00:30', '', '4', '2']);
  });

  it('neutralises a formula, and the phone number, with an apostrophe', () => {
    const text = toCsv(ticketTable([ticket({ content: HYPERLINK })], 'vi')).toString('utf8');
    expect(text).toContain(`"'=HYPERLINK(""http://x"",""bấm"")"`);
    expect(text).not.toMatch(/(^|,)"?=HYPERLINK/m);
    expect(text).toContain(",'+84912345678,");
  });

  it('strips control characters from every cell, keeping tabs and line breaks', () => {
    const csv = toCsv(ticketTable([ticket({ content: `Xin${CONTROLS}hỗ trợ\r\nvay vốn`, cooperative: 'HTX\u0000 Đồng\u0085 Tâm' })], 'vi'));
    const text = csv.subarray(3).toString('utf8');
    expect(text).toContain('"Xin\t\n\nhỗ trợ\nvay vốn"'); // tab, line feed, carriage return → line feed
    expect(text).toContain(',HTX Đồng Tâm,');
    expect(text.replaceAll('\r\n', '')).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });

  it('neutralises a formula hidden behind a control character', () => {
    const text = toCsv(ticketTable([ticket({ content: '\u0000=1+1' })], 'vi')).toString('utf8');
    expect(text).toContain(",'=1+1,");
  });
});

describe('toXlsx', () => {
  it('keeps Vietnamese text through a round trip, with a bold frozen header', async () => {
    const table = ticketTable([ticket({ content: VIETNAMESE, cooperative: 'HTX Nông nghiệp Đồng Tâm' })], 'vi');
    const sheet = await readXlsx(await toXlsx(table, 'Kiến nghị 2026'));
    expect(sheet.name).toBe('Kiến nghị 2026');
    expect(sheet.getRow(1).values).toEqual([undefined, ...table.columns.map((c) => c.header)]);
    expect(sheet.getCell('H2').value).toBe(VIETNAMESE);
    expect(sheet.getCell('F2').value).toBe('HTX Nông nghiệp Đồng Tâm');
    expect(sheet.getCell('A1').font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getColumn(8).width).toBeGreaterThan(sheet.getColumn(1).width ?? 0);
  });

  it('stores a formula typed by a member as a text cell, exactly as typed', async () => {
    const sheet = await readXlsx(await toXlsx(ticketTable([ticket({ content: HYPERLINK })], 'vi'), 'Tickets'));
    const cell = sheet.getCell(`${columnOf('Nội dung')}2`);
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.value).toBe(HYPERLINK);
    expect(cell.formula).toBeUndefined();
  });

  it('stores the phone number as text, without an apostrophe', async () => {
    const sheet = await readXlsx(await toXlsx(ticketTable([ticket()], 'vi'), 'Tickets'));
    const cell = sheet.getCell(`${columnOf('Số điện thoại')}2`);
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.value).toBe('+84912345678');
    expect(cell.numFmt).toBe('@');
  });

  it('stores dates as Excel dates showing Vietnam time as d/m/yyyy hh:mm', async () => {
    const t = ticket({ createdAt: '2026-03-10T02:00:00.000Z', firstAnsweredAt: '2026-03-10T17:05:00.000Z', closedAt: null });
    const sheet = await readXlsx(await toXlsx(ticketTable([t], 'vi'), 'Tickets'));
    const created = sheet.getCell(`${columnOf('Ngày tạo')}2`);
    const answered = sheet.getCell(`${columnOf('Trả lời lần đầu')}2`);
    expect(created.type).toBe(ExcelJS.ValueType.Date);
    expect(created.numFmt).toBe('d/m/yyyy hh:mm');
    // An Excel date has no time zone: the cell holds the clock in Vietnam (UTC+7), 10/3/2026 09:00.
    expect((created.value as Date).toISOString()).toBe('2026-03-10T09:00:00.000Z');
    expect((answered.value as Date).toISOString()).toBe('2026-03-11T00:05:00.000Z');
    expect(sheet.getCell(`${columnOf('Ngày đóng')}2`).type).toBe(ExcelJS.ValueType.Null);
  });

  it('stores the rating and the photo count as numbers', async () => {
    const sheet = await readXlsx(await toXlsx(ticketTable([ticket({ rating: 4, photos: ['a'] }), ticket({ rating: null })], 'vi'), 'Tickets'));
    const rating = sheet.getCell(`${columnOf('Đánh giá')}2`);
    expect(rating.type).toBe(ExcelJS.ValueType.Number);
    expect(rating.value).toBe(4);
    expect(sheet.getCell(`${columnOf('Số ảnh')}2`).value).toBe(1);
    expect(sheet.getCell(`${columnOf('Đánh giá')}3`).type).toBe(ExcelJS.ValueType.Null);
  });

  it('strips control characters from every cell, keeping tabs and line breaks', async () => {
    const t = ticket({ content: `Xin${CONTROLS}hỗ trợ\r\nvay vốn`, cooperative: 'HTX\u0000 Đồng\u0085 Tâm', assignee: '\u001bchị Lan\u007f' });
    const sheet = await readXlsx(await toXlsx(ticketTable([t], 'vi'), 'Tickets'));
    expect(sheet.getCell(`${columnOf('Nội dung')}2`).value).toBe('Xin\t\n\nhỗ trợ\nvay vốn'); // tab, line feed, carriage return → line feed
    expect(sheet.getCell(`${columnOf('Hợp tác xã')}2`).value).toBe('HTX Đồng Tâm');
    expect(sheet.getCell(`${columnOf('Người phụ trách')}2`).value).toBe('chị Lan');
  });

  it('accepts a sheet name Excel would refuse', async () => {
    const sheet = await readXlsx(await toXlsx(ticketTable([], 'en'), 'Concerns 2026/03: [draft] for the provincial conference'));
    expect(sheet.name).toBe('Concerns 2026-03- -draft- for t');
  });
});
