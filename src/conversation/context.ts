import type { Effect } from './effects.js';
import type { EngineDeps, Translate } from './ports.js';
import type { Reply } from './reply.js';
import type { Locale, Session } from './session.js';

/** What a handler works with: the session (which it may change), the member's language, the deps. */
export interface TurnContext {
  /** The conversation the message came from (the member's identity for tickets). */
  conversationId: string;
  session: Session;
  locale: Locale;
  t: Translate;
  deps: EngineDeps;
  effects: Effect[];
  /** At most this many choices under an answer on this channel; unset: no limit. */
  maxAnswerChoices?: number;
  /** Whether the channel shows choices as buttons (else a numbered list). */
  buttons: boolean;
}

export type Handler = (ctx: TurnContext) => Reply[] | Promise<Reply[]>;
