import viStrings from '../../locales/vi/translation.json' with { type: 'json' };
import enStrings from '../../locales/en/translation.json' with { type: 'json' };
import type { Translate } from '../conversation/ports.js';
import type { TicketRelay } from '../relay/ticket-relay.js';
import { formatVietnamDateTime, formatVietnamDay } from '../time/vietnam-time.js';
import { parseReference } from './reference-code.js';
import type { Topic } from '../knowledge/topics.js';
import type { ActionResult, Actor, TicketService } from './ticket-service.js';
import { queueOrder, ticketStats } from './ticket-stats.js';

/** How a conference answer is introduced to the member, in their language (the label of its history line). */
const CONFERENCE_ANSWER: Record<'vi' | 'en', string> = {
  vi: viStrings.ticket.event['conference-answer'],
  en: enStrings.ticket.event['conference-answer'],
};

/** Why an action did nothing (a ticket that does not exist, is closed…). */
export type Refusal = Extract<ActionResult, { ok: false }>['reason'];

/** The result of a staff command: a text for the staff member; `refused` says why nothing was done. */
export type StaffOutcome = { text: string; refused?: Refusal };

/**
 * The staff actions, shared by the Telegram staff chat and the staff CLI: the same checks, the
 * same audit trail, the same relay to the member.
 */
