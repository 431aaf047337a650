import type { DeliveryJob } from '../delivery/delivery-job.js';

/** How long a code given by /link works. */
export const LINK_CODE_TTL_MS = 10 * 60 * 1000;

/** A code given by /link on one channel, to be sent on another. */
export interface LinkCode {
  /** Six digits. */
  code: string;
  /** The conversation that asked for it (`zalo:abc`, `telegram:123`, …). */
  conversationId: string;
  /** The language to confirm the link in on that conversation. */
  locale: 'vi' | 'en';
  /** When it was given (ISO); it works until `issuedAt` + {@link LINK_CODE_TTL_MS}. */
  issuedAt: string;
}

/** One conversation of a linked member, and when the member last wrote from it (ISO, null: not since linking). */
export interface LinkedConversation {
  conversationId: string;
  lastSeenAt: string | null;
}

/** The member a conversation belongs to: the member's id and all their conversations (one when not linked). */
export interface MemberLinks {
  /** `m:<uuid>` once linked; null for a conversation on its own. */
  memberId: string | null;
  conversations: LinkedConversation[];
}

/** A message for one of the member's other conversations, written when /unlink separates them. */
export interface UnlinkNotice {
  to: string;
  job: DeliveryJob;
}

/** What a redeemed code did. */
export interface Redeemed {
  memberId: string;
  /** The member's conversations before the link, each side (the keys their profile may be stored under). */
  issuerBefore: string;
  redeemerBefore: string;
}

/**
 * Conversations linked into one member across channels, and the codes that link them. Every change
 * is one step in the store (a SQLite transaction, a Redis script): a code is consumed once even by
 * two processes at once, and its link and its confirmation delivery are written together.
 */
export interface LinkStore {
  /** Stores a code; the conversation's previous code stops working. False when the digits are someone's live code already. */
  issue(code: LinkCode): Promise<boolean>;
  /** The live code with these digits, without consuming it. */
  peek(code: string, now: Date): Promise<LinkCode | undefined>;
  /** The conversation's live code (given by its last /link), if any. */
  codeOf(conversationId: string, now: Date): Promise<LinkCode | undefined>;
  /**
   * Consumes the code if it is still live and issued by `issuer`, links `redeemer` to the issuer's
   * member (a new member `newMemberId` if the issuer had none; the redeemer's other linked
   * conversations come along), marks the redeemer seen at `now`, and writes `jobs` to the delivery
   * outbox: all at once. Undefined when the code was consumed or expired meanwhile (nothing written).
   */
  redeem(code: LinkCode, redeemer: string, now: Date, newMemberId: string, jobs: DeliveryJob[]): Promise<Redeemed | undefined>;
  /** The member of a conversation with all their conversations, most recently seen first (itself alone when not linked). */
  links(conversationId: string): Promise<MemberLinks>;
  /** The member wrote from this conversation at `at` (nothing when it is not linked). */
  seen(conversationId: string, at: string): Promise<void>;
  /**
   * Separates the conversation from its member; a member left with one conversation is no longer
   * linked. Returns the others. In the same step, writes to the delivery outbox each notice whose
   * `to` is one of those others (the member's other conversations are told).
   */
  unlink(conversationId: string, notices?: UnlinkNotice[]): Promise<string[]>;
  /** Erases the member of this conversation: every link and every code of its conversations (/forget). */
  forget(conversationId: string): Promise<void>;
}

/** Most recently seen first; never seen last; then by id (the same order on both stores). */
export function byLastSeen(a: LinkedConversation, b: LinkedConversation): number {
  const at = a.lastSeenAt ?? '';
  const bt = b.lastSeenAt ?? '';
  if (at !== bt) return at < bt ? 1 : -1;
  return a.conversationId < b.conversationId ? -1 : a.conversationId > b.conversationId ? 1 : 0;
}

/** Whether the code is still live at `now`. */
export const isLive = (code: LinkCode, now: Date): boolean => Date.parse(code.issuedAt) + LINK_CODE_TTL_MS > now.getTime();
