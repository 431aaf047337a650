import type { Logger } from 'pino';
import type { ConversationService } from '../../conversation/conversation-service.js';
import type { DeliveryQueue } from '../../delivery/ports.js';
import { memberParts } from '../../relay/payloads.js';
import type { UpdateClaims } from '../../storage/ports.js';
import type { ZaloApi } from './zalo-api.js';
import { zaloClaimKey, zaloToInbound, type ZaloEvent } from './zalo-update.js';

const CLAIM_TTL_SECONDS = 60 * 60 * 24;

export interface ZaloChannelDeps {
  api: ZaloApi;
  conversations: ConversationService;
  claims: UpdateClaims;
  queue: DeliveryQueue;
  logger: Logger;
}

/**
 * Handles one Zalo event: claimed once by its message id and event name, run through the core,
 * and the replies sent through the durable queue (Zalo quotas answer 429; a reply is delayed, never lost).
 */
export function createZaloHandler(deps: ZaloChannelDeps): (event: ZaloEvent) => Promise<void> {
  return async (event) => {
    const key = zaloClaimKey(event);
    if (!(await deps.claims.claim(key, CLAIM_TTL_SECONDS))) return;
    try {
      const inbound = zaloToInbound(event);
      if (!inbound) return;
      void deps.api.sendChatAction(event.message.chat.id).catch(() => undefined); // best effort
      const replies = await deps.conversations.handle(inbound);
      if (replies.length === 0) return;
      const parts = memberParts(inbound.conversationId, replies);
      await deps.queue.enqueue({ key: `zalo-reply:${event.event_name}:${event.message.message_id}`, channel: 'zalo', parts });
    } catch (error) {
      await deps.claims.release(key).catch(() => undefined);
      deps.logger.error({ chatId: event.message.chat.id, messageId: event.message.message_id, err: error instanceof Error ? error.message : String(error) }, 'zalo update failed');
      throw error;
    }
  };
}
