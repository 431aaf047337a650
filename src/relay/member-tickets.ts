import type { MemberTicketsPort } from '../conversation/tickets-port.js';
import type { PhotoStore } from '../storage/ports.js';
import type { TicketService } from '../tickets/ticket-service.js';
import type { TicketRelay } from './ticket-relay.js';

/**
 * What a member's turn may do with tickets, each write together with the deliveries it causes:
 * a filed ticket with its announcement to staff, a follow-up with its post in the staff chat.
 * Without a relay (the `ask` command line, tests of the core) nothing is sent.
 */
export function memberTickets(tickets: TicketService, relay?: TicketRelay, photos?: Pick<PhotoStore, 'remove'>): MemberTicketsPort {
  return {
    file: (draft, submissionKey) => tickets.file(draft, { submissionKey, jobs: relay && ((t) => relay.announceJobs(t)) }),
    listOfMember: (memberId) => tickets.listOfMember(memberId),
    ofMember: (memberId, code) => tickets.ofMember(memberId, code),
    history: (code) => tickets.history(code),
    memberMessage: (code, memberId, recorded, post) => tickets.memberMessage(code, memberId, recorded, relay && (() => relay.followUpJobs(code, post.text, post.photo))),
    rate: (code, memberId, rating) => tickets.rate(code, memberId, rating),
    reopen: (code, memberId) => tickets.reopen(code, { kind: 'member', memberId }, relay && ((t) => relay.memberReopenedJobs(t))),
    // The photos members sent with their tickets go with /forget (Decree 13/2023: erased, not only unlinked).
    anonymiseMember: (memberId) => tickets.anonymiseMember(memberId, photos && ((id) => photos.remove(id))),
  };
}
