import { renderPlain } from '../render-text.js';
import { DeliveryError } from '../../delivery/errors.js';
import type { Sender } from '../../delivery/ports.js';
import type { MemberPart, TextPart } from '../../relay/payloads.js';
import { ZaloApiError, type ZaloApi } from './zalo-api.js';

import { ZALO_CAPABILITIES } from './zalo-capabilities.js';

/**
 * Sends a member's reply on Zalo: choices as a numbered list, long text split at paragraph
 * boundaries into messages of at most 2,000 characters, in order.
 */
export function zaloSender(api: ZaloApi): Sender {
  return async (part) => {
    let p = part as MemberPart | TextPart;
    const chatId = p.conversationId.slice('zalo:'.length);
    if ('reply' in p && p.reply.photo) {
      if (await sentAsPhoto(api, chatId, p.reply.photo.url, p.reply.text)) return;
      p = { ...p, reply: { ...p.reply, text: [p.reply.photo.fallback, p.reply.text].filter(Boolean).join('\n\n') } };
    }
    for (const text of 'text' in p ? [p.text] : renderPlain(p.reply, ZALO_CAPABILITIES)) {
      try {
        await api.sendMessage(chatId, text);
      } catch (error) {
        throw zaloFailure(error);
      }
    }
  };
}

/** False when Zalo refuses the photo itself (400: it could not fetch the address), so its address goes as text. */
async function sentAsPhoto(api: ZaloApi, chatId: string, url: string, caption: string): Promise<boolean> {
  try {
    await api.sendPhoto(chatId, url, caption || undefined);
    return true;
  } catch (error) {
    if (error instanceof ZaloApiError && error.code === 400) return false;
    throw zaloFailure(error);
  }
}

/** 429 (quota) waits and pauses the channel; 5xx and network errors retry; 400/401/403/404 will not change. */
export function zaloFailure(error: unknown): Error {
  if (!(error instanceof ZaloApiError)) return error instanceof Error ? error : new Error(String(error));
  if (error.code === 429) return new DeliveryError(error.message, { retryAfterSeconds: 1 });
  if (error.code === 0 || error.code >= 500 || error.code === 408) return new DeliveryError(error.message);
  return new DeliveryError(error.message, { permanent: true });
}
