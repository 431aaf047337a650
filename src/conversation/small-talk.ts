import { fold } from '../knowledge/normalize.js';

/** What a member says that is conversation, not a policy question. */
export type SmallTalkIntent = 'greeting' | 'thanks' | 'goodbye' | 'identity' | 'ack' | 'human' | 'rude';

/** The phrases of flows/small-talk.yaml, folded. */
export interface SmallTalkPhrases {
  particles: string[];
  intents: Record<'greeting' | 'thanks' | 'goodbye' | 'identity' | 'ack', string[]>;
  human: string[];
  rude: string[];
}

export interface SmallTalk {
  intent: SmallTalkIntent;
  /** What is left of the message once the small talk and polite particles are taken out (folded). */
  rest: string;
  /** The message was small talk only, or a greeting/thanks before a real question (`rest`). */
  questionFollows: boolean;
}

/** A bare number (or "số 7", "chọn 7") that the member typed as a choice. */
export function typedNumber(text: string): number | undefined {
  const m = /^(?:so |chon |#)?(\d{1,3})$/.exec(fold(text));
  return m ? Number(m[1]) : undefined;
}

/** When one message says several things, the strongest names the reply ("chào, cảm ơn" thanks). */
const PRIORITY: SmallTalkIntent[] = ['identity', 'thanks', 'goodbye', 'greeting', 'ack'];
/**
 * Intents that may come before a real question in the same message ("chào ad, …", "cảm ơn, cho hỏi
 * thêm …"). Not "ok", "không" or a particle: as first words they are as often part of the question
 * ("không thế chấp thì vay được bao nhiêu", "vậy htx…"), so such a message is searched whole.
 */
const OPENERS = new Set<SmallTalkIntent>(['greeting', 'thanks']);

/** Matches messages against the small-talk phrases; built once from flows/. */
export class SmallTalkMatcher {
  /** Phrases by their first word, longest first: a message's words are looked up, not every phrase tried. */
  private readonly openers: Map<string, Array<{ words: string[]; intent: SmallTalkIntent | 'particle' }>>;
  private readonly anywhere: Map<string, Array<{ words: string[]; intent: 'human' | 'rude' }>>;

  constructor(phrases: SmallTalkPhrases) {
    const words = (p: string) => fold(p).split(' ').filter(Boolean);
    const longestFirst = <T extends { words: string[] }>(list: T[]) => list.filter((x) => x.words.length > 0).sort((a, b) => b.words.length - a.words.length);
    this.openers = byFirstWord(
      longestFirst([
        ...Object.entries(phrases.intents).flatMap(([intent, list]) => list.map((p) => ({ words: words(p), intent: intent as SmallTalkIntent }))),
        ...phrases.particles.map((p) => ({ words: words(p), intent: 'particle' as const })),
      ]),
    );
    this.anywhere = byFirstWord(
      longestFirst([...phrases.human.map((p) => ({ words: words(p), intent: 'human' as const })), ...phrases.rude.map((p) => ({ words: words(p), intent: 'rude' as const }))]),
    );
  }

  /** The small talk in a message, or undefined when it is (only) a question for the knowledge base. */
  match(text: string): SmallTalk | undefined {
    const tokens = fold(text).split(' ').filter(Boolean);
    if (tokens.length === 0) return /\S/.test(text) ? { intent: 'ack', rest: '', questionFollows: false } : undefined;
    for (let at = 0; at < tokens.length; at++) {
      const phrase = this.anywhere.get(tokens[at]!)?.find((p) => startsWith(tokens, at, p.words));
      if (!phrase) continue;
      const rest = this.withoutParticles([...tokens.slice(0, at), ...tokens.slice(at + phrase.words.length)]);
      return { intent: phrase.intent, rest: rest.join(' '), questionFollows: false };
    }
    const found = new Set<SmallTalkIntent>();
    let i = 0;
    while (i < tokens.length) {
      const phrase = this.openers.get(tokens[i]!)?.find((p) => startsWith(tokens, i, p.words));
      if (!phrase) break;
      if (phrase.intent !== 'particle') found.add(phrase.intent);
      i += phrase.words.length;
    }
    const intent = PRIORITY.find((p) => found.has(p));
    if (!intent) return undefined;
    const rest = tokens.slice(i);
    // "bạn là ai vậy": a trailing particle after the small talk is still small talk.
    if (rest.length === 0 || this.withoutParticles(rest).length === 0) return { intent, rest: '', questionFollows: false };
    if ([...found].some((f) => OPENERS.has(f)) && [...found].every((f) => OPENERS.has(f) || f === 'ack')) return { intent, rest: rest.join(' '), questionFollows: true };
    return undefined;
  }

  private withoutParticles(tokens: string[]): string[] {
    const out: string[] = [];
    let i = 0;
    while (i < tokens.length) {
      const particle = this.openers.get(tokens[i]!)?.find((p) => p.intent === 'particle' && startsWith(tokens, i, p.words));
      if (particle) i += particle.words.length;
      else out.push(tokens[i++]!);
    }
    return out;
  }
}

function startsWith(tokens: string[], at: number, words: string[]): boolean {
  return words.every((w, k) => tokens[at + k] === w);
}

function byFirstWord<T extends { words: string[] }>(phrases: T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const p of phrases) map.set(p.words[0]!, [...(map.get(p.words[0]!) ?? []), p]);
  return map;
}
