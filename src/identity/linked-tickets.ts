import type { IdentityPort } from '../conversation/ports.js';
import type { MemberTicketsPort } from '../conversation/tickets-port.js';

/**
 * A member's tickets across their linked conversations: /status lists the tickets filed from any of
 * them, and a ticket filed on Zalo can be followed up, reopened or rated from Telegram. Each ticket
 * keeps the conversation it was filed from as its owner; /forget erases each conversation's own.
 */
export function linkedTickets(port: MemberTicketsPort, identity: Pick<IdentityPort, 'linked'>): MemberTicketsPort {
  /** The member's conversation that owns the ticket, or this one (which then finds nothing). */
  const owner = async (memberId: string, code: string): Promise<string> => {
    for (const id of await identity.linked(memberId)) if (await port.ofMember(id, code)) return id;
    return memberId;
  };
  return {
    ...port,
    async listOfMember(memberId) {
      const lists = await Promise.all((await identity.linked(memberId)).map((id) => port.listOfMember(id)));
      // Newest first, like one conversation's list.
      return lists.flat().sort((a, b) => (a.createdAt !== b.createdAt ? (a.createdAt < b.createdAt ? 1 : -1) : a.code < b.code ? 1 : -1));
    },
    ofMember: async (memberId, code) => port.ofMember(await owner(memberId, code), code),
    memberMessage: async (code, memberId, recorded, post) => port.memberMessage(code, await owner(memberId, code), recorded, post),
    rate: async (code, memberId, rating) => port.rate(code, await owner(memberId, code), rating),
    reopen: async (code, memberId) => port.reopen(code, await owner(memberId, code)),
  };
}
