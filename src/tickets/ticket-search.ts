import { fold } from '../knowledge/normalize.js';
import type { Ticket } from './ticket.js';

/**
 * What the staff queue's search looks in, folded (no case, no diacritics), each word after a space:
 * the code, the cooperative and the content. Stores keep it beside the ticket and refresh it on
 * every change, so an anonymised ticket is no longer found by what the member wrote.
 */
export function ticketSearchText(ticket: Pick<Ticket, 'code' | 'cooperative' | 'content'>): string {
  return ` ${fold(`${ticket.code} ${ticket.cooperative ?? ''} ${ticket.content}`)}`;
}

/** The words of a search, folded, each to be found at the start of a word of {@link ticketSearchText}; none for a blank search. */
export function searchWords(text: string | undefined): string[] {
  return text === undefined ? [] : fold(text).split(' ').filter((w) => w !== '').slice(0, 10);
}
