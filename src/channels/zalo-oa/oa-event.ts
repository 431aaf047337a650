import { z } from 'zod';
import { parseCommand, type InboundMessage } from '../../conversation/inbound.js';
import { ZALO_OA_CAPABILITIES } from './oa-capabilities.js';

const id = z.union([z.string().min(1), z.number()]).transform(String);
const attachment = z.looseObject({ type: z.string(), payload: z.looseObject({ url: z.string().optional(), thumbnail: z.string().optional() }).optional() });

/** What every OA webhook body carries: the app, the event's name and when it happened (ms since the epoch). */
export const oaEnvelopeSchema = z.looseObject({
  app_id: id.optional(),
  event_name: z.string().min(1),
  timestamp: z.union([z.string().regex(/^\d{10,16}$/), z.number().int().positive()]).transform(String),
});

/** A member's message (user_send_text, user_send_image, user_send_sticker): sender, OA as recipient, the message. */
const userMessageSchema = z.object({
  event_name: z.enum(['user_send_text', 'user_send_image', 'user_send_sticker']),
  user_id_by_app: id.optional(),
  sender: z.looseObject({ id }),
  recipient: z.looseObject({ id }).optional(),
  message: z.looseObject({ msg_id: id, text: z.string().optional(), attachments: z.array(attachment).optional() }),
  timestamp: z.string(),
});

/** follow / unfollow: the follower, the OA, and where they followed from. */
const followSchema = z.object({
  event_name: z.enum(['follow', 'unfollow']),
  user_id_by_app: id.optional(),
  follower: z.looseObject({ id }),
  oa_id: id.optional(),
  timestamp: z.string(),
});

export const oaEventSchema = z.discriminatedUnion('event_name', [userMessageSchema, followSchema]);
export type OaEvent = z.infer<typeof oaEventSchema>;

/** The events the channel handles; others (the OA's own messages, reactions, …) are answered 200 and ignored. */
export const OA_EVENTS: ReadonlySet<string> = new Set(['user_send_text', 'user_send_image', 'user_send_sticker', 'follow', 'unfollow']);

/**
 * The member's id in the OA (`sender.id`, `follower.id`): the id the customer-service API sends to,
 * so it is the conversation id's tail (`zalo-oa:<id>`).
 */
export const oaUserId = (e: OaEvent): string => ('follower' in e ? e.follower.id : e.sender.id);
export const oaConversationId = (userId: string) => `zalo-oa:${userId}`;

/** Zalo re-posts an event it got no 200 for: the same message id, or the same follower and time. */
export const oaClaimKey = (e: OaEvent): string => ('follower' in e ? `zalo-oa:${e.event_name}:${e.follower.id}:${e.timestamp}` : `zalo-oa:msg:${e.message.msg_id}`);

/** The core's message for a member's event; undefined for unfollow (nothing to answer). */
export function oaToInbound(e: OaEvent): InboundMessage | undefined {
  const base = { conversationId: oaConversationId(oaUserId(e)), maxAnswerChoices: ZALO_OA_CAPABILITIES.maxAnswerChoices, buttons: false };
  switch (e.event_name) {
    case 'user_send_text': {
      const text = e.message.text ?? '';
      const command = parseCommand(text);
      return command ? { ...base, kind: 'command', ...command } : { ...base, kind: 'text', text };
    }
    case 'user_send_image': {
      const url = e.message.attachments?.find((a) => a.type === 'image')?.payload?.url;
      const caption = e.message.text?.trim() || undefined;
      return url ? { ...base, kind: 'photo', photo: url, ...(caption ? { caption } : {}) } : { ...base, kind: 'unsupported', what: 'other' };
    }
    case 'user_send_sticker':
      return { ...base, kind: 'unsupported', what: 'sticker' };
    case 'follow':
      // A new follower gets the welcome and the menu, as /start gives them.
      return { ...base, kind: 'command', command: 'start', args: '' };
    case 'unfollow':
      return undefined;
  }
}
