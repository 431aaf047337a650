import { randomUUID } from 'node:crypto';
import type { Translate } from '../conversation/ports.js';
import type { Choice, Reply } from '../conversation/reply.js';
import type { Locale } from '../conversation/session.js';
import type { DeliveryJob } from '../delivery/delivery-job.js';
import type { DeliveryQueue } from '../delivery/ports.js';
import type { Ticket } from '../tickets/ticket.js';
import type { TicketService } from '../tickets/ticket-service.js';
import { memberChannel, type MemberPart, type StaffPart } from './payloads.js';
import { announcement, topicName } from './staff-texts.js';

export interface TicketRelayDeps {
  queue: DeliveryQueue;
  tickets: TicketService;
  translator: (locale: Locale) => Translate;
  /** Whether a Telegram staff chat is configured (otherwise staff use the CLI). */
  staffChat: boolean;
  /**
   * The conversation a notice to the member goes to: of their linked conversations, the one they
   * wrote from last (default: the one the ticket was filed from).
   */
  route?: (memberId: string) => Promise<string>;
}

/**
 * Member → Alliance → member. The relay builds the deliveries a ticket change causes; the ticket
 * store writes them in the same transaction as the change (so a crash leaves both or neither), and
 * the durable queue sends them with their idempotency keys (so an outage delays, never doubles).
 */
export class TicketRelay {
  private readonly staffT: Translate;

  constructor(private readonly deps: TicketRelayDeps) {
    this.staffT = deps.translator('vi');
  }

  /** A new ticket in the staff chat: its own topic where the group has topics, then the details and photos. */
  announceJobs(ticket: Ticket): DeliveryJob[] {
    if (!this.deps.staffChat) return [];
    const code = ticket.code;
    const parts: StaffPart[] = [
      { op: 'open-topic', code, name: topicName(ticket, this.staffT) },
      { op: 'announce', code, text: announcement(ticket, this.staffT) },
      ...ticket.photos.map((photo, i) => ({ op: 'photo' as const, code, photo, caption: `${code} · ${i + 1}/${ticket.photos.length}` })),
    ];
    return [{ key: `announce:${code}`, channel: 'staff', parts }];
  }

  /** A member's follow-up (text and/or photo) posted to the ticket's thread in the staff chat. */
  followUpJobs(code: string, text: string | null, photo: string | null): DeliveryJob[] {
    if (!this.deps.staffChat) return [];
    const parts: StaffPart[] = [];
    if (text) parts.push({ op: 'message', code, text: this.staffT('staff.followUp', { code, text }) });
    if (photo) parts.push({ op: 'photo', code, photo, caption: this.staffT('staff.followUpPhoto', { code }) });
    return parts.length > 0 ? [{ key: `follow-up:${code}:${randomUUID()}`, channel: 'staff', parts }] : [];
  }

  /** The member reopened their closed ticket: said in the ticket's thread in the staff chat. */
  memberReopenedJobs(ticket: Ticket): DeliveryJob[] {
    if (!this.deps.staffChat) return [];
    const text = this.staffT('staff.memberReopened', { code: ticket.code });
    return [{ key: `member-reopened:${ticket.code}:${ticket.updatedAt}`, channel: 'staff', parts: [{ op: 'message', code: ticket.code, text } satisfies StaffPart] }];
  }

  /** A staff answer to the member, marked as the Alliance's answer, on the channel they wrote from (last, when linked). */
  async replyJobs(ticket: Ticket, text: string, key: string): Promise<DeliveryJob[]> {
    if (!ticket.memberId) return [];
    const t = this.deps.translator(ticket.locale);
    return [
      toMember(
        await this.memberRoute(ticket.memberId),
        replyJobKey(ticket.code, key),
        {
          text: t('relay.staffReply', { code: ticket.code, text }),
          choices: [
            { id: `followup:${ticket.code}`, label: t('relay.answerBack') },
            { id: `status:${ticket.code}`, label: t('status.view', { code: ticket.code }) },
            { id: 'menu', label: t('nav.menu') },
          ],
        },
        t('relay.formOpen', { code: ticket.code }),
        t('relay.choicesOpen', { code: ticket.code }),
      ),
    ];
  }

