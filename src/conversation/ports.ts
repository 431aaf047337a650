import type { Entry } from '../knowledge/entry.js';
import type { SearchOutcome } from '../knowledge/search.js';
import type { Topic } from '../knowledge/topics.js';
import type { Locale } from './session.js';
import type { FlowsPort, MemberTicketsPort } from './tickets-port.js';

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

/** Stored sessions, keyed by conversation id; values are opaque to the store. */
export interface SessionStore {
  load(conversationId: string): Promise<unknown>;
  save(conversationId: string, session: unknown): Promise<void>;
  delete(conversationId: string): Promise<void>;
}

/** Everything the engine needs, passed in: no platform, no database. */
export interface EngineDeps {
  knowledge: KnowledgePort;
  flows: FlowsPort;
  tickets: MemberTicketsPort;
  now: () => Date;
  translator: (locale: Locale) => Translate;
  defaultLocale: Locale;
}
