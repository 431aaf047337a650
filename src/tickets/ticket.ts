import type { Topic } from '../knowledge/topics.js';

/** Three kinds of ticket, one model. */
export type TicketKind = 'concern' | 'difficulty' | 'question';

/** new → in-progress → answered → closed; a closed ticket can be reopened (back to in-progress). */
export type TicketState = 'new' | 'in-progress' | 'answered' | 'closed';

/** Reference prefixes: KN-2026-0001 (kiến nghị), KK-2026-0001 (khó khăn), CH-2026-0001 (câu hỏi). */
export const KIND_PREFIX: Record<TicketKind, string> = { concern: 'KN', difficulty: 'KK', question: 'CH' };

export type MemberRole = 'manager' | 'member' | 'other';
export type Urgency = 'normal' | 'urgent';

/** Where a ticket lives in the Telegram staff chat (a forum topic of its own, or a message). */
export interface StaffThread {
  chatId: number;
  /** message_thread_id of the ticket's forum topic, when the group has topics. */
  topicId?: number;
  /** The message that announced the ticket (replies to it reach the member). */
  messageId?: number;
}

/**
 * One ticket. Personal data (memberId, phone, cooperative, content, photos, question) is erased
 * by /forget: the ticket stays, anonymised, for the statistics.
 */
export interface Ticket {
  code: string;
  kind: TicketKind;
  state: TicketState;
  /** The member's conversation (e.g. telegram:123, web:abc); null once the member asked to be forgotten. */
  memberId: string | null;
  locale: 'vi' | 'en';
  topic: Topic | null;
  cooperative: string | null;
  role: MemberRole | null;
  commune: string | null;
  content: string;
  /** +84… normalised, only with consent. */
  phone: string | null;
  consentToContact: boolean;
  urgency: Urgency | null;
  /** Photo references (Telegram file_id or a URL), in order. */
  photos: string[];
  conferenceId: string | null;
  assignee: string | null;
  rating: number | null;
  staffThread: StaffThread | null;
  createdAt: string;
  updatedAt: string;
  /** When staff first answered (for the service level). */
  firstAnsweredAt: string | null;
  closedAt: string | null;
  anonymised: boolean;
  /**
   * The member wrote again after staff last answered (or since filing, before any answer); a staff
   * reply clears it. Stored tickets from before this field read as false.
   */
  memberWroteAgain: boolean;
}

export type TicketEventType =
  | 'created'
  | 'member-message'
  | 'staff-reply'
  /** The answer given to a concern at the dialogue conference (also sent to the member). */
  | 'conference-answer'
  | 'note'
  | 'taken'
  | 'closed'
  | 'reopened'
  | 'rated'
  | 'anonymised'
  | 'delivery-failed'
  /** Staff gave the ticket to an account (the text is its name). */
  | 'assigned'
  /** Staff changed the ticket's topic (the text is the new topic's id). */
  | 'topic-changed';

/** One line of a ticket's history: who did what, when. The audit trail. */
export interface TicketEvent {
  code: string;
  at: string;
  /** "member", "staff:<name or id>", or "system". */
  actor: string;
  type: TicketEventType;
  text: string | null;
}
