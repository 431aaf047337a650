import { channelOf, printable } from '../../cli/ticket-view.js';
import type { Translate } from '../../conversation/ports.js';
import { MAX_ANSWER_CHARS } from '../../knowledge/entry-schema.js';
import { TOPICS } from '../../knowledge/topics.js';
import { isOverdue } from '../../tickets/service-level.js';
import type { Ticket, TicketEvent, TicketEventType } from '../../tickets/ticket.js';
import { formatVietnamDateTime } from '../../time/vietnam-time.js';
import { asExampleQuestion } from '../review/example-questions.js';
import { photoViews, type PhotoView } from './ticket-photos.js';

/** One labelled field of the ticket; `href` makes it a link (a consented phone number calls it). */
export interface FieldView {
  label: string;
  value: string;
  href?: string;
}

/** One entry of the conversation: what the member wrote, staff answers, internal notes, failed deliveries. */
export interface ThreadItem {
  kind: 'member' | 'staff' | 'conference' | 'note' | 'failed';
  label: string;
  who: string;
  at: string;
  iso: string;
  text: string;
}

/** One line of the history: when, who, what, and the detail that is not already in the conversation. */
export interface HistoryRow {
  at: string;
  iso: string;
  who: string;
  what: string;
  detail: string;
}

export interface TicketPageView {
  ticket: Ticket;
  overdue: boolean;
  channel: string;
  fields: FieldView[];
  photos: PhotoView[];
  thread: ThreadItem[];
  history: HistoryRow[];
  /**
   * An answered question: the knowledge editor's new entry prefilled with the member's question,
   * the staff answer and the ticket (the page shows the link to editors and admins).
   */
  entryFromAnswer?: string;
}

export interface PageContext {
  /** The console translator in the staff member's language. */
  t: Translate;
  now: Date;
  serviceLevelDays: number;
  /** Whether Telegram photos can be fetched (the bot's token is configured). */
  telegram: boolean;
}

const THREAD_KINDS: Partial<Record<TicketEventType, ThreadItem['kind']>> = {
  'member-message': 'member',
  'staff-reply': 'staff',
  'conference-answer': 'conference',
  note: 'note',
  'delivery-failed': 'failed',
};

const THREAD_LABELS: Record<ThreadItem['kind'], string> = {
  member: 'console.ticket.thread.memberMessage',
  staff: 'console.ticket.thread.staffReply',
  conference: 'console.ticket.thread.conference',
  note: 'console.ticket.thread.note',
  failed: 'console.ticket.thread.failed',
};

/** What the ticket page shows: every field the member gave, the photos, the conversation and the history. */
export function ticketPageView(ticket: Ticket, history: TicketEvent[], ctx: PageContext): TicketPageView {
  return {
    ticket,
    overdue: isOverdue(ticket, ctx.now, ctx.serviceLevelDays),
    channel: channelOf(ticket),
    fields: fieldsOf(ticket, ctx.t),
    photos: photoViews(ticket.code, ticket.photos, ctx.telegram),
    thread: threadOf(ticket, history, ctx.t),
    history: history.map((e) => ({ at: formatVietnamDateTime(e.at), iso: e.at, who: actorName(e.actor, ctx.t), what: ctx.t(`console.ticket.event.${e.type}`), detail: detailOf(e, ctx.t) })),
    ...entryFromAnswer(ticket, history),
  };
}

/** `/staff/knowledge/new?q=…&answer=…&ticket=…` for a question ticket that staff answered (the latest answer). */
function entryFromAnswer(ticket: Ticket, history: TicketEvent[]): { entryFromAnswer?: string } {
  const answer = history.filter((e) => e.type === 'staff-reply' && e.text !== null).at(-1)?.text;
  if (ticket.kind !== 'question' || !answer || ticket.content === '') return {};
  const query = new URLSearchParams({ q: asExampleQuestion(ticket.content), answer: answer.trim().slice(0, MAX_ANSWER_CHARS), ticket: ticket.code });
  if (ticket.topic) query.set('topic', ticket.topic);
  return { entryFromAnswer: `/staff/knowledge/new?${query.toString()}` };
}

