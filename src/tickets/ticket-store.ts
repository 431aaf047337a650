import type { DeliveryJob } from '../delivery/delivery-job.js';
import type { Ticket, TicketEvent } from './ticket.js';

/** What a member's form produces; the store adds the reference, state and dates. */
export type TicketDraft = Pick<
  Ticket,
  'kind' | 'memberId' | 'locale' | 'topic' | 'cooperative' | 'role' | 'commune' | 'content' | 'phone' | 'consentToContact' | 'urgency' | 'photos' | 'conferenceId'
>;

/** How a ticket is created: once per submission, with the deliveries its filing causes. */
export interface CreateOptions {
  /**
   * The member's submission: filing the same submission again (a retry after a crash, two processes
   * at once) returns the ticket filed the first time instead of a second one.
   */
  submissionKey?: string;
  /** The deliveries the new ticket causes (its announcement to staff), written in the same transaction. */
  jobs?: (ticket: Ticket) => DeliveryJob[];
}

/** Tickets and their history. One port, a SQLite and a Redis adapter, one contract suite. */
export interface TicketStore {
  /**
   * Creates the ticket with the next reference of its kind and year (unique under concurrency), its
   * "created" event and its jobs, together; or returns the ticket of an earlier identical submission.
   */
  create(draft: TicketDraft, at: Date, options?: CreateOptions): Promise<Ticket>;
  get(code: string): Promise<Ticket | undefined>;
  /** Saves the changed ticket, appends its events and writes the deliveries they cause, together. */
  update(ticket: Ticket, events: TicketEvent[], jobs?: DeliveryJob[]): Promise<void>;
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
