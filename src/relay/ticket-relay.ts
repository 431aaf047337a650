import type { Effect } from '../conversation/effects.js';
import type { Translate } from '../conversation/ports.js';
import type { Choice, Reply } from '../conversation/reply.js';
import type { Locale } from '../conversation/session.js';
import type { DeliveryQueue } from '../delivery/ports.js';
import type { Ticket } from '../tickets/ticket.js';
import type { TicketService } from '../tickets/ticket-service.js';
import { memberChannel, memberParts, type StaffPart } from './payloads.js';
import { announcement, topicName } from './staff-texts.js';

export interface TicketRelayDeps {
  queue: DeliveryQueue;
  tickets: TicketService;
  translator: (locale: Locale) => Translate;
  /** Updates a member's offered choices, so "4" answers a rating on channels without buttons. */
  offerChoices?: (conversationId: string, choices: Choice[]) => Promise<void>;
  /** Whether a Telegram staff chat is configured (otherwise staff use the CLI). */
  staffChat: boolean;
}

/**
 * Member → Alliance → member: every relay goes through the durable queue with an idempotency key,
 * so a platform outage delays it and a retry never doubles it.
 */
export class TicketRelay {
  private readonly staffT: Translate;

  constructor(private readonly deps: TicketRelayDeps) {
    this.staffT = deps.translator('vi');
  }

  /** Carries out what a member's turn asked for: announce a new ticket, pass on a follow-up. */
  async onMemberEffects(effects: Effect[]): Promise<void> {
    for (const e of effects) {
      if (e.type === 'ticket-filed') await this.announce(e.code);
      if (e.type === 'member-follow-up' && this.deps.staffChat) {
        const parts: StaffPart[] = [];
        if (e.text) parts.push({ op: 'message', code: e.code, text: this.staffT('staff.followUp', { code: e.code, text: e.text }) });
        if (e.photo) parts.push({ op: 'photo', code: e.code, photo: e.photo, caption: this.staffT('staff.followUpPhoto', { code: e.code }) });
        const history = await this.deps.tickets.history(e.code);
        await this.deps.queue.enqueue({ key: `follow-up:${e.code}:${history.length}`, channel: 'staff', parts });
      }
    }
  }

  /** Posts a new ticket to the staff chat: its own topic where the group has topics, then the details and photos. */
  async announce(code: string): Promise<void> {
    if (!this.deps.staffChat) return;
    const ticket = await this.deps.tickets.get(code);
    if (!ticket) return;
    const parts: StaffPart[] = [
      { op: 'open-topic', code, name: topicName(ticket, this.staffT) },
      { op: 'announce', code, text: announcement(ticket, this.staffT) },
      ...ticket.photos.map((photo, i) => ({ op: 'photo' as const, code, photo, caption: `${code} · ${i + 1}/${ticket.photos.length}` })),
    ];
    await this.deps.queue.enqueue({ key: `announce:${code}`, channel: 'staff', parts });
  }

  /**
   * Announces open tickets that never reached the staff chat (the process stopped between filing
   * and announcing). Safe to run often: an announcement's key makes a second one a no-op.
   */
  async announceMissing(): Promise<number> {
    if (!this.deps.staffChat) return 0;
    const missing = (await this.deps.tickets.all()).filter((t) => t.state !== 'closed' && t.staffThread === null);
    for (const t of missing) await this.announce(t.code);
    return missing.length;
  }

  /** Relays a staff answer to the member, marked as the Alliance's answer, on the channel they wrote from. */
  async staffReplied(ticket: Ticket, text: string, key: string): Promise<void> {
    if (!ticket.memberId) return;
    const t = this.deps.translator(ticket.locale);
    // The code in the key lets a failed delivery be reported in the ticket's own thread and history.
    await this.toMember(ticket.memberId, `reply:${ticket.code}:${key}`, {
      text: t('relay.staffReply', { code: ticket.code, text }),
      choices: [
        { id: `followup:${ticket.code}`, label: t('relay.answerBack') },
        { id: `status:${ticket.code}`, label: t('status.view', { code: ticket.code }) },
        { id: 'menu', label: t('nav.menu') },
      ],
    });
  }

  /** Tells the member the outcome and asks for a 1–5 rating. */
  async closed(ticket: Ticket, reason: string | null): Promise<void> {
    if (!ticket.memberId) return;
    const t = this.deps.translator(ticket.locale);
    const choices: Choice[] = [1, 2, 3, 4, 5].map((n) => ({ id: `rate:${ticket.code}:${n}`, label: '⭐'.repeat(n) }));
    await this.toMember(ticket.memberId, `closed:${ticket.code}:${ticket.closedAt}`, {
      text: t('relay.closed', { code: ticket.code, reason: reason ? `\n${t('relay.outcome')}: ${reason}` : '' }),
      choices,
    });
  }

  /** A notice for staff (a failed delivery, the daily overdue reminder). */
  async notifyStaff(key: string, text: string, code: string | null = null): Promise<void> {
    if (!this.deps.staffChat) return;
    await this.deps.queue.enqueue({ key, channel: 'staff', parts: [{ op: 'message', code, text } satisfies StaffPart] });
  }

  private async toMember(conversationId: string, key: string, reply: Reply): Promise<void> {
    await this.deps.queue.enqueue({ key, channel: memberChannel(conversationId), parts: memberParts(conversationId, [reply]) });
    if (reply.choices) await this.deps.offerChoices?.(conversationId, reply.choices);
  }
}
