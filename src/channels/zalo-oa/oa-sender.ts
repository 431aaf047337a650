import { randomUUID } from 'node:crypto';
import { splitText, textWithNumberedChoices } from '../render-text.js';
import type { Reply } from '../../conversation/reply.js';
import type { DeliveryJob } from '../../delivery/delivery-job.js';
import type { DeliveryQueue, Sender } from '../../delivery/ports.js';
import type { MemberPart } from '../../relay/payloads.js';
import { ZALO_OA_CAPABILITIES } from './oa-capabilities.js';
import { oaDeliveryFailure, ZaloOaError } from './oa-errors.js';
import type { OaMessenger } from './oa-messenger.js';
import type { HeldMessage, ZaloOaStore } from './oa-store.js';

/** A part already rendered into OA messages (held ones, handed back to the queue). */
export interface OaTextsPart {
  conversationId: string;
  texts: string[];
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
    const texts = 'texts' in p ? p.texts : renderOa(p.reply);
    const hold = async (rest: string[]) => {
      await deps.store.hold({ id: `${job.key}#${index}`, memberId: p.conversationId, jobKey: job.key, texts: rest, heldAt: now() });
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

/**
 * The member wrote: their waiting messages go to the delivery queue, in the order they were held,
 * then are dropped from the store. First they are put, in one step, into a hand-over of their own
 * (a new id; messages already in one stay there), and each hand-over is one job keyed by its id: a
 * crash before they are dropped, or another process releasing the same member at once, hands the
 * same job again with the same messages, which the queue ignores — each is sent once.
 */
export async function releaseHeld(store: ZaloOaStore, queue: DeliveryQueue, memberId: string): Promise<void> {
  await store.assign(memberId, randomUUID());
  const batches = new Map<string, HeldMessage[]>();
  for (const h of await store.held(memberId)) if (h.batch) batches.set(h.batch, [...(batches.get(h.batch) ?? []), h]);
  for (const [batch, held] of batches) {
    await queue.enqueue({ key: `${HELD_JOB_PREFIX}${memberId}:${batch}`, channel: 'zalo-oa', parts: held.map((h) => ({ conversationId: memberId, texts: h.texts }) satisfies OaTextsPart) });
    await store.release(memberId, held.map((h) => h.id));
  }
}
