import { handle } from './engine.js';
import type { Effect } from './effects.js';
import type { InboundMessage } from './inbound.js';
import type { ConversationLock, EngineDeps, SessionStore } from './ports.js';
import type { Choice, Reply } from './reply.js';
import { restoreSession } from './session.js';

export interface ConversationServiceDeps {
  engine: EngineDeps;
  sessions: SessionStore;
  /** Serialises a member's turns across processes; default: this process only. */
  lock?: ConversationLock;
  /** Called with what the engine asked to record (e.g. search outcomes). */
  onEffects?: (conversationId: string, effects: Effect[]) => void | Promise<void>;
  /** Called at the points between two writes (the crash tests kill the process there). */
  fault?: (point: string) => void;
  /** Called after a turn committed: deliveries it wrote (an announcement to staff) may go now. */
  afterCommit?: () => void;
  /** Told what became of each message (metrics): applied, replayed (seen before) or failed. */
  onTurn?: (conversationId: string, outcome: 'applied' | 'replayed' | 'failed') => void;
}

/** How a message is handled: once per key, if the platform may deliver it again. */
export interface TurnOptions {
  /**
   * The platform's id of the message (a Telegram update id, a Zalo message id, a web message id).
   * A message seen again under the same key is answered with the replies of its first turn, and
   * the turn is not applied twice.
   */
  turnKey?: string;
  /**
   * The channel sends the replies itself and calls `delivered` (or `sendingDone`) afterwards, so a
   * replay meanwhile sends nothing (Telegram, Zalo). The web chat returns replies in its response.
   */
  tracksDelivery?: boolean;
}

/** The member's answer to one message, and whether it was the replay of a turn applied before. */
export interface TurnResult {
  replies: Reply[];
  replayed: boolean;
  /** A replay whose replies were sent the first time: send nothing. */
  delivered: boolean;
  /** The turn erased the member's data (/forget): keep nothing of it. */
  forgotten: boolean;
  /** The member's language after the turn, when it is known (a replay does not know it). */
  language?: string;
}

const inThisProcess: ConversationLock = { run: (_id, work) => work() };

/**
 * Runs the engine around the stored session. One member's messages are handled one after another
 * (in this process by a queue, across processes by the storage's lock); the new session and the
 * applied turn are committed together, so a crash leaves the turn applied with its replies kept, or
 * not applied at all.
 */
export class ConversationService {
  private readonly queues = new Map<string, Promise<unknown>>();
  /** Turns applied here whose replies are being sent now: a replay meanwhile sends nothing. */
  private readonly sending = new Set<string>();

  constructor(private readonly deps: ConversationServiceDeps) {}

  async handle(message: InboundMessage, options: TurnOptions = {}): Promise<Reply[]> {
    return (await this.turnOnce(message, options)).replies;
  }

  /** Like handle, and says whether the turn had been applied before (a platform's replay). */
  turnOnce(message: InboundMessage, options: TurnOptions = {}): Promise<TurnResult> {
    const turn = this.serialised(message.conversationId, () => this.turn(message, options.turnKey, options.tracksDelivery === true));
    turn.then((r) => this.deps.onTurn?.(message.conversationId, r.replayed ? 'replayed' : 'applied'), () => this.deps.onTurn?.(message.conversationId, 'failed'));
    return turn;
  }

  /**
   * Records choices offered outside a turn (a staff answer, a rating request), so that a member on
   * a channel without buttons can answer with the number. Serialised with the member's turns. A form
   * being filled in keeps its own choices: nothing is recorded and the result is false.
   */
  offer(conversationId: string, choices: Choice[]): Promise<boolean> {
    return this.serialised(conversationId, () => offerChoicesIn(this.deps.sessions, conversationId, choices));
  }

  /**
   * Offers a notice's choices that waited for the member (a staff answer held outside Zalo's reply
   * window), only where its numbers cannot be mistaken for others: not while a form is open
   * ('form'), nor when the member's last turn showed choices of its own ('choices'), which stay live.
   */
  offerUnlessBusy(conversationId: string, choices: Choice[]): Promise<'offered' | 'form' | 'choices'> {
    return this.serialised(conversationId, async () => {
      const session = restoreSession(await this.deps.sessions.load(conversationId));
      if (session.form) return 'form';
      if (session.choices.length > 0) return 'choices';
      session.choices = choices;
      await this.deps.sessions.save(conversationId, session);
      return 'offered';
    });
  }

  /**
   * Takes back choices offered for a notice that was not shown after all (it waits for the member):
   * a number the member types must not pick what they have not seen. Nothing changes if the
   * session offers other choices since.
   */
  withdraw(conversationId: string, choices: Choice[]): Promise<void> {
    return this.serialised(conversationId, async () => {
      const session = restoreSession(await this.deps.sessions.load(conversationId));
      if (!sameChoices(session.choices, choices)) return;
      session.choices = [];
      await this.deps.sessions.save(conversationId, session);
    });
  }

  private serialised<T>(id: string, work: () => Promise<T>): Promise<T> {
    const lock = this.deps.lock ?? inThisProcess;
    const previous = this.queues.get(id) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => lock.run(id, work));
    this.queues.set(id, next);
    void next
      .finally(() => {
        if (this.queues.get(id) === next) this.queues.delete(id);
      })
      .catch(() => undefined);
    return next;
  }

  private async turn(message: InboundMessage, turnKey: string | undefined, tracksDelivery: boolean): Promise<TurnResult> {
    const stored = await this.deps.sessions.loadTurn(message.conversationId, turnKey);
    if (stored.applied)
      return { replies: stored.applied.replies as Reply[], replayed: true, delivered: stored.applied.delivered === true || stored.applied.sending === true || this.sending.has(turnKey!), forgotten: false };
    const session = restoreSession(stored.session);
    const outcome = await handle(message, session, this.deps.engine);
    const forget = outcome.effects.some((e) => e.type === 'forget-member');
    this.deps.fault?.('turn:before-commit');
    await this.deps.sessions.commit(message.conversationId, forget ? null : outcome.session, turnKey ? { key: turnKey, replies: outcome.replies, ...(tracksDelivery ? { sending: true } : {}) } : undefined);
    if (turnKey && tracksDelivery) this.sending.add(turnKey);
    this.deps.fault?.('turn:after-commit');
    this.deps.afterCommit?.();
    if (outcome.effects.length > 0) await this.deps.onEffects?.(message.conversationId, outcome.effects);
    return { replies: outcome.replies, replayed: false, delivered: false, forgotten: forget, ...(outcome.session.locale ? { language: outcome.session.locale } : {}) };
  }

  /**
   * The replies of the turn applied under this key were sent (or handed to the durable queue). A
   * channel that returns from a turn without sending calls `sendingDone` instead.
   */
  async delivered(turnKey: string): Promise<void> {
    try {
      await this.deps.sessions.markDelivered(turnKey);
    } finally {
      this.sending.delete(turnKey);
    }
  }

  /** The channel stopped before sending (an error): a later replay of the turn may send its replies. */
  sendingDone(turnKey: string): void {
    this.sending.delete(turnKey);
    void this.deps.sessions.sendingStopped?.(turnKey).catch(() => undefined);
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

function sameChoices(a: readonly Choice[], b: readonly Choice[]): boolean {
  return a.length === b.length && a.every((c, i) => c.id === b[i]!.id && c.label === b[i]!.label);
}
