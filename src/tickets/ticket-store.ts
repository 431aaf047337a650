import type { DeliveryJob } from '../delivery/delivery-job.js';
import type { Topic } from '../knowledge/topics.js';
import type { Ticket, TicketEvent, TicketKind, TicketState, Urgency } from './ticket.js';

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

/**
 * One page of the staff queue. Filters combine (all must hold); an absent filter lets every ticket
 * through. The order is overdue first, then oldest first (the order of `queueOrder`), then by code.
 */
export interface TicketQuery {
  /** Only tickets in one of these states (the open queue: new, in-progress, answered). */
  states?: TicketState[];
  kind?: TicketKind;
  topic?: Topic;
  commune?: string;
  urgency?: Urgency;
  /** A staff member's name; null for tickets nobody has taken. */
  assignee?: string | null;
  /** Only tickets whose member wrote again since staff last answered. */
  memberWroteAgain?: true;
  /**
   * Words that must each begin a word of the ticket's code, cooperative or content, compared
   * without case or diacritics ("dong tam" finds "HTX Đồng Tâm", "KK-2026-0012" finds that ticket).
   */
  text?: string;
  /**
   * The service-level cutoff (ISO instant, from the service-level rule): an open ticket staff have
   * not answered yet, created before it, is overdue and comes first. Without it, oldest first.
   */
  overdueBefore?: string;
  offset: number;
  limit: number;
}

/** The tickets of one page, and how many match the query in all. */
export interface TicketPage {
  tickets: Ticket[];
  total: number;
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
  /** Every ticket, oldest first (export, statistics). */
  all(): Promise<Ticket[]>;
  /** One page of the tickets a query matches, overdue first then oldest, with the number matching in all. */
  page(query: TicketQuery): Promise<TicketPage>;
  /** The ticket whose staff-chat topic (or announcing message) this is. */
  byStaffThread(chatId: number, ref: { topicId?: number; messageId?: number }): Promise<Ticket | undefined>;
}
