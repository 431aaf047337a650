import { z } from 'zod';
import { TOPICS, type Topic } from '../knowledge/topics.js';

/**
 * A member's consent to receive announcements: the topics chosen, their commune (null: any), the
 * language to write in, and when they agreed. `blockedAt` is set when the platform said the member
 * blocked the bot: they are skipped until they subscribe again.
 */
export interface Subscription {
  /** The conversation id, which names the channel: `telegram:123`, `zalo:abc`, `web:xyz`. */
  memberId: string;
  topics: Topic[];
  commune: string | null;
  locale: 'vi' | 'en';
  /** When the member agreed (ISO time). */
  consentAt: string;
  blockedAt?: string;
}

/** Who an announcement goes to among the subscribers: everyone, or those of one topic and/or one commune. */
export interface SubscriberFilter {
  topic?: Topic;
  commune?: string;
}

/** Stored subscriptions; one per member. */
export interface SubscriptionStore {
  get(memberId: string): Promise<Subscription | undefined>;
  /** Stores the subscription, replacing the member's previous one (a new consent clears `blockedAt`). */
  save(subscription: Subscription): Promise<void>;
  /** Erases it (/unsubscribe, /forget); false when there was none. */
  remove(memberId: string): Promise<boolean>;
  /** Marks the member as having blocked the bot (nothing when not subscribed). */
  markBlocked(memberId: string, at: string): Promise<void>;
  /** Subscribers not blocked that match the filter, by member id. */
  active(filter?: SubscriberFilter): Promise<Subscription[]>;
}

/** The stored shape, checked when read back. */
export const subscriptionSchema = z.object({
  memberId: z.string().min(1).max(200),
  topics: z.array(z.enum(TOPICS)).min(1),
  commune: z.string().max(200).nullable(),
  locale: z.enum(['vi', 'en']),
  consentAt: z.string(),
  blockedAt: z.string().optional(),
});

/** True when a subscription is reached by the filter (and the member has not blocked the bot). */
export function matches(s: Subscription, filter: SubscriberFilter = {}): boolean {
  if (s.blockedAt) return false;
  if (filter.topic && !s.topics.includes(filter.topic)) return false;
  if (filter.commune && s.commune !== filter.commune) return false;
  return true;
}

/** By member id, so every store lists subscribers in the same order. */
export const byMember = (a: Subscription, b: Subscription): number => (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0);