function fieldsOf(ticket: Ticket, t: Translate): FieldView[] {
  const none = t('console.ticket.none');
  const field = (key: string, value: string | null, href?: string): FieldView => ({
    label: t(`console.ticket.field.${key}`),
    value: value === null || value === '' ? none : printable(value),
    ...(href ? { href } : {}),
  });
  const consented = ticket.phone !== null && ticket.consentToContact;
  return [
    field('kind', t(`ticket.kind.${ticket.kind}`)),
    field('state', t(`ticket.state.${ticket.state}`)),
    field('urgency', ticket.urgency && t(`console.ticket.urgency.${ticket.urgency}`)),
    field('topic', ticket.topic && t(`topic.${ticket.topic}`)),
    field('cooperative', ticket.cooperative),
    field('role', ticket.role && t(`staff.role.${ticket.role}`)),
    field('commune', ticket.commune),
    field('phone', phoneOf(ticket, t), consented ? `tel:${ticket.phone}` : undefined),
    field('channel', channelOf(ticket)),
    field('conference', ticket.conferenceId),
    field('assignee', ticket.assignee),
    field('created', formatVietnamDateTime(ticket.createdAt)),
    field('firstAnswer', formatVietnamDateTime(ticket.firstAnsweredAt)),
    field('closed', formatVietnamDateTime(ticket.closedAt)),
    field('rating', ratingOf(ticket, t)),
  ];
}

/** The phone only with the member's consent to be contacted, worded as `npm run staff -- show` words it. */
function phoneOf(ticket: Ticket, t: Translate): string {
  const none = t('console.ticket.none');
  if (ticket.phone && ticket.consentToContact) return `${ticket.phone} (${t('console.ticket.phone.consented')})`;
  if (ticket.anonymised) return `${none} (${t('console.ticket.phone.erased')})`;
  return `${none} (${t(ticket.phone ? 'console.ticket.phone.noConsent' : 'console.ticket.phone.none')})`;
}

function ratingOf(ticket: Ticket, t: Translate): string | null {
  if (ticket.rating !== null) return `${t('console.ticket.rating.value', { rating: ticket.rating })} ${'⭐'.repeat(ticket.rating)}`;
  return ticket.state === 'closed' ? t('console.ticket.rating.none') : null;
}

/** The member's first message (the ticket's content), then what was said since, in order. */
function threadOf(ticket: Ticket, history: TicketEvent[], t: Translate): ThreadItem[] {
  const erased = t('console.ticket.thread.erased');
  const first: ThreadItem = {
    kind: 'member',
    label: t('console.ticket.thread.original'),
    who: t('console.ticket.member'),
    at: formatVietnamDateTime(ticket.createdAt),
    iso: ticket.createdAt,
    text: ticket.content === '' ? erased : printable(ticket.content),
  };
  const said = history.flatMap((e): ThreadItem[] => {
    const kind = THREAD_KINDS[e.type];
    if (!kind) return [];
    return [{ kind, label: t(THREAD_LABELS[kind]), who: actorName(e.actor, t), at: formatVietnamDateTime(e.at), iso: e.at, text: e.text === null ? erased : printable(e.text) }];
  });
  return [first, ...said];
}

/** What a history line adds that the conversation does not already show (an outcome, an assignee, a topic, a rating). */
function detailOf(e: TicketEvent, t: Translate): string {
  if (e.text === null) return '';
  switch (e.type) {
    case 'closed':
    case 'assigned':
    case 'delivery-failed':
      return printable(e.text);
    case 'topic-changed':
      return (TOPICS as readonly string[]).includes(e.text) ? t(`topic.${e.text}`) : printable(e.text);
    case 'rated':
      return `${e.text}/5`;
    default:
      return '';
  }
}

/** "member", "system" or "staff:<name>" as staff read it: the staff member's name alone. */
function actorName(actor: string, t: Translate): string {
  if (actor === 'member') return t('console.ticket.member');
  if (actor === 'system') return t('console.ticket.system');
  return printable(actor.replace(/^staff:/, ''));
}
