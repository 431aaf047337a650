import type { Translate } from '../conversation/ports.js';
import { isOverdue } from '../tickets/service-level.js';
import type { Ticket, TicketEvent, TicketEventType, Urgency } from '../tickets/ticket.js';
import { queueOrder } from '../tickets/ticket-stats.js';
import { formatVietnamDateTime, formatVietnamDay } from '../time/vietnam-time.js';
import { photoRef } from './photo-refs.js';

/** What the views need: the bot's words for kinds, states, topics and roles, the time, the service level. */
export interface ViewContext {
  t: Translate;
  now: Date;
  serviceLevelDays: number;
}

const URGENCY: Record<Urgency, string> = { normal: 'Bình thường', urgent: 'Khẩn cấp' };
const URGENT_MARK = '🔴';
const OVERDUE_MARK = '⏰';
const NONE = '—';
const CHANNELS: Record<string, string> = { telegram: 'Telegram', zalo: 'Zalo', web: 'Web chat' };

/** History lines as staff read them (the locale's ticket.event.* speak to the member: "Bạn gửi thêm"). */
const EVENT: Record<TicketEventType, string> = {
  created: 'Tiếp nhận',
  'member-message': 'Thành viên gửi thêm',
  'staff-reply': 'Trả lời thành viên',
  'conference-answer': 'Trả lời tại hội nghị đối thoại',
  note: 'Ghi chú nội bộ',
  taken: 'Nhận xử lý',
  closed: 'Đóng hồ sơ',
  reopened: 'Mở lại',
  rated: 'Thành viên đánh giá',
  anonymised: 'Xoá dữ liệu cá nhân',
  'delivery-failed': 'Gửi tin thất bại',
  assigned: 'Giao cho cán bộ',
  'topic-changed': 'Đổi lĩnh vực',
};

/** Control characters a member could type (terminal escapes, NUL, BEL) shown as �; line breaks kept. */
export function printable(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, (c) => (c === '\t' ? ' ' : '\uFFFD'));
}

const actorName = (actor: string): string => (actor === 'member' ? 'thành viên' : actor === 'system' ? 'hệ thống' : printable(actor.replace(/^staff:/, '')));

const topicOrKind = (ticket: Ticket, t: Translate): string => (ticket.topic ? t(`topic.${ticket.topic}`) : t(`ticket.kind.${ticket.kind}`));

/** The platform the member wrote from (Telegram, Zalo, Web chat), from their conversation id. */
export function channelOf(ticket: Ticket): string {
  if (ticket.memberId === null) return NONE;
  const prefix = ticket.memberId.split(':')[0]!;
  return CHANNELS[prefix] ?? prefix;
}

/** The phone only with the member's consent to be contacted (as in the export). */
function phoneOf(ticket: Ticket): string {
  if (ticket.phone && ticket.consentToContact) return `${ticket.phone} (đồng ý được liên hệ)`;
  if (ticket.anonymised) return `${NONE} (đã xoá)`;
  return ticket.phone ? `${NONE} (thành viên không đồng ý được liên hệ)` : `${NONE} (không để lại số)`;
}

function photoLine(reference: string, n: number, code: string): string {
  const ref = photoRef(reference);
  if (ref.source === 'web') return `  ${n}. ảnh web chat ${ref.id}: lưu ra thư mục bằng npm run staff -- photos ${code} --out THƯ_MỤC`;
  if (ref.source === 'link') return `  ${n}. ${printable(ref.url)}`;
  return `  ${n}. ảnh Telegram: xem trong chủ đề của hồ sơ ở nhóm cán bộ Telegram`;
}

/**
 * The last reopening, by whom and when; when the member reopened it, the message they wrote next
 * (the bot asks them why) and the rating it had, which reopening clears.
 */
function reopenLines(history: TicketEvent[]): string[] {
  const at = history.map((e) => e.type).lastIndexOf('reopened');
  if (at < 0) return [];
  const reopened = history[at]!;
  const lines = [`Mở lại: ${formatVietnamDateTime(reopened.at)} · ${actorName(reopened.actor)}`];
  if (reopened.actor !== 'member') return lines;
  const reason = history.slice(at + 1).find((e) => e.type === 'member-message' && e.text);
  lines.push(`Lý do mở lại: ${reason?.text ? printable(reason.text) : '— (thành viên chưa viết gì)'}`);
  const rated = history.slice(0, at).filter((e) => e.type === 'rated').at(-1);
  if (rated?.text) lines.push(`Đánh giá trước khi mở lại: ${rated.text}/5`);
  return lines;
}

