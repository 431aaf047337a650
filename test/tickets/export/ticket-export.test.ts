import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { filterTickets, ticketTable } from '../../../src/tickets/export/ticket-table.js';
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
    ...overrides,
  };
}

const VIETNAMESE = 'Hợp tác xã Đồng Tâm – khó khăn về vốn, “giá” phân bón';
const HYPERLINK = '=HYPERLINK("http://x","bấm")';

/** The row of one ticket as a record header → cell. */
function rowOf(t: Ticket, locale: 'vi' | 'en' = 'vi'): Record<string, string> {
  const { headers, rows } = ticketTable([t], locale);
  return Object.fromEntries(headers.map((h, i) => [h, rows[0]?.[i] ?? '']));
}

async function readXlsx(buffer: Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error('no sheet');
  return sheet;
}

describe('ticketTable', () => {
  it('shows a ticket with Vietnamese headers and labels, dates in Vietnam time', () => {
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
      'Số điện thoại': "'+84912345678",
      'Mức độ': 'Khẩn',
      'Hội nghị': 'HN-2026',
      'Ngày tạo': '10/03/2026 09:00',
      'Trả lời lần đầu': '11/03/2026 00:05',
      'Ngày đóng': '12/03/2026 16:30',
      'Đánh giá': '5',
      'Người phụ trách': 'chị Lan',
      'Số ảnh': '2',
    });
  });

  it('uses English headers and labels for en', () => {
    const { headers } = ticketTable([], 'en');
    expect(headers).toEqual([
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
    expect(rowOf(ticket({ consentToContact: false }))['Số điện thoại']).toBe('');
  });

  it('leaves empty what an anonymised ticket no longer has', () => {
    const row = rowOf(
      ticket({ memberId: null, cooperative: null, commune: null, role: null, topic: null, urgency: null, phone: null, content: '', anonymised: true }),
    );
    expect([row['Hợp tác xã'], row['Xã/phường'], row['Vai trò'], row['Chủ đề'], row['Số điện thoại'], row['Nội dung']]).toEqual(['', '', '', '', '', '']);
  });

  it('neutralises a formula typed by a member', () => {
    expect(rowOf(ticket({ content: HYPERLINK }))['Nội dung']).toBe(`'${HYPERLINK}`);
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
    const csv = toCsv({ headers: ['a', 'b'], rows: [['say "hi"', 'line 1\nline 2'], ['plain', '']] });
    expect(csv.subarray(3).toString('utf8')).toBe('a,b\r\n"say ""hi""","line 1\nline 2"\r\nplain,\r\n');
  });

  it('neutralises a formula', () => {
    const text = toCsv(ticketTable([ticket({ content: HYPERLINK })], 'vi')).toString('utf8');
    expect(text).toContain(`"'=HYPERLINK(""http://x"",""bấm"")"`);
    expect(text).not.toMatch(/(^|,)"?=HYPERLINK/m);
  });
});

describe('toXlsx', () => {
  it('keeps Vietnamese text through a round trip, with a bold frozen header', async () => {
    const table = ticketTable([ticket({ content: VIETNAMESE, cooperative: 'HTX Nông nghiệp Đồng Tâm' })], 'vi');
    const sheet = await readXlsx(await toXlsx(table, 'Kiến nghị 2026'));
    expect(sheet.name).toBe('Kiến nghị 2026');
    expect(sheet.getRow(1).values).toEqual([undefined, ...table.headers]);
    expect(sheet.getCell('H2').value).toBe(VIETNAMESE);
    expect(sheet.getCell('F2').value).toBe('HTX Nông nghiệp Đồng Tâm');
    expect(sheet.getCell('A1').font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getColumn(8).width).toBeGreaterThan(sheet.getColumn(1).width ?? 0);
  });

  it('stores a formula typed by a member as plain text starting with an apostrophe', async () => {
    const sheet = await readXlsx(await toXlsx(ticketTable([ticket({ content: HYPERLINK })], 'vi'), 'Tickets'));
    const cell = sheet.getCell('H2');
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.value).toBe(`'${HYPERLINK}`);
    expect(cell.formula).toBeUndefined();
  });

  it('stores every cell as text', async () => {
    const sheet = await readXlsx(await toXlsx(ticketTable([ticket({ rating: 4, photos: ['a'] })], 'vi'), 'Tickets'));
    expect(sheet.getCell('O2').value).toBe('4');
    expect(sheet.getCell('Q2').value).toBe('1');
  });

  it('accepts a sheet name Excel would refuse', async () => {
    const sheet = await readXlsx(await toXlsx(ticketTable([], 'en'), 'Concerns 2026/03: [draft] for the provincial conference'));
    expect(sheet.name).toBe('Concerns 2026-03- -draft- for t');
  });
});
