import { handle } from './engine.js';
import type { Effect } from './effects.js';
import type { InboundMessage } from './inbound.js';
import type { EngineDeps, SessionStore } from './ports.js';
import type { Choice, Reply } from './reply.js';
import { restoreSession } from './session.js';

export interface ConversationServiceDeps {
  engine: EngineDeps;
  sessions: SessionStore;
  /** Called with what the engine asked to record (e.g. search outcomes). */
  onEffects?: (conversationId: string, effects: Effect[]) => void | Promise<void>;
}

/**
 * Runs the engine around the stored session. Messages of one conversation are handled one after
 * another in this process, so two quick taps cannot overwrite each other's session.
 */
export class ConversationService {
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: ConversationServiceDeps) {}

  handle(message: InboundMessage): Promise<Reply[]> {
    return this.serialised(message.conversationId, () => this.turn(message));
  }

  /**
   * Records choices offered outside a turn (a staff answer, a rating request), so that a member on
   * a channel without buttons can answer with the number. Serialised with the member's turns. A form
   * being filled in keeps its own choices: nothing is recorded and the result is false.
   */
  offer(conversationId: string, choices: Choice[]): Promise<boolean> {
    return this.serialised(conversationId, () => offerChoicesIn(this.deps.sessions, conversationId, choices));
  }

  private serialised<T>(id: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(id) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    this.queues.set(id, next);
    void next
      .finally(() => {
        if (this.queues.get(id) === next) this.queues.delete(id);
      })
      .catch(() => undefined);
    return next;
  }

  private async turn(message: InboundMessage): Promise<Reply[]> {
    const session = restoreSession(await this.deps.sessions.load(message.conversationId));
    const outcome = await handle(message, session, this.deps.engine);
    if (outcome.effects.some((e) => e.type === 'forget-member')) await this.deps.sessions.delete(message.conversationId);
    else await this.deps.sessions.save(message.conversationId, outcome.session);
    if (outcome.effects.length > 0) await this.deps.onEffects?.(message.conversationId, outcome.effects);
    return outcome.replies;
  }
}

/** Stores choices offered outside a turn into a member's session, unless a form is open (then false). */
export async function offerChoicesIn(sessions: SessionStore, conversationId: string, choices: Choice[]): Promise<boolean> {
  const session = restoreSession(await sessions.load(conversationId));
  if (session.form) return false;
  session.choices = choices;
  await sessions.save(conversationId, session);
  return true;
}
