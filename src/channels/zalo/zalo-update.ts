import { z } from 'zod';
import { parseCommand, type InboundMessage } from '../../conversation/inbound.js';
import { ZALO_CAPABILITIES } from './zalo-capabilities.js';

const messageSchema = z.looseObject({
  message_id: z.union([z.string(), z.number()]).transform(String),
  date: z.number().optional(),
  chat: z.looseObject({ id: z.union([z.string(), z.number()]).transform(String), chat_type: z.string().optional() }),
  from: z.looseObject({ id: z.union([z.string(), z.number()]).transform(String), display_name: z.string().optional(), is_bot: z.boolean().optional() }).optional(),
  text: z.string().optional(),
  photo_url: z.string().optional(),
  caption: z.string().optional(),
});

const eventSchema = z.looseObject({ event_name: z.string().min(1), message: messageSchema });

/** A Zalo webhook body or getUpdates result: `{ ok, result: { event_name, message } }`, or the bare event. */
export const zaloUpdateSchema = z.union([z.looseObject({ ok: z.boolean().optional(), result: eventSchema }).transform((u) => u.result), eventSchema]);

export type ZaloEvent = z.infer<typeof eventSchema>;

export const zaloConversationId = (chatId: string) => `zalo:${chatId}`;

/** The key a turn is applied once under: Zalo retries carry the same message id and event. */
export const zaloClaimKey = (e: ZaloEvent) => `zalo:update:${e.event_name}:${e.message.message_id}`;

/** Translates a Zalo event into the core's InboundMessage; undefined for events the bot ignores. */
export function zaloToInbound(e: ZaloEvent): InboundMessage | undefined {
  if (e.message.from?.is_bot) return undefined;
  const base = { conversationId: zaloConversationId(e.message.chat.id), maxAnswerChoices: ZALO_CAPABILITIES.maxAnswerChoices, buttons: false };
  switch (e.event_name) {
    case 'message.text.received': {
      const text = e.message.text ?? '';
      const command = parseCommand(text);
      return command ? { ...base, kind: 'command', ...command } : { ...base, kind: 'text', text };
    }
    case 'message.image.received':
      return e.message.photo_url ? { ...base, kind: 'photo', photo: e.message.photo_url, caption: e.message.caption } : { ...base, kind: 'unsupported', what: 'other' };
    case 'message.sticker.received':
      return { ...base, kind: 'unsupported', what: 'sticker' };
    case 'message.voice.received':
      return { ...base, kind: 'unsupported', what: 'voice' };
    default:
      return { ...base, kind: 'unsupported', what: 'other' };
  }
}