/**
 * `staff show`: every field staff act on, labelled, then the content and the whole history
 * (internal notes included). Empty fields say so rather than disappear.
 */
export function ticketCard(ticket: Ticket, history: TicketEvent[], { t, now, serviceLevelDays }: ViewContext): string {
  const marks = [ticket.urgency === 'urgent' ? `${URGENT_MARK} ${t('staff.urgent')}` : '', isOverdue(ticket, now, serviceLevelDays) ? `${OVERDUE_MARK} quá hạn trả lời` : ''];
  const head = [ticket.code, t(`ticket.kind.${ticket.kind}`), t(`ticket.state.${ticket.state}`), ...marks].filter(Boolean).join(' · ');
  const field = (label: string, value: string | null) => `${label}: ${value === null || value === '' ? NONE : printable(value)}`;
  const lines = [
    head,
    field('Mức độ', ticket.urgency && URGENCY[ticket.urgency]),
    field('Lĩnh vực', ticket.topic && t(`topic.${ticket.topic}`)),
    field('Tên HTX', ticket.cooperative),
    field('Vai trò', ticket.role && t(`staff.role.${ticket.role}`)),
    field('Xã/phường', ticket.commune),
    `Số điện thoại: ${phoneOf(ticket)}`,
    field('Kênh', channelOf(ticket)),
    field('Hội nghị', ticket.conferenceId),
    field('Người phụ trách', ticket.assignee),
    field('Tiếp nhận', formatVietnamDateTime(ticket.createdAt)),
    field('Trả lời lần đầu', formatVietnamDateTime(ticket.firstAnsweredAt)),
    field('Đóng', formatVietnamDateTime(ticket.closedAt)),
    `Đánh giá: ${ticket.rating === null ? (ticket.state === 'closed' ? 'chưa đánh giá' : NONE) : `${ticket.rating}/5 ${'⭐'.repeat(ticket.rating)}`}`,
    ...reopenLines(history),
    `Ảnh: ${ticket.photos.length === 0 ? 'không có' : ticket.photos.length}`,
    ...ticket.photos.map((p, i) => photoLine(p, i + 1, ticket.code)),
  ];
  if (ticket.anonymised) lines.push('Thành viên đã yêu cầu xoá dữ liệu cá nhân: hồ sơ chỉ còn cho thống kê.');
  const content = ticket.content === '' ? NONE : printable(ticket.content).replace(/\n/g, '\n  ');
  const events = history.map((e) => `  ${formatVietnamDateTime(e.at)} · ${actorName(e.actor)} · ${EVENT[e.type]}${e.text ? `: ${printable(e.text).replace(/\n/g, '\n    ')}` : ''}`);
  return [...lines, '', 'Nội dung:', `  ${content}`, '', 'Lịch sử:', ...events].join('\n');
}

/** How many queue lines `staff list` prints; the rest is counted. */
const MAX_LINES = 50;

/**
 * `staff list`: one compact line per open ticket, urgent first (🔴), then overdue (⏰), then
 * oldest; each line with its topic, state, day, commune and assignee.
 */
export function queueView(tickets: Ticket[], { t, now, serviceLevelDays }: ViewContext): string {
  const open = queueOrder(tickets, now, serviceLevelDays).sort((a, b) => Number(b.ticket.urgency === 'urgent') - Number(a.ticket.urgency === 'urgent'));
  if (open.length === 0) return t('staff.queueEmpty');
  const urgent = open.filter((o) => o.ticket.urgency === 'urgent').length;
  const lines = open.slice(0, MAX_LINES).map(({ ticket, overdue }) => {
    const marks = `${ticket.urgency === 'urgent' ? URGENT_MARK : ''}${overdue ? OVERDUE_MARK : ''}`;
    const parts = [
      `${marks ? `${marks} ` : ''}${ticket.code}`,
      ticket.urgency === 'urgent' ? t('staff.urgent') : '',
      topicOrKind(ticket, t),
      t(`ticket.state.${ticket.state}`),
      formatVietnamDay(ticket.createdAt),
      printable(ticket.commune ?? ''),
      printable(ticket.assignee ?? ''),
    ];
    return parts.filter(Boolean).join(' · ');
  });
  const more = open.length > MAX_LINES ? [`… và ${open.length - MAX_LINES} hồ sơ nữa`] : [];
  return [`Hồ sơ đang mở: ${open.length}, khẩn cấp: ${urgent} (${URGENT_MARK} = khẩn cấp, ${OVERDUE_MARK} = quá hạn trả lời)`, ...lines, ...more].join('\n');
}
