import type { Logger } from 'pino';
import type { Translate } from '../../conversation/ports.js';
import { isTransient, OutageTracker } from '../outage.js';
import { crashPoint } from '../../faults/crash-point.js';
import type { ConversationService } from '../../conversation/conversation-service.js';
import type { DeliveryQueue } from '../../delivery/ports.js';
import { memberParts, type TextPart } from '../../relay/payloads.js';
import type { ZaloApi } from './zalo-api.js';
import { zaloClaimKey, zaloToInbound, type ZaloEvent } from './zalo-update.js';

const TYPING_AFTER_MS = 400;

export interface ZaloChannelDeps {
  api: ZaloApi;
  conversations: ConversationService;
  queue: DeliveryQueue;
  logger: Logger;
  /** Interface strings (the outage notice). */
  t: (locale: 'vi' | 'en') => Translate;
  /** Waits for the bot's sending pace before each answer sent at once. */
  slot?: () => Promise<void>;
}

/**
 * Handles one Zalo event: applied once by its message id and event name, run through the core, and
 * the replies sent at once, in order. If Zalo refuses one (429 quota, 5xx, network), that message
 * and the rest go to the durable delivery queue, which retries them: a reply is delayed, never lost
 * or doubled.
 */
export function createZaloHandler(deps: ZaloChannelDeps): (event: ZaloEvent) => Promise<void> {
  const outage = new OutageTracker(deps.logger, 'zalo');
  return async (event) => {
    const key = zaloClaimKey(event);
    try {
      const inbound = zaloToInbound(event);
      if (!inbound) return;
      // "Typing…" only when the answer is slow to come; a quick answer needs no indicator (and no extra call).
      const typing = setTimeout(() => void deps.api.sendChatAction(event.message.chat.id).catch(() => undefined), TYPING_AFTER_MS);
      // Applied once per message id and event: Zalo's retry of the same message re-sends the first turn's replies.
      let turn;
      try {
        turn = await deps.conversations.turnOnce(inbound, { turnKey: key, tracksDelivery: true }).finally(() => clearTimeout(typing));
        outage.succeeded();
      } catch (error) {
        // Polling retries the event and Zalo re-posts a failed webhook: the message is kept.
        if (isTransient(error) && outage.failed(inbound.conversationId, error)) {
          await deps.api.sendMessage(event.message.chat.id, deps.t('vi')('outage.kept')).catch(() => undefined);
        }
        throw error;
      }
      const { replies, delivered } = turn;
      if (delivered) return;
      const parts = memberParts(inbound.conversationId, replies) as TextPart[];
      for (let i = 0; i < parts.length; i++) {
        try {
          await deps.slot?.();
          await deps.api.sendMessage(event.message.chat.id, parts[i]!.text);
        } catch {
          await deps.queue.enqueue({ key: `zalo-reply:${event.event_name}:${event.message.message_id}`, channel: 'zalo', parts: parts.slice(i) }).catch((queueError: unknown) => {
            deps.conversations.sendingDone(key);
            throw queueError;
          });
          break;
        }
      }
      crashPoint('turn:after-send');
      await deps.conversations.delivered(key);
    } catch (error) {
      if (!isTransient(error)) deps.logger.error({ chatId: event.message.chat.id, messageId: event.message.message_id, err: error instanceof Error ? error.message : String(error) }, 'zalo update failed');
      throw error;
    }
  };
}