export class StaffActions {
  constructor(
    private readonly tickets: TicketService,
    private readonly relay: TicketRelay,
    private readonly t: Translate,
    private readonly serviceLevelDays: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * An answer to the member, sent once per `key`. From the web console (`desk: 'web'`) it is also
   * posted in the ticket's thread in the Telegram staff chat, signed "Name (web)".
   */
  async reply(code: string, actor: Actor, text: string, key: string, desk?: 'web'): Promise<StaffOutcome> {
    const r = await this.tickets.staffReply(code, actor, text, async (ticket) => [
      ...(await this.relay.replyJobs(ticket, text, key)),
      ...(desk === 'web' && actor.kind === 'staff' ? this.relay.webReplyJobs(ticket, actor.name, text, key) : []),
    ]);
    if (!r.ok) return this.refused(code, r.reason);
    return { text: this.t('staff.sent', { code }) };
  }

  /**
   * The answer given to a concern at the dialogue conference: recorded in its history (the agenda
   * shows it) and sent to the member like a staff reply, introduced as the conference's answer in
   * the member's language. Refused for a difficulty or a question.
   */
  async conferenceAnswer(code: string, actor: Actor, text: string, key: string): Promise<StaffOutcome> {
    const r = await this.tickets.conferenceAnswer(code, actor, text, (ticket) =>
      this.relay.replyJobs(ticket, `${CONFERENCE_ANSWER[ticket.locale]}:\n${text}`, `conference:${key}`),
    );
    if (!r.ok) return this.refused(code, r.reason);
    return { text: this.t('staff.sent', { code }) };
  }

  async note(code: string, actor: Actor, text: string): Promise<StaffOutcome> {
    const r = await this.tickets.note(code, actor, text);
    return r.ok ? { text: this.t('staff.noted', { code }) } : this.refused(code, r.reason);
  }

  async take(code: string, actor: Actor): Promise<StaffOutcome> {
    const r = await this.tickets.take(code, actor);
    return r.ok ? { text: this.t('staff.taken', { code, name: r.ticket.assignee ?? '' }) } : this.refused(code, r.reason);
  }

  /** Gives the ticket to a staff account (by its name); recorded as the acting staff member's doing. */
  async assign(code: string, actor: Actor, assignee: string): Promise<StaffOutcome> {
    const r = await this.tickets.assign(code, actor, assignee);
    return r.ok ? { text: this.t('staff.assigned', { code, name: assignee }) } : this.refused(code, r.reason);
  }

  async changeTopic(code: string, actor: Actor, topic: Topic): Promise<StaffOutcome> {
    const r = await this.tickets.changeTopic(code, actor, topic);
    return r.ok ? { text: this.t('staff.topicChanged', { code, topic: this.t(`topic.${topic}`) }) } : this.refused(code, r.reason);
  }

  async close(code: string, actor: Actor, reason: string | null): Promise<StaffOutcome> {
    const r = await this.tickets.close(code, actor, reason, (ticket) => this.relay.closedJobs(ticket, reason));
    if (!r.ok) return this.refused(code, r.reason);
    return { text: this.t('staff.closed', { code }) };
  }

  async reopen(code: string, actor: Actor): Promise<StaffOutcome> {
    const r = await this.tickets.reopen(code, actor);
    return r.ok ? { text: this.t('staff.reopened', { code }) } : this.refused(code, r.reason);
  }

  /** One ticket with its whole history, internal notes included (staff only). */
  async show(code: string): Promise<StaffOutcome> {
    const ticket = await this.tickets.get(code);
    if (!ticket) return this.refused(code, 'not-found');
    const history = await this.tickets.history(code);
    const lines = history.map((e) => `${formatVietnamDateTime(e.at)} ${e.actor} ${this.t(`ticket.event.${e.type}`)}${e.text ? `: ${e.text}` : ''}`);
    const head = `${ticket.code} · ${this.t(`ticket.kind.${ticket.kind}`)} · ${this.t(`ticket.state.${ticket.state}`)}${ticket.assignee ? ` · ${ticket.assignee}` : ''}${ticket.rating ? ` · ${'⭐'.repeat(ticket.rating)}` : ''}`;
    return { text: `${head}\n${ticket.cooperative ?? ''} ${ticket.commune ? `· ${ticket.commune}` : ''}\n${ticket.content}\n\n${lines.join('\n')}` };
  }

  /** Open tickets, overdue first. */
  async queue(): Promise<StaffOutcome> {
    const open = queueOrder(await this.tickets.all(), this.now(), this.serviceLevelDays);
    if (open.length === 0) return { text: this.t('staff.queueEmpty') };
    const lines = open.slice(0, 50).map(({ ticket, overdue }) => `${overdue ? '⏰ ' : ''}${ticket.code} · ${this.t(`ticket.state.${ticket.state}`)} · ${formatVietnamDay(ticket.createdAt)}${ticket.commune ? ` · ${ticket.commune}` : ''}${ticket.assignee ? ` · ${ticket.assignee}` : ''}`);
    return { text: `${this.t('staff.queue', { count: open.length })}\n${lines.join('\n')}` };
  }

  /** The conference agenda: its concerns grouped by topic (the next open conference when no id is given). */
  async agenda(conferenceId: string | undefined): Promise<StaffOutcome> {
    const concerns = (await this.tickets.all()).filter((t) => t.kind === 'concern' && (conferenceId ? t.conferenceId === conferenceId : t.conferenceId !== null));
    if (concerns.length === 0) return { text: this.t('staff.agendaEmpty', { conference: conferenceId ?? '-' }) };
    const byTopic = new Map<string, typeof concerns>();
    for (const c of concerns) byTopic.set(c.topic ?? '-', [...(byTopic.get(c.topic ?? '-') ?? []), c]);
    const sections = [...byTopic]
      .sort((a, b) => b[1].length - a[1].length)
      .map(([topic, list]) => `${topic === '-' ? '-' : this.t(`topic.${topic}`)} (${list.length})\n${list.map((c) => `  • ${c.code}${c.commune ? ` · ${c.commune}` : ''}: ${c.content.length > 160 ? `${c.content.slice(0, 160)}…` : c.content}`).join('\n')}`);
    return { text: `${this.t('staff.agenda', { conference: conferenceId ?? concerns[0]!.conferenceId ?? '-', count: concerns.length })}\n\n${sections.join('\n\n')}` };
  }

  async stats(): Promise<StaffOutcome> {
    const s = ticketStats(await this.tickets.all(), this.now(), this.serviceLevelDays);
    const fmt = (rec: Record<string, number>, label: (k: string) => string) =>
      Object.entries(rec)
        .sort((a, b) => b[1] - a[1])
        .map(([k, n]) => `  ${label(k)}: ${n}`)
        .join('\n');
    return {
      text: [
        this.t('staff.statsTotal', { total: s.total, overdue: s.overdue }),
        `${this.t('staff.byKind')}:\n${fmt(s.byKind, (k) => this.t(`ticket.kind.${k}`))}`,
        `${this.t('staff.byState')}:\n${fmt(s.byState, (k) => this.t(`ticket.state.${k}`))}`,
        `${this.t('staff.byTopic')}:\n${fmt(s.byTopic, (k) => (k === '-' ? '-' : this.t(`topic.${k}`)))}`,
        `${this.t('staff.byCommune')}:\n${fmt(s.byCommune, (k) => k)}`,
        this.t('staff.ratings', { count: s.ratings.count, average: s.ratings.average ?? '-' }),
      ].join('\n\n'),
    };
  }

  private refused(code: string, reason: Refusal): StaffOutcome {
    return { text: this.t(`staff.refused.${reason}`, { code }), refused: reason };
  }
}

/** "KK-2026-0012 rest of text" → the code and the rest; or the ticket of the context and the whole text. */
export function codeAndRest(args: string, contextCode: string | undefined): { code: string | undefined; rest: string } {
  const [first = '', ...rest] = args.trim().split(/\s+/);
  const code = parseReference(first);
  if (code) return { code, rest: rest.join(' ') };
  return { code: contextCode, rest: args.trim() };
}
