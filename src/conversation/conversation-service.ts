import { handle } from './engine.js';
import type { Effect } from './effects.js';
import type { InboundMessage } from './inbound.js';
import type { EngineDeps, SessionStore } from './ports.js';
import type { Reply } from './reply.js';
import { restoreSession } from './session.js';

export interface ConversationServiceDeps {
  engine: EngineDeps;
  sessions: SessionStore;
  /** Called with what the engine asked to record (e.g. search outcomes). */
  onEffects?: (conversationId: string, effects: Effect[]) => void;
}

/**
 * Runs the engine around the stored session. Messages of one conversation are handled one after
 * another in this process, so two quick taps cannot overwrite each other's session.
 */
export class ConversationService {
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: ConversationServiceDeps) {}

  handle(message: InboundMessage): Promise<Reply[]> {
    const id = message.conversationId;
    const previous = this.queues.get(id) ?? Promise.resolve();
    const turn = previous.catch(() => undefined).then(() => this.turn(message));
    this.queues.set(id, turn);
    void turn.finally(() => {
      if (this.queues.get(id) === turn) this.queues.delete(id);
    }).catch(() => undefined);
    return turn;
  }

  private async turn(message: InboundMessage): Promise<Reply[]> {
    const session = restoreSession(await this.deps.sessions.load(message.conversationId));
    const outcome = await handle(message, session, this.deps.engine);
    await this.deps.sessions.save(message.conversationId, outcome.session);
    if (outcome.effects.length > 0) this.deps.onEffects?.(message.conversationId, outcome.effects);
    return outcome.replies;
  }
}
