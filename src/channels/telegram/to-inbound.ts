import type { Update } from 'grammy/types';
import { parseCommand, type InboundMessage, type UnsupportedKind } from '../../conversation/inbound.js';

export const telegramConversationId = (chatId: number | string) => `telegram:${chatId}`;

/** Translates a Telegram update into the core's InboundMessage; undefined for updates the bot ignores. */
export function toInbound(update: Update): InboundMessage | undefined {
  if (update.callback_query) {
    const q = update.callback_query;
    const chatId = q.message?.chat.id ?? q.from.id;
    if (!q.data) return undefined;
    return { kind: 'choice', choiceId: q.data, conversationId: telegramConversationId(chatId), languageHint: q.from.language_code };
  }
  const m = update.message;
  if (!m) return undefined;
  // Only private chats talk to the member flows; groups (e.g. a staff chat) are not members.
  if (m.chat.type !== 'private') return undefined;
  const base = { conversationId: telegramConversationId(m.chat.id), languageHint: m.from?.language_code };
  if (m.text !== undefined) {
    const command = parseCommand(m.text);
    return command ? { ...base, kind: 'command', ...command } : { ...base, kind: 'text', text: m.text };
  }
  if (m.photo && m.photo.length > 0) {
    const largest = m.photo[m.photo.length - 1]!;
    return { ...base, kind: 'photo', photo: largest.file_id, caption: m.caption };
  }
  return { ...base, kind: 'unsupported', what: unsupportedKind(m) };
}

function unsupportedKind(m: NonNullable<Update['message']>): UnsupportedKind {
  if (m.sticker) return 'sticker';
  if (m.voice || m.video_note) return 'voice';
  if (m.audio) return 'audio';
  if (m.video || m.animation) return 'video';
  if (m.location || m.venue) return 'location';
  if (m.contact) return 'contact';
  if (m.document) return 'document';
  return 'other';
}