  /** A staff answer given in the web console, also posted in the ticket's thread in the staff chat, signed "Name (web)". */
  webReplyJobs(ticket: Ticket, name: string, text: string, key: string): DeliveryJob[] {
    if (!this.deps.staffChat) return [];
    const part: StaffPart = { op: 'message', code: ticket.code, text: this.staffT('staff.webReply', { name, code: ticket.code, text }) };
    return [{ key: `web-reply:${ticket.code}:${key}`, channel: 'staff', parts: [part] }];
  }

  /** The outcome told to the member, with a 1–5 rating to give (on the channel they wrote from last, when linked). */
  async closedJobs(ticket: Ticket, reason: string | null): Promise<DeliveryJob[]> {
    if (!ticket.memberId) return [];
    const t = this.deps.translator(ticket.locale);
    const choices: Choice[] = [1, 2, 3, 4, 5].map((n) => ({ id: `rate:${ticket.code}:${n}`, label: '⭐'.repeat(n) }));
    const closed = t('relay.closed', { code: ticket.code, reason: reason ? `\n${t('relay.outcome')}: ${reason}` : '' });
    return [
      toMember(
        await this.memberRoute(ticket.memberId),
        `closed:${ticket.code}:${ticket.closedAt}`,
        { text: `${closed}\n\n${t('relay.rateAsk')}`, choices },
        // A closed ticket is rated, not answered: the hints say so.
        t('relay.formOpenRate', { code: ticket.code }),
        t('relay.choicesOpenRate', { code: ticket.code }),
        // Without its numbers it must not ask for one: "1" would pick another list's first choice.
        closed,
      ),
    ];
  }

  /** Where a notice to the ticket's member goes: its conversation, or the linked one they used last. */
  private memberRoute(memberId: string): Promise<string> {
    return this.deps.route ? this.deps.route(memberId) : Promise.resolve(memberId);
  }

  /** Posts a ticket to the staff chat again if it is not there yet (safe to repeat: the key makes a second one a no-op). */
  async announce(code: string): Promise<void> {
    const ticket = await this.deps.tickets.get(code);
    if (ticket) for (const job of this.announceJobs(ticket)) await this.deps.queue.enqueue(job);
  }

  /**
   * Announces open tickets that never reached the staff chat (filed before the staff chat was set,
   * or by a version that announced after filing). Safe to run often.
   */
  async announceMissing(): Promise<number> {
    if (!this.deps.staffChat) return 0;
    const missing = (await this.deps.tickets.all()).filter((t) => t.state !== 'closed' && t.staffThread === null);
    for (const t of missing) await this.announce(t.code);
    return missing.length;
  }

  /** A notice for staff (a failed delivery, the daily overdue reminder). */
  async notifyStaff(key: string, text: string, code: string | null = null): Promise<void> {
    if (!this.deps.staffChat) return;
    await this.deps.queue.enqueue({ key, channel: 'staff', parts: [{ op: 'message', code, text } satisfies StaffPart] });
  }
}

/**
 * The delivery key of a staff answer given with `key` (the queue's job state tells whether it was
 * sent). The code in it lets a failed delivery be reported in the ticket's own thread and history.
 */
export function replyJobKey(code: string, key: string): string {
  return `reply:${code}:${key}`;
}

/** A notice to a member: one part with the reply; the sender offers its choices when it sends it. */
function toMember(conversationId: string, key: string, reply: Reply, formOpenHint: string, choicesOpenHint: string, plainText?: string): DeliveryJob {
  return { key, channel: memberChannel(conversationId), parts: [{ conversationId, reply, notice: true, formOpenHint, choicesOpenHint, ...(plainText ? { plainText } : {}) } satisfies MemberPart] };
}
