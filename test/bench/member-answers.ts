import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { textWithNumberedChoices } from '../../src/channels/render-text.js';
import type { Effect } from '../../src/conversation/effects.js';
import { handle } from '../../src/conversation/engine.js';
import type { EngineDeps } from '../../src/conversation/ports.js';
import { newSession, type Session } from '../../src/conversation/session.js';

/**
 * Text as the facts checker compares it: lower case, no Vietnamese diacritics (đ → d), and every
 * character other than a letter, a digit, % or / turned into one space.
 */
export function factText(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[đð]/g, 'd')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^a-z0-9%/]+/g, ' ')
    .trim();
}

const phrase = z.string().min(1);
/** A fact: one phrasing, or several alternatives any of which will do. */
const fact = z.union([phrase, z.array(phrase).min(1)]);

export const factItemSchema = z.object({
  id: z.string().min(1),
  q: z.string().min(1),
  lang: z.enum(['vi', 'en']),
  must: z.array(fact).min(1),
  mustNot: z.array(phrase).default([]),
  basis: z.string().optional(),
});
export type FactItem = z.infer<typeof factItemSchema>;

export const conversationCaseSchema = z.object({
  id: z.string().min(1),
  kind: z.enum(['greeting', 'thanks', 'goodbye', 'identity', 'handoff', 'rude', 'unknown-number', 'unknown-word', 'ack']),
  lang: z.enum(['vi', 'en']),
  /** Messages sent one after another in one conversation; the last reply is checked. */
  turns: z.array(z.string().min(1)).min(1),
  must: z.array(fact).min(1),
  mustNot: z.array(phrase).default([]),
  /** Zalo shows choices as a numbered list, capped under an answer. */
  channel: z.enum(['web', 'zalo']).default('web'),
});
export type ConversationCase = z.infer<typeof conversationCaseSchema>;

export function loadJsonl<T>(path: string, schema: z.ZodType<T>): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((line, i) => {
      const parsed = schema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${path}:${i + 1}: ${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message}`);
      return parsed.data;
    });
}

export interface Turn {
  text: string;
  effects: Effect[];
}

/** Sends messages as a member would (a fresh conversation, the member's language) and returns the last reply as read. */
export async function ask(deps: EngineDeps, messages: string[], lang: 'vi' | 'en', channel: 'web' | 'zalo' = 'web'): Promise<Turn> {
  let session: Session = { ...newSession(), locale: lang };
  let last: Turn = { text: '', effects: [] };
  for (const text of messages) {
    const out = await handle({ kind: 'text', text, conversationId: `bench:${channel}`, maxAnswerChoices: channel === 'zalo' ? 5 : undefined }, session, deps);
    session = out.session;
    last = { text: out.replies.map((r) => textWithNumberedChoices(r)).join('\n\n'), effects: out.effects };
  }
  return last;
}

export interface Verdict {
  id: string;
  ok: boolean;
  missing: string[];
  banned: string[];
}

/** Does the text state every fact (one of its phrasings) and none of the banned phrases? */
export function judge(id: string, text: string, must: FactItem['must'], mustNot: string[]): Verdict {
  const t = ` ${factText(text)} `;
  const has = (p: string) => t.includes(factText(p));
  const missing = must.filter((f) => !(Array.isArray(f) ? f : [f]).some(has)).map((f) => (Array.isArray(f) ? f.join(' | ') : f));
  const banned = mustNot.filter(has);
  return { id, ok: missing.length === 0 && banned.length === 0, missing, banned };
}
