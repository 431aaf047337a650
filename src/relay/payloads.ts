import type { Reply } from '../conversation/reply.js';
import { renderPlain } from '../channels/render-text.js';

/** A message to a member, on the channel their conversation id names (telegram:, web:, zalo:). */
export interface MemberPart {
  conversationId: string;
  reply: Reply;
  /**
   * Sent outside the member's turn (a staff answer, a rating request): its choices are offered when
   * it is sent, unless the member is filling in a form, whose choices it must not replace.
   */
  notice?: boolean;
  /** Said instead of the numbered choices when a form is open (channels without buttons). */
  formOpenHint?: string;
  /**
   * Said instead of the numbered choices of a notice that waited for the member (Zalo OA) when the
   * member's own last turn showed choices: those keep their numbers.
   */
  choicesOpenHint?: string;
  /** The notice's text when its choices go without numbers (default: the reply's; it must not ask to type a number then). */
  plainText?: string;
}

/** One platform message already rendered as text (Zalo: no buttons, ≤ 2,000 characters). */
export interface TextPart {
  conversationId: string;
  text: string;
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

/**
 * The delivery parts for replies to a member. On Zalo each platform message is its own part, so a
 * retry after message 2 of 3 failed resumes at message 2 and never repeats message 1.
 */
export function memberParts(conversationId: string, replies: Reply[]): Array<MemberPart | TextPart> {
  if (memberChannel(conversationId) !== 'zalo') return replies.map((reply) => ({ conversationId, reply }));
  return replies.flatMap((reply) => renderPlain(reply, { buttons: false, maxTextLength: 2000 }).map((text) => ({ conversationId, text })));
}
