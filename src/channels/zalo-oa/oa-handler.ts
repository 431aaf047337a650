import type { Logger } from 'pino';
import { crashPoint } from '../../faults/crash-point.js';
import type { ConversationService } from '../../conversation/conversation-service.js';
import type { Translate } from '../../conversation/ports.js';
import type { Reply } from '../../conversation/reply.js';
import type { DeliveryQueue } from '../../delivery/ports.js';
import type { UpdateClaims } from '../../storage/ports.js';
import type { SubscriptionStore } from '../../subscriptions/subscription.js';
import { renderOa, releaseHeld, type OaTextsPart } from './oa-sender.js';
import { isTransient, OutageTracker } from '../outage.js';
import { oaClaimKey, oaConversationId, oaToInbound, oaUserId, type OaEvent } from './oa-event.js';
import type { OaMessenger } from './oa-messenger.js';
import type { ZaloOaStore } from './oa-store.js';

export interface OaHandlerDeps {
  messenger: OaMessenger;
  conversations: ConversationService;
  queue: DeliveryQueue;
  store: ZaloOaStore;
  claims: UpdateClaims;
  subscriptions: SubscriptionStore;
  logger: Logger;
  t: (locale: 'vi' | 'en') => Translate;
  now?: () => Date;
}

/**
 * Handles one OA event once: a member's message (or a follow, answered with the welcome) runs
 * through the core under the event's key, and its replies are sent at once, in order; what Zalo
 * refuses goes to the durable queue. Their waiting messages (staff answers held outside the reply
 * window) are handed to the queue as soon as they write. An unfollow marks them as not reachable
 * for announcements.
 */
export function createOaHandler(deps: OaHandlerDeps): (event: OaEvent) => Promise<void> {
  const outage = new OutageTracker(deps.logger, 'zalo-oa');
  const now = deps.now ?? (() => new Date());
  return async (event) => {
    const key = oaClaimKey(event);
    const userId = oaUserId(event);
    const memberId = oaConversationId(userId);
    if (event.event_name === 'unfollow') {
      // Not claimed: marking twice changes nothing, and a claim written before a crash would have
      // turned away Zalo's retry with the member still unmarked.
      await deps.subscriptions.markBlocked(memberId, now().toISOString());
      return;
    }
    const inbound = oaToInbound(event)!;
    // Asked now, answered while the turn runs: most members have nothing waiting (a failed look-up
    // counts as "maybe", and the release below looks again).
    const waiting = deps.store.held(memberId).then(
      (held) => held.length > 0,
      () => true,
    );
    let turn;
    try {
      turn = await deps.conversations.turnOnce(inbound, { turnKey: key, tracksDelivery: true });
      outage.succeeded();
    } catch (error) {
      // Zalo re-posts an event it got no 200 for: the message is kept.
      if (isTransient(error) && outage.failed(memberId, error)) await deps.messenger.send(userId, deps.t('vi')('outage.kept')).catch(() => undefined);
      if (!isTransient(error)) deps.logger.error({ event: event.event_name, err: error instanceof Error ? error.message : String(error) }, 'zalo oa event failed');
      throw error;
    }
    if (!turn.delivered) await sendReplies(key, userId, memberId, turn.replies);
    // The member wrote: the reply window is open again for what waited for them (a failure here is
    // retried at their next message; what waits stays stored).
    if (await waiting) await releaseHeld(deps.store, deps.queue, memberId).catch((error: unknown) => deps.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'zalo oa waiting messages not released yet'));
  };

  async function sendReplies(key: string, userId: string, memberId: string, replies: Reply[]): Promise<void> {
    const texts = replies.flatMap(renderOa);
    for (let i = 0; i < texts.length; i++) {
      try {
        await deps.messenger.send(userId, texts[i]!);
      } catch {
        await deps.queue.enqueue({ key: `zalo-oa-reply:${key}`, channel: 'zalo-oa', parts: [{ conversationId: memberId, texts: texts.slice(i) } satisfies OaTextsPart] }).catch((queueError: unknown) => {
          deps.conversations.sendingDone(key);
          throw queueError;
        });
        break;
      }
    }
    crashPoint('turn:after-send');
    await deps.conversations.delivered(key);
  }
}
