import type { Ticket, TicketEvent } from '../tickets/ticket.js';
import type { TicketDraft } from '../tickets/ticket-store.js';
import type { Conference, CommuneMatch, FormDef } from './forms/form-definition.js';
import type { Organisation } from './organisation.js';
import type { SmallTalk } from './small-talk.js';

/** What the core may do with tickets on a member's behalf (a member only reaches their own). */
export interface MemberTicketsPort {
  /** Files once per submission key (a retry returns the first ticket); staff are told in the same write. */
  file(draft: TicketDraft, submissionKey: string): Promise<Ticket>;
  listOfMember(memberId: string): Promise<Ticket[]>;
  /** The member's own ticket, or undefined (also for another member's code). */
  ofMember(memberId: string, code: string): Promise<Ticket | undefined>;
  history(code: string): Promise<TicketEvent[]>;
  /**
   * Adds what the member wrote to their open ticket (`recorded` in its history) and passes it on to
   * staff (`post`: the text and/or the photo), together.
   */
  memberMessage(code: string, memberId: string, recorded: string, post: { text: string | null; photo: string | null }): Promise<{ ok: boolean }>;
  rate(code: string, memberId: string, rating: number): Promise<{ ok: boolean }>;
  /** The owner reopens their closed ticket; staff are told in the ticket's thread, together. */
  reopen(code: string, memberId: string): Promise<{ ok: boolean }>;
  /** Erases the member's personal data from their tickets; returns how many. */
  anonymiseMember(memberId: string): Promise<number>;
}

/** Forms, communes, conferences and the organisation from flows/. */
export interface FlowsPort {
  forms: Record<FormDef['id'], FormDef>;
  organisation: Organisation;
  /** Greetings, thanks, "who are you", asking for a person… (flows/small-talk.yaml). */
  smallTalk: { match(text: string): SmallTalk | undefined };
  /** Every conference of the calendar, in file order. */
  conferences: readonly Conference[];
  matchCommune(text: string): CommuneMatch;
  /** The next conference still taking concerns at `now`, if any. */
  nextOpenConference(now: Date): Conference | undefined;
}
