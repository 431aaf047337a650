import { z } from 'zod';
import { TOPICS } from '../knowledge/topics.js';

/** Who an announcement goes to: every subscriber, those of a topic, of a commune, or the subscribers who filed concerns for a conference. */
export const audienceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  z.object({ kind: z.literal('topic'), topic: z.enum(TOPICS) }),
  z.object({ kind: z.literal('commune'), commune: z.string().trim().min(1).max(200) }),
  z.object({ kind: z.literal('conference'), conferenceId: z.string().trim().min(1).max(100) }),
]);
export type Audience = z.infer<typeof audienceSchema>;

/** draft → scheduled → sending → done; a draft or scheduled one can be cancelled before it starts. */
export type AnnouncementStatus = 'draft' | 'scheduled' | 'sending' | 'done' | 'cancelled';

/** What staff write: the text, an optional photo address and link, the audience. */
export const announcementInputSchema = z.object({
  text: z.string().trim().min(1).max(3500),
  photo: z.string().trim().url().max(1000).nullable().default(null),
  link: z.string().trim().url().max(1000).nullable().default(null),
  audience: audienceSchema,
});
export type AnnouncementInput = z.infer<typeof announcementInputSchema>;

/** One announcement and where its sending stands. */
export interface Announcement extends AnnouncementInput {
  id: string;
  status: AnnouncementStatus;
  createdBy: string;
  createdAt: string;
  /** When it is to be sent (ISO); null for a draft. */
  sendAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  /** The number of recipients, fixed when sending starts (their list is stored then). */
  recipients: number | null;
  /** Every recipient's delivery was handed to the queue (a restart before that hands them again; the queue ignores known keys). */
  enqueued: boolean;
}

/** A recipient's outcome: waiting in the queue, sent, given up, or the member blocked the bot. */
export type RecipientOutcome = 'queued' | 'sent' | 'failed' | 'blocked';

export type OutcomeCounts = Record<RecipientOutcome, number>;

/** Stored announcements, their frozen recipient lists and each recipient's outcome. */
export interface AnnouncementStore {
  create(a: Omit<Announcement, 'id'>): Promise<Announcement>;
  get(id: string): Promise<Announcement | undefined>;
  /** Newest first. */
  list(limit: number): Promise<Announcement[]>;
  /** Applies `changes` and the new status only if the status is one of `from` (one step); the result, or undefined when refused. */
  transition(id: string, from: readonly AnnouncementStatus[], to: AnnouncementStatus, changes?: Partial<Pick<Announcement, 'sendAt' | 'startedAt' | 'finishedAt' | 'recipients' | 'enqueued'>>): Promise<Announcement | undefined>;
  /** Stores recipients as queued; ones already stored keep their outcome. */
  addRecipients(id: string, memberIds: readonly string[]): Promise<void>;
  /** The recipients still queued. */
  queuedRecipients(id: string): Promise<string[]>;
  /** Sets a queued recipient's outcome; once set it does not change (a job reported twice is counted once). */
  recordOutcome(id: string, memberId: string, outcome: Exclude<RecipientOutcome, 'queued'>): Promise<void>;
  counts(id: string): Promise<OutcomeCounts>;
}

export const emptyCounts = (): OutcomeCounts => ({ queued: 0, sent: 0, failed: 0, blocked: 0 });

/** The delivery key of an announcement to one member: a restart enqueues it again and the queue ignores it. */
export const announcementKey = (id: string, memberId: string): string => `announce:${id}:${memberId}`;

/** The announcement id and member of an announcement's delivery key, or undefined for another key. */
export function parseAnnouncementKey(key: string): { id: string; memberId: string } | undefined {
  const match = /^announce:([^:]+):(.+)$/.exec(key);
  return match ? { id: match[1]!, memberId: match[2]! } : undefined;
}
