import type { Ticket, TicketEvent } from './ticket.js';

/** What a member's form produces; the store adds the reference, state and dates. */
export type TicketDraft = Pick<
  Ticket,
  'kind' | 'memberId' | 'locale' | 'topic' | 'cooperative' | 'role' | 'commune' | 'content' | 'phone' | 'consentToContact' | 'urgency' | 'photos' | 'conferenceId'
>;

/** Tickets and their history. One port, a SQLite and a Redis adapter, one contract suite. */
export interface TicketStore {
  /** Creates the ticket with the next reference of its kind and year (unique under concurrency) and its "created" event. */
  create(draft: TicketDraft, at: Date): Promise<Ticket>;
  get(code: string): Promise<Ticket | undefined>;
  /** Saves the changed ticket and appends its events, together. */
  update(ticket: Ticket, events: TicketEvent[]): Promise<void>;
  history(code: string): Promise<TicketEvent[]>;
  /** Blanks the text of the member's own events (what they wrote): part of /forget. */
  eraseMemberTexts(code: string): Promise<void>;
  /** A member's tickets, newest first. */
  byMember(memberId: string): Promise<Ticket[]>;
  /** Every ticket, oldest first (export, statistics, the queue). */
  all(): Promise<Ticket[]>;
  /** The ticket whose staff-chat topic (or announcing message) this is. */
  byStaffThread(chatId: number, ref: { topicId?: number; messageId?: number }): Promise<Ticket | undefined>;
}
