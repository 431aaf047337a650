import viStrings from '../../../locales/vi/translation.json' with { type: 'json' };
import enStrings from '../../../locales/en/translation.json' with { type: 'json' };
import type { Topic } from '../../knowledge/topics.js';
import type { MemberRole, Ticket, TicketKind, TicketState, Urgency } from '../ticket.js';

type Locale = 'vi' | 'en';

/** One cell: text, a number, an instant (each file shows it in Vietnam time), or nothing. */
export type CellValue = string | number | Date | null;

/** What a column holds, so a spreadsheet can type its cells (text, number, date and time). */
export type ColumnType = 'text' | 'number' | 'date';

/**
 * A table ready for a file: one header and type per column, one row per ticket. Cells hold raw
 * values; each file format makes them safe its own way (see to-csv.ts and to-xlsx.ts).
 */
export interface TicketTable {
  columns: { header: string; type: ColumnType }[];
  rows: CellValue[][];
}

/** Which tickets to export; every criterion given must hold. */
export interface TicketFilter {
  kind?: TicketKind;
  conferenceId?: string;
  /** First day, YYYY-MM-DD in Vietnam time, inclusive. */
  from?: string;
  /** Last day, YYYY-MM-DD in Vietnam time, inclusive (the whole day). */
  to?: string;
}

const KIND: Record<Locale, Record<TicketKind, string>> = {
  vi: { concern: 'Kiến nghị', difficulty: 'Khó khăn', question: 'Câu hỏi' },
  en: { concern: 'Concern', difficulty: 'Difficulty', question: 'Question' },
};
const STATE: Record<Locale, Record<TicketState, string>> = {
  vi: { new: 'Mới', 'in-progress': 'Đang xử lý', answered: 'Đã trả lời', closed: 'Đã đóng' },
  en: { new: 'New', 'in-progress': 'In progress', answered: 'Answered', closed: 'Closed' },
};
const ROLE: Record<Locale, Record<MemberRole, string>> = {
  vi: { manager: 'Quản lý HTX', member: 'Thành viên', other: 'Khác' },
  en: { manager: 'Cooperative manager', member: 'Member', other: 'Other' },
};
const URGENCY: Record<Locale, Record<Urgency, string>> = {
  vi: { normal: 'Bình thường', urgent: 'Khẩn' },
  en: { normal: 'Normal', urgent: 'Urgent' },
};
/** Topic names as members see them in the bot (locales/<lang>/translation.json). */
const TOPIC: Record<Locale, Partial<Record<Topic, string>>> = { vi: viStrings.topic, en: enStrings.topic };

/** Vietnam has kept UTC+7 without daylight saving since 1975. */
const VIETNAM_OFFSET = '+07:00';
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

interface Column {
  vi: string;
  en: string;
  type: ColumnType;
  cell: (ticket: Ticket, locale: Locale) => CellValue;
}

/** The instant of an ISO timestamp; null when absent or unreadable. */
function instant(iso: string | null): Date | null {
  const ms = iso === null ? NaN : Date.parse(iso);
  return Number.isNaN(ms) ? null : new Date(ms);
}

/** Text, or nothing when empty. */
const text = (value: string | null): string | null => (value === null || value === '' ? null : value);

/** The exported columns, in order. */
const COLUMNS: readonly Column[] = [
  { vi: 'Mã', en: 'Code', type: 'text', cell: (t) => t.code },
  { vi: 'Loại', en: 'Kind', type: 'text', cell: (t, l) => KIND[l][t.kind] },
  { vi: 'Trạng thái', en: 'State', type: 'text', cell: (t, l) => STATE[l][t.state] },
  { vi: 'Chủ đề', en: 'Topic', type: 'text', cell: (t, l) => (t.topic === null ? null : (TOPIC[l][t.topic] ?? t.topic)) },
  { vi: 'Xã/phường', en: 'Commune', type: 'text', cell: (t) => text(t.commune) },
  { vi: 'Hợp tác xã', en: 'Cooperative', type: 'text', cell: (t) => text(t.cooperative) },
  { vi: 'Vai trò', en: 'Role', type: 'text', cell: (t, l) => (t.role === null ? null : ROLE[l][t.role]) },
  { vi: 'Nội dung', en: 'Content', type: 'text', cell: (t) => text(t.content) },
  { vi: 'Số điện thoại', en: 'Phone', type: 'text', cell: (t) => (t.consentToContact ? text(t.phone) : null) },
  { vi: 'Mức độ', en: 'Urgency', type: 'text', cell: (t, l) => (t.urgency === null ? null : URGENCY[l][t.urgency]) },
  { vi: 'Hội nghị', en: 'Conference', type: 'text', cell: (t) => text(t.conferenceId) },
  { vi: 'Ngày tạo', en: 'Created', type: 'date', cell: (t) => instant(t.createdAt) },
  { vi: 'Trả lời lần đầu', en: 'First answered', type: 'date', cell: (t) => instant(t.firstAnsweredAt) },
  { vi: 'Ngày đóng', en: 'Closed', type: 'date', cell: (t) => instant(t.closedAt) },
  { vi: 'Đánh giá', en: 'Rating', type: 'number', cell: (t) => t.rating },
  { vi: 'Người phụ trách', en: 'Assignee', type: 'text', cell: (t) => text(t.assignee) },
  { vi: 'Số ảnh', en: 'Photos', type: 'number', cell: (t) => t.photos.length },
];

/**
 * The tickets as a table with headers and labels in the given language: dates as instants,
 * rating and photo count as numbers, the phone only when the member agreed to be contacted.
 */
export function ticketTable(tickets: Ticket[], locale: Locale): TicketTable {
  return {
    columns: COLUMNS.map((c) => ({ header: c[locale], type: c.type })),
    rows: tickets.map((t) => COLUMNS.map((c) => c.cell(t, locale))),
  };
}

/**
 * Start of a YYYY-MM-DD day in Vietnam time, in epoch milliseconds; throws a RangeError on
 * anything else, a day that does not exist (2026-02-30, 2026-13-40) included.
 */
export function vietnamDayStart(day: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(day) ? Date.parse(`${day}T00:00:00${VIETNAM_OFFSET}`) : NaN;
  // Date.parse rolls 2026-02-30 over to 2 March: read the day back to reject it.
  if (Number.isNaN(ms) || new Date(ms + VIETNAM_OFFSET_MS).toISOString().slice(0, 10) !== day) {
    throw new RangeError(`Not a date (YYYY-MM-DD): ${day}`);
  }
  return ms;
}

/** The tickets that match every given criterion; from/to are whole days in Vietnam time. */
export function filterTickets(tickets: Ticket[], filter: TicketFilter): Ticket[] {
  const from = filter.from === undefined ? -Infinity : vietnamDayStart(filter.from);
  const until = filter.to === undefined ? Infinity : vietnamDayStart(filter.to) + DAY_MS;
  return tickets.filter((t) => {
    if (filter.kind !== undefined && t.kind !== filter.kind) return false;
    if (filter.conferenceId !== undefined && t.conferenceId !== filter.conferenceId) return false;
    if (filter.from === undefined && filter.to === undefined) return true;
    const created = Date.parse(t.createdAt);
    return created >= from && created < until;
  });
}
