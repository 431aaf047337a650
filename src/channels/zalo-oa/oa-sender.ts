import { randomUUID } from 'node:crypto';
import { splitText, textWithNumberedChoices } from '../render-text.js';
import type { Choice, Reply } from '../../conversation/reply.js';
import type { DeliveryJob } from '../../delivery/delivery-job.js';
import type { DeliveryQueue, Sender } from '../../delivery/ports.js';
import type { MemberPart } from '../../relay/payloads.js';
import { ZALO_OA_CAPABILITIES } from './oa-capabilities.js';
import { oaDeliveryFailure, ZaloOaError } from './oa-errors.js';
import type { OaMessenger } from './oa-messenger.js';
import type { HeldMessage, NumberedNotice, ZaloOaStore } from './oa-store.js';

/** A part already rendered into OA messages (held ones, handed back to the queue). */
export interface OaTextsPart {
  conversationId: string;
  texts: string[];
  /** Set when `texts` end with a notice's numbered choices, not yet live in the member's session. */
  numbered?: NumberedNotice;
}

/**
 * What makes a notice's numbers mean its choices. A notice is offered before it is sent (the relay's
 * offeringChoices); one that has to wait gives its choices back, and when it goes later it takes the
 * numbers only if nothing else holds them.
 */
export interface NoticeChoices {
  offerUnlessBusy(conversationId: string, choices: Choice[]): Promise<'offered' | 'form' | 'choices'>;
  withdraw(conversationId: string, choices: Choice[]): Promise<void>;
}

/** A reply as OA messages: choices as numbered lines, split at the OA's text limit (short ones as they are, uncounted). */
export function renderOa(reply: Reply): string[] {
  const text = textWithNumberedChoices(reply);
  // A string no longer in UTF-16 units than the limit has no more characters than it either.
  return text.length <= ZALO_OA_CAPABILITIES.maxTextLength ? [text] : splitText(text, ZALO_OA_CAPABILITIES.maxTextLength);
}

/** The delivery key of messages that waited for the member and go now. */
export const HELD_JOB_PREFIX = 'zalo-oa-held:';

const userIdOf = (conversationId: string) => conversationId.slice('zalo-oa:'.length);

export interface OaSenderDeps {
  messenger: OaMessenger;
  store: ZaloOaStore;
  now?: () => number;
  /** Told once per job when a part of it starts waiting for the member (the staff chat says so). */
  onHeld?: (job: DeliveryJob) => Promise<void> | void;
  /** The member's live choices; without it a notice that waited goes without numbers. */
  choices?: NoticeChoices;
}

/**
 * Sends a member's reply on the OA: choices as a numbered list, long text split into messages of at
 * most 2,000 characters. Outside Zalo's reply window (the OA answers that the member has not written
 * recently enough, or that the messages allowed since are used up) the rest of the part is not lost:
 * it is kept for the member, and later parts of other jobs wait behind it so the order holds, until
 * the member writes again (then {@link releaseHeld} hands them back to the queue).
 */
export function zaloOaSender(deps: OaSenderDeps): Sender {
  const now = deps.now ?? Date.now;
  return async (part, job, index) => {
    const p = part as MemberPart | OaTextsPart;
    // A notice's numbers (offered already when it comes as a reply) or a waiting one's, made live now.
    const { texts, numbered } = 'texts' in p ? await liveTexts(p, deps.choices) : { texts: renderOa(p.reply), numbered: numberedNotice(p) };
    const hold = async (rest: string[]) => {
      const sent = texts.length - rest.length;
      await deps.store.hold({ id: `${job.key}#${index}`, memberId: p.conversationId, jobKey: job.key, texts: rest, heldAt: now(), ...(numbered ? { numbered: { ...numbered, sent: numbered.sent + sent } } : {}) });
      // The member has not seen these numbers: they must not pick its choices meanwhile.
      if (numbered) await deps.choices?.withdraw(p.conversationId, numbered.choices);
      await deps.onHeld?.(job);
    };
    // Messages already waiting go first: this one waits behind them.
    if (!job.key.startsWith(HELD_JOB_PREFIX) && (await deps.store.held(p.conversationId)).length > 0) return hold(texts);
    for (let i = 0; i < texts.length; i++) {
      try {
        await deps.messenger.send(userIdOf(p.conversationId), texts[i]!);
      } catch (error) {
        if (error instanceof ZaloOaError && error.kind === 'window-closed') return hold(texts.slice(i));
        throw oaDeliveryFailure(error);
      }
    }
  };
}

/** A notice sent with numbered choices (the relay offered them in the session just before). */
function numberedNotice(p: MemberPart): NumberedNotice | undefined {
  if (!p.notice || !p.reply.choices?.length) return undefined;
  return { text: p.plainText ?? p.reply.text, choices: p.reply.choices, sent: 0, ...(p.formOpenHint ? { formOpenHint: p.formOpenHint } : {}), ...(p.choicesOpenHint ? { choicesOpenHint: p.choicesOpenHint } : {}) };
}

/**
 * The messages of a part that waited. A notice among them keeps its numbers only if it can take
 * them over (no form open, and the member's turn just now showed no choices of its own): typing a
 * number must never pick one thing shown for another. Otherwise it goes without numbers, with the
 * line saying how to answer it later.
 */
async function liveTexts(p: OaTextsPart, choices: NoticeChoices | undefined): Promise<{ texts: string[]; numbered?: NumberedNotice }> {
  const n = p.numbered;
  if (!n) return { texts: p.texts };
  const state = choices ? await choices.offerUnlessBusy(p.conversationId, n.choices) : 'choices';
  if (state === 'offered') return { texts: p.texts, numbered: n };
  const hint = state === 'form' ? n.formOpenHint : (n.choicesOpenHint ?? n.formOpenHint);
  const plain = renderOa({ text: hint ? `${n.text}\n\n${hint}` : n.text });
  // The messages sent before it waited are the same in both forms (only the end differs).
  return { texts: plain.slice(Math.min(n.sent, plain.length - 1)) };
}

/**
 * The member wrote: their waiting messages go to the delivery queue, in the order they were held,
 * dropped from the store in the same write. First they are put, in one step, into a hand-over of
 * their own (a new id; messages already in one stay there), and each hand-over is one job keyed by
 * its id, written to the delivery outbox as its messages are dropped: a crash leaves both or neither,
 * and another process releasing the same member at once writes the same job, which the queue ignores
 * — each is sent once.
 */
export async function releaseHeld(store: ZaloOaStore, queue: DeliveryQueue, memberId: string): Promise<void> {
  await store.assign(memberId, randomUUID());
  const batches = new Map<string, HeldMessage[]>();
  for (const h of await store.held(memberId)) if (h.batch) batches.set(h.batch, [...(batches.get(h.batch) ?? []), h]);
  for (const [batch, held] of batches) {
    const job = { key: `${HELD_JOB_PREFIX}${memberId}:${batch}`, channel: 'zalo-oa', parts: held.map((h) => ({ conversationId: memberId, texts: h.texts, ...(h.numbered ? { numbered: h.numbered } : {}) }) satisfies OaTextsPart) };
    // The hand-over goes to the outbox in the same write that drops its messages.
    await store.release(memberId, held.map((h) => h.id), job);
  }
  if (batches.size > 0) queue.nudge();
}
