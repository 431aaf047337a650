import type { Entry } from '../knowledge/entry.js';
import type { SearchOutcome } from '../knowledge/search.js';
import type { Topic } from '../knowledge/topics.js';
import type { Locale } from './session.js';
import type { FlowsPort, MemberTicketsPort } from './tickets-port.js';
import type { SubscriptionStore } from '../subscriptions/subscription.js';
import type { MemberProfile } from '../profile/profile.js';

/** Interface strings in one language (an i18next fixed translator behind it). */
export type Translate = (key: string, vars?: Record<string, string | number>) => string;

/** The policy knowledge base as the core sees it. */
export interface KnowledgePort {
  /** Ranks entries for a question; the rule in force on `now`'s day leads over history. */
  search(question: string, now: Date): SearchOutcome;
  get(id: string): Entry | undefined;
  /** Entries of one topic, in the order of the flow files. */
  byTopic(topic: Topic): Entry[];
  /** Topics that have at least one entry, in the fixed order. */
  topics(): Topic[];
}

/** A member's turn that was applied, remembered by the key of the message that caused it. */
export interface AppliedTurn {
  /** The platform's id of the message (a Telegram update id, a web message id). */
  key: string;
  /** What the member was answered, kept so a replay re-sends it instead of applying the turn again. */
  replies: unknown;
  /** The replies were sent (or handed to the durable queue): a replay sends nothing. */
  delivered?: boolean;
  /**
   * The process that applied the turn is sending its replies now: a replay that reaches another
   * process meanwhile sends nothing either (until `delivered`, or for a minute if that process died).
   */
  sending?: boolean;
}

/**
 * Stored sessions, keyed by conversation id; values are opaque to the store. Sessions idle longer
 * than the store's time to live are forgotten.
 */
export interface SessionStore {
  load(conversationId: string): Promise<unknown>;
  save(conversationId: string, session: unknown): Promise<void>;
  delete(conversationId: string): Promise<void>;
  /** The turn applied under this key, if any (within a day). */
  appliedTurn(key: string): Promise<AppliedTurn | undefined>;
  /** The session and, with a key, the turn applied under it: one read where the store allows. */
  loadTurn(conversationId: string, key: string | undefined): Promise<{ session: unknown; applied?: AppliedTurn }>;
  /** Saves the session (or deletes it, for null) and records the applied turn, together. */
  commit(conversationId: string, session: unknown, turn?: AppliedTurn): Promise<void>;
  /** Records that the applied turn's replies were sent (or queued). */
  markDelivered(key: string): Promise<void>;
  /** The turn's replies are not being sent after all (an error before sending): a replay may send them. */
  sendingStopped?(key: string): Promise<void>;
}

/** Runs one member's turns one at a time, across every process of the deployment. */
export interface ConversationLock {
  run<T>(conversationId: string, work: () => Promise<T>): Promise<T>;
}

/** What a member may do how often; each limit reached gets a polite reply, never a silent drop. */
export type LimitKind = 'message' | 'ticket' | 'follow-up' | 'subscription';

/** Counts a member's actions across processes; false when the limit for this subject is reached. */
export interface LimitsPort {
  take(kind: LimitKind, subject: string): Promise<boolean>;
  /** The configured maximum, for the reply ("5 a day"). */
  max(kind: LimitKind): number;
}

/** Everything the engine needs, passed in: no platform, no database. */
export interface EngineDeps {
  knowledge: KnowledgePort;
  flows: FlowsPort;
  tickets: MemberTicketsPort;
  now: () => Date;
  translator: (locale: Locale) => Translate;
  defaultLocale: Locale;
  /** Unset: no limits (tests of the core, the `ask` command line). */
  limits?: LimitsPort;
  /** Members' subscriptions to announcements; unset: /subscribe says it is not offered here. */
  subscriptions?: SubscriptionsPort;
  /** Conversations on several channels linked into one member (/link); unset: /link is not offered. */
  identity?: IdentityPort;
  /** The member's profile (/profile), kept once per linked member; unset: not offered. */
  profiles?: ProfilesPort;
}

/** What sending a /link code on another conversation did. */
export type RedeemOutcome =
  | { outcome: 'linked'; conversations: string[] }
  /** Not a live code (wrong, used or expired): the member may try again, up to the limit. */
  | { outcome: 'invalid'; left: number }
  /** Too many wrong codes this hour from this conversation. */
  | { outcome: 'limited'; max: number }
  /** The code was given on this same conversation. */
  | { outcome: 'own' }
  /** The two conversations were linked already. */
  | { outcome: 'already' };

/** One member's conversations on several channels (Zalo, Telegram, the web chat) linked into one. */
export interface IdentityPort {
  /** This member's conversation ids, this one first (only itself when not linked). */
  linked(conversationId: string): Promise<string[]>;
  /** The member wrote from this conversation (answers from staff go to the one used last). */
  seen(conversationId: string): Promise<void>;
  /** A new six-digit code, valid for `minutes`, to send on another conversation; `replaced`: a live code given before stopped working. */
  issue(conversationId: string, locale: Locale): Promise<{ code: string; minutes: number; replaced: boolean }>;
  /** The member sent a code here: links this conversation to the one that asked for it (confirmed there too). */
  redeem(conversationId: string, code: string): Promise<RedeemOutcome>;
  /** Separates this conversation from the member's others, which are told (in `locale`); returns them (empty: it was not linked). */
  unlink(conversationId: string, locale?: Locale): Promise<string[]>;
  /** Erases the links and codes of this member (/forget). */
  forget(conversationId: string): Promise<void>;
}

/** The member's profile, found through any of their linked conversations. */
export interface ProfilesPort {
  get(conversationId: string): Promise<MemberProfile | undefined>;
  save(conversationId: string, profile: MemberProfile): Promise<void>;
  /** Erases it; false when there was none. */
  erase(conversationId: string): Promise<boolean>;
}

/** What the core does with a member's own subscription to announcements. */
export type SubscriptionsPort = Pick<SubscriptionStore, 'get' | 'save' | 'remove'>;
