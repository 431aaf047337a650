import type { Reply } from '../conversation/reply.js';

/** A message to a member, on the channel their conversation id names (telegram:, web:, zalo:). */
export interface MemberPart {
  conversationId: string;
  reply: Reply;
}

/** Something to do in the Telegram staff chat for a ticket. */
export type StaffPart =
  | { op: 'open-topic'; code: string; name: string }
  | { op: 'announce'; code: string; text: string }
  | { op: 'message'; code: string | null; text: string }
  | { op: 'photo'; code: string; photo: string; caption?: string };

/** The delivery channel of a member's conversation id. */
export function memberChannel(conversationId: string): string {
  return conversationId.slice(0, conversationId.indexOf(':'));
}
