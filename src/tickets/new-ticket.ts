import type { Ticket } from './ticket.js';
import type { TicketDraft } from './ticket-store.js';

/** A fresh ticket from a member's draft, state "new". */
export function newTicket(code: string, draft: TicketDraft, at: Date): Ticket {
  const iso = at.toISOString();
  return {
    ...draft,
    code,
    state: 'new',
    assignee: null,
    rating: null,
    staffThread: null,
    createdAt: iso,
    updatedAt: iso,
    firstAnsweredAt: null,
    closedAt: null,
    anonymised: false,
    memberWroteAgain: false,
  };
}
