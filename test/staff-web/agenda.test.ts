import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Conference } from '../../src/conversation/forms/form-definition.js';
import { createSqliteOutbox } from '../../src/delivery/sqlite-outbox.js';
import { createTranslator } from '../../src/i18n/create-translator.js';
import type { MemberPart } from '../../src/relay/payloads.js';
import { TicketRelay } from '../../src/relay/ticket-relay.js';
import { agendaOf, readAgenda } from '../../src/staff-web/conferences/agenda.js';
import { agendaXlsx } from '../../src/staff-web/conferences/agenda-xlsx.js';
import { sqliteTickets } from '../../src/storage/sqlite/sqlite-tickets.js';
import { StaffActions } from '../../src/tickets/staff-actions.js';
import { TicketService } from '../../src/tickets/ticket-service.js';
import type { TicketDraft } from '../../src/tickets/ticket-store.js';
import { localesDir } from '../support/fixtures.js';

const conference: Conference = {
  id: 'doi-thoai-2026',
  name: { vi: 'Hội nghị đối thoại giữa lãnh đạo tỉnh với HTX năm 2026', en: '2026 dialogue conference' },
  date: '2026-12-18',
  place: { vi: 'Trung tâm Hội nghị tỉnh Bắc Ninh', en: 'Bắc Ninh Provincial Conference Centre' },
  deadline: '2026-12-10',
};
const staff = { kind: 'staff', name: 'Lan' } as const;

const concern = (over: Partial<TicketDraft>): TicketDraft => ({
  kind: 'concern',
  memberId: 'web:htx-dong-tam',
  locale: 'vi',
  topic: 'land',
  cooperative: 'HTX Nông nghiệp Đồng Tâm',
  role: 'manager',
  commune: 'Tân Yên',
  content: 'Đề nghị đơn giản thủ tục thuê đất công ích',
  phone: null,
  consentToContact: false,
  urgency: null,
  photos: [],
  conferenceId: conference.id,
  ...over,
});

/** Tickets, the relay and the staff actions on one SQLite database with its delivery outbox, as the app wires them. */
function desk() {
  const db = new Database(':memory:');
  let clock = Date.parse('2026-11-20T02:00:00Z');
  const now = () => new Date((clock += 60_000));
  const queue = createSqliteOutbox(db, { pollIntervalMs: 20 });
  const tickets = new TicketService(sqliteTickets(db), now, () => queue.nudge());
  const translator = createTranslator(localesDir);
  const relay = new TicketRelay({ queue, tickets, translator, staffChat: false });
  const actions = new StaffActions(tickets, relay, translator('vi'), 2, now);
  /** What members receive, by conversation id, once the outbox has sent everything. */
  const received = async () => {
    const parts: MemberPart[] = [];
    const sender = async (part: unknown) => void parts.push(part as MemberPart);
    queue.start({ senders: { web: sender, zalo: sender, telegram: sender }, onFailed: () => undefined });
    await queue.drained(5000);
    await queue.stop();
    return parts;
  };
  return { tickets, actions, received };
}

/** The file's sheet, as Excel would read it. */
async function readBack(file: Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(file as unknown as ExcelJS.Buffer);
  return workbook.worksheets[0]!;
}

describe('the conference agenda', () => {
  it('groups the conference\'s concerns by topic with counts, most first, each concern as filed', async () => {
    const { tickets } = desk();
    const land1 = await tickets.file(concern({}));
    const credit = await tickets.file(concern({ topic: 'credit', cooperative: 'HTX Dịch vụ Hợp Thịnh', commune: 'Hợp Thịnh', content: 'Đề nghị tăng vốn Quỹ hỗ trợ HTX' }));
    const land2 = await tickets.file(concern({ cooperative: 'HTX Rau an toàn Yên Dũng', commune: 'Yên Dũng', content: 'Đề nghị giảm tiền thuê đất năm 2027' }));
    const untopical = await tickets.file(concern({ topic: null, content: 'Đề nghị tổ chức hội nghị sớm hơn' }));
    await tickets.file(concern({ kind: 'difficulty', conferenceId: null, content: 'Đường nội đồng hỏng' }));
    await tickets.file(concern({ conferenceId: 'doi-thoai-2025', content: 'Kiến nghị của năm trước' }));

    const agenda = agendaOf(conference, await tickets.all());
    expect(agenda.total).toBe(4);
    expect(agenda.groups.map((g) => [g.topic, g.count])).toEqual([['land', 2], ['credit', 1], [null, 1]]);
    expect(agenda.groups[0]!.items).toEqual([
      { code: land1.code, cooperative: 'HTX Nông nghiệp Đồng Tâm', commune: 'Tân Yên', content: 'Đề nghị đơn giản thủ tục thuê đất công ích', answer: null },
      { code: land2.code, cooperative: 'HTX Rau an toàn Yên Dũng', commune: 'Yên Dũng', content: 'Đề nghị giảm tiền thuê đất năm 2027', answer: null },
    ]);
    expect(agenda.groups[1]!.items.map((i) => i.code)).toEqual([credit.code]);
    expect(agenda.groups[2]!.items.map((i) => i.code)).toEqual([untopical.code]);
  });

  it('exports to an Excel file staff open as they expect: topic and count on each row, member text never a formula', async () => {
    const { tickets, actions } = desk();
    const land = await tickets.file(concern({ content: '=HYPERLINK("http://x","bấm")\u0007 thuê đất' }));
    const credit = await tickets.file(concern({ topic: 'credit', cooperative: '+84 HTX', commune: null, content: 'Đề nghị tăng vốn Quỹ' }));
    const land2 = await tickets.file(concern({ content: 'Đề nghị giảm tiền thuê đất' }));
    await actions.conferenceAnswer(land.code, staff, 'Sở Nông nghiệp và Môi trường sẽ hướng dẫn trong quý I/2027.', 'form-1');

    const sheet = await readBack(await agendaXlsx(await readAgenda(conference, tickets), 'vi'));
    const rows = sheet.getSheetValues().slice(1) as unknown[][];
    expect(rows.map((r) => r.slice(1))).toEqual([
      ['Lĩnh vực', 'Số kiến nghị cùng lĩnh vực', 'Mã', 'Hợp tác xã', 'Xã/phường', 'Nội dung kiến nghị', 'Trả lời tại hội nghị'],
      ['Đất đai', 2, land.code, 'HTX Nông nghiệp Đồng Tâm', 'Tân Yên', '=HYPERLINK("http://x","bấm") thuê đất', 'Sở Nông nghiệp và Môi trường sẽ hướng dẫn trong quý I/2027.'],
      ['Đất đai', 2, land2.code, 'HTX Nông nghiệp Đồng Tâm', 'Tân Yên', 'Đề nghị giảm tiền thuê đất'],
      ['Tín dụng, vay vốn', 1, credit.code, '+84 HTX', undefined, 'Đề nghị tăng vốn Quỹ'],
    ]);
    expect(sheet.getCell('F2').type).toBe(ExcelJS.ValueType.String); // not a formula
    expect(sheet.getCell('B2').type).toBe(ExcelJS.ValueType.Number);

    const english = await readBack(await agendaXlsx(await readAgenda(conference, tickets), 'en'));
    expect(english.getRow(1).values).toContain('Answer given at the conference');
    expect(english.getCell('A2').value).toBe('Land');
  });
});

