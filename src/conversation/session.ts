import { z } from 'zod';
import type { Choice } from './reply.js';
import type { FormState } from './forms/form-state.js';
import { TOPICS, type Topic } from '../knowledge/topics.js';
import type { ProfileField } from '../profile/profile.js';
import type { ProfileAnswers } from './handlers/profile.js';

export const SESSION_VERSION = 3;

export type Locale = 'vi' | 'en';

/** What the bot remembers about one conversation between messages. */
export interface Session {
  v: typeof SESSION_VERSION;
  /** The language the member chose; unset until they choose (then the platform hint or default). */
  locale?: Locale;
  /** The choices last offered, so that "2" or the words of a choice are understood. */
  choices: Choice[];
  /** The last question searched, with personal data masked, so 👍/👎 can be stored with it. */
  lastQuestion?: string;
  /** A form being filled in (kept until sent or cancelled, so the member can come back to it). */
  form?: FormState;
  /** The ticket the member's next message is added to. */
  followUp?: string;
  /** A subscription to announcements being chosen (/subscribe): topics, then the commune, then consent. */
  subscribe?: SubscribeState;
  /** The profile field the member chose to change (/profile): their next text is its value. */
  profile?: { field: ProfileField };
  /** A filed form's answers the member may save to their profile with one tap. */
  profileOffer?: ProfileAnswers;
}

/** Where /subscribe stands: the topics ticked so far, then the commune (null: any), then the consent. */
export interface SubscribeState {
  step: 'topics' | 'commune' | 'consent';
  topics: Topic[];
  commune?: string | null;
}

const sessionSchema = z.object({
  v: z.literal(SESSION_VERSION),
  locale: z.enum(['vi', 'en']).optional(),
  choices: z.array(z.object({ id: z.string(), label: z.string() })).max(50),
  lastQuestion: z.string().max(2000).optional(),
  form: z
    .object({
      id: z.enum(['concern', 'difficulty', 'question']),
      step: z.number().int().min(0),
      phase: z.enum(['fill', 'confirm', 'pick-field']),
      answers: z.record(z.string(), z.union([z.string(), z.array(z.string()), z.boolean(), z.null()])),
      backToSummary: z.boolean(),
      unmatchedCommune: z.string().optional(),
      submissionKey: z.string().max(64).optional(),
      prefill: z.record(z.string(), z.string().max(200)).optional(),
      paused: z.boolean().optional(),
    })
    .optional(),
  followUp: z.string().max(20).optional(),
  subscribe: z
    .object({
      step: z.enum(['topics', 'commune', 'consent']),
      topics: z.array(z.enum(TOPICS)).max(TOPICS.length),
      commune: z.string().max(200).nullable().optional(),
    })
    .optional(),
  profile: z.object({ field: z.enum(['name', 'cooperative', 'commune', 'role', 'phone']) }).optional(),
  profileOffer: z
    .object({
      cooperative: z.string().max(200).optional(),
      commune: z.string().max(200).optional(),
      role: z.enum(['manager', 'member', 'other']).optional(),
      phone: z.string().max(20).optional(),
    })
    .optional(),
});

export function newSession(): Session {
  return { v: SESSION_VERSION, choices: [] };
}

/**
 * Turns stored data back into a session. Data from an older or unknown shape is not trusted:
 * the member starts afresh, keeping only the language if it can still be read.
 */
export function restoreSession(stored: unknown): Session {
  const parsed = sessionSchema.safeParse(stored);
  if (parsed.success) return parsed.data;
  const fresh = newSession();
  const locale = z.object({ locale: z.enum(['vi', 'en']) }).safeParse(stored);
  if (locale.success) fresh.locale = locale.data.locale;
  return fresh;
}
