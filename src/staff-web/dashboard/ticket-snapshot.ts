import type { Ticket } from '../../tickets/ticket.js';
import type { TicketChanges } from '../live/ticket-changes.js';

/**
 * Every ticket, read again only when the store's change number moved (any process, the CLI too, moves
 * it on every filing and change): the dashboard of a quiet hour does not parse 50,000 tickets for each
 * view. Never stale: the number is read before the tickets, so a change during the read only costs
 * one more read next time.
 */
export function ticketSnapshot(tickets: { all(): Promise<Ticket[]> }, changes: TicketChanges): { all(): Promise<Ticket[]> } {
  let cached: { version: number; tickets: Promise<Ticket[]> } | undefined;
  return {
    async all() {
      const version = await changes.version();
      if (cached?.version !== version) {
        const read = tickets.all();
        cached = { version, tickets: read };
        read.catch(() => {
          if (cached?.tickets === read) cached = undefined;
        });
      }
      return cached.tickets;
    },
  };
}
