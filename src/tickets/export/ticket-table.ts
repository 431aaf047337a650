import viStrings from '../../../locales/vi/translation.json' with { type: 'json' };
import enStrings from '../../../locales/en/translation.json' with { type: 'json' };
import type { Topic } from '../../knowledge/topics.js';
import { formatVietnamDateTime } from '../../time/vietnam-time.js';
import type { MemberRole, Ticket, TicketKind, TicketState, Urgency } from '../ticket.js';
import { neutraliseCell } from './neutralise-cell.js';

type Locale = 'vi' | 'en';

/** A table ready for a file: one header per column, one row of text cells per ticket. */
export interface TicketTable {
  headers: string[];
  rows: string[][];
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
  cell: (ticket: Ticket, locale: Locale) => string;
}

/** The exported columns, in order. */
const COLUMNS: readonly Column[] = [
  { vi: 'Mã', en: 'Code', cell: (t) => t.code },
  { vi: 'Loại', en: 'Kind', cell: (t, l) => KIND[l][t.kind] },
  { vi: 'Trạng thái', en: 'State', cell: (t, l) => STATE[l][t.state] },
  { vi: 'Chủ đề', en: 'Topic', cell: (t, l) => (t.topic === null ? '' : (TOPIC[l][t.topic] ?? t.topic)) },
  { vi: 'Xã/phường', en: 'Commune', cell: (t) => t.commune ?? '' },
  { vi: 'Hợp tác xã', en: 'Cooperative', cell: (t) => t.cooperative ?? '' },
  { vi: 'Vai trò', en: 'Role', cell: (t, l) => (t.role === null ? '' : ROLE[l][t.role]) },
  { vi: 'Nội dung', en: 'Content', cell: (t) => t.content },
  { vi: 'Số điện thoại', en: 'Phone', cell: (t) => (t.consentToContact ? (t.phone ?? '') : '') },
  { vi: 'Mức độ', en: 'Urgency', cell: (t, l) => (t.urgency === null ? '' : URGENCY[l][t.urgency]) },
  { vi: 'Hội nghị', en: 'Conference', cell: (t) => t.conferenceId ?? '' },
  { vi: 'Ngày tạo', en: 'Created', cell: (t) => formatVietnamDateTime(t.createdAt) },
  { vi: 'Trả lời lần đầu', en: 'First answered', cell: (t) => formatVietnamDateTime(t.firstAnsweredAt) },
  { vi: 'Ngày đóng', en: 'Closed', cell: (t) => formatVietnamDateTime(t.closedAt) },
  { vi: 'Đánh giá', en: 'Rating', cell: (t) => (t.rating === null ? '' : String(t.rating)) },
  { vi: 'Người phụ trách', en: 'Assignee', cell: (t) => t.assignee ?? '' },
  { vi: 'Số ảnh', en: 'Photos', cell: (t) => String(t.photos.length) },
];

/**
 * The tickets as a table with headers and labels in the given language. Dates are shown in
 * Vietnam time; the phone only when the member agreed to be contacted; every cell is neutralised
 * against formula injection.
 */
export function ticketTable(tickets: Ticket[], locale: Locale): TicketTable {
  return {
    headers: COLUMNS.map((c) => neutraliseCell(c[locale])),
    rows: tickets.map((t) => COLUMNS.map((c) => neutraliseCell(c.cell(t, locale)))),
  };
}

/** Start of a YYYY-MM-DD day in Vietnam time, in epoch milliseconds; throws on anything else. */
function vietnamDayStart(day: string): number {
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
