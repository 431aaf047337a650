import { InlineKeyboard } from 'grammy';
import type { Reply } from '../../conversation/reply.js';
import { splitText } from '../render-text.js';

export const TELEGRAM_MAX_TEXT = 4096;
const CALLBACK_DATA_MAX_BYTES = 64;

export interface TelegramMessage {
  text: string;
  keyboard?: InlineKeyboard;
}

/** A reply as Telegram messages: choices become an inline keyboard on the last piece. */
export function renderTelegram(reply: Reply): TelegramMessage[] {
  const pieces = splitText(reply.text, TELEGRAM_MAX_TEXT);
  const choices = (reply.choices ?? []).filter((c) => Buffer.byteLength(c.id, 'utf8') <= CALLBACK_DATA_MAX_BYTES);
  if (choices.length === 0) return pieces.map((text) => ({ text }));
  const keyboard = new InlineKeyboard();
  // Short labels two to a row, long ones (entry titles) alone, so nothing is cut off on a phone.
  let inRow = 0;
  for (const c of choices) {
    const short = [...c.label].length <= 22;
    if (inRow > 0 && (!short || inRow === 2)) {
      keyboard.row();
      inRow = 0;
    }
    keyboard.text(c.label, c.id);
    inRow++;
    if (!short) {
      keyboard.row();
      inRow = 0;
    }
  }
  return pieces.map((text, i) => (i === pieces.length - 1 ? { text, keyboard } : { text }));
}