describe('the answer given at the conference', () => {
  it('reaches the member in their own chat and language, once, and shows on the agenda and in the history', async () => {
    const { tickets, actions, received } = desk();
    const vi = await tickets.file(concern({}));
    const en = await tickets.file(concern({ memberId: 'zalo:coop-en', locale: 'en', topic: 'credit', content: 'Please raise the cooperative fund' }));
    const answer = 'UBND tỉnh giao Sở Tài chính bố trí vốn cho Quỹ hỗ trợ HTX từ năm 2027.';
    expect((await actions.conferenceAnswer(vi.code, staff, answer, 'form-7')).text).toContain(vi.code);
    await actions.conferenceAnswer(vi.code, staff, answer, 'form-7'); // the same form sent twice (a double click, a retry)
    await actions.conferenceAnswer(en.code, staff, 'The fund gets more capital from 2027.', 'form-8');

    const parts = await received();
    const toVi = parts.filter((p) => p.conversationId === 'web:htx-dong-tam');
    expect(toVi).toHaveLength(1);
    expect(toVi[0]!.reply.text).toContain(vi.code);
    expect(toVi[0]!.reply.text).toContain(`Trả lời tại hội nghị đối thoại:\n${answer}`);
    const toEn = parts.filter((p) => p.conversationId === 'zalo:coop-en');
    expect(toEn.map((p) => p.reply.text)).toEqual([expect.stringContaining('Answer given at the dialogue conference:\nThe fund gets more capital from 2027.')]);

    expect(await tickets.get(vi.code)).toMatchObject({ state: 'answered' });
    expect((await tickets.history(vi.code)).at(-1)).toMatchObject({ type: 'conference-answer', actor: 'staff:Lan', text: answer });
    const agenda = await readAgenda(conference, tickets);
    const item = agenda.groups.flatMap((g) => g.items).find((i) => i.code === vi.code);
    expect(item?.answer).toMatchObject({ text: answer, by: 'staff:Lan' });
    expect(agenda.answered).toBe(2);
  });

  it('is refused for a difficulty or a question, and for a closed concern: nothing recorded, nothing sent', async () => {
    const { tickets, actions, received } = desk();
    const difficulty = await tickets.file(concern({ kind: 'difficulty', conferenceId: null }));
    const question = await tickets.file(concern({ kind: 'question', conferenceId: null, topic: null }));
    const closed = await tickets.file(concern({}));
    await tickets.close(closed.code, staff, null);

    expect(await tickets.conferenceAnswer(difficulty.code, staff, 'Trả lời')).toEqual({ ok: false, reason: 'not-concern' });
    expect(await tickets.conferenceAnswer(question.code, staff, 'Trả lời')).toEqual({ ok: false, reason: 'not-concern' });
    expect(await tickets.conferenceAnswer(closed.code, staff, 'Trả lời')).toEqual({ ok: false, reason: 'closed' });
    expect(await tickets.conferenceAnswer('KN-2026-9999', staff, 'Trả lời')).toEqual({ ok: false, reason: 'not-found' });
    expect((await actions.conferenceAnswer(difficulty.code, staff, 'Trả lời', 'k')).text).not.toContain('✅');
    for (const code of [difficulty.code, question.code]) expect((await tickets.history(code)).map((e) => e.type)).toEqual(['created']);
    expect(await received()).toEqual([]);
  });
});
