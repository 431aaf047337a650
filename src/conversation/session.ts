import { z } from 'zod';
import type { Choice } from './reply.js';

export const SESSION_VERSION = 2;

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
}

const sessionSchema = z.object({
  v: z.literal(SESSION_VERSION),
  locale: z.enum(['vi', 'en']).optional(),
  choices: z.array(z.object({ id: z.string(), label: z.string() })).max(50),
  lastQuestion: z.string().max(2000).optional(),
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
