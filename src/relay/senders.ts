import { GrammyError, InputFile, type Api } from 'grammy';
import { DeliveryError } from '../delivery/errors.js';
import type { Sender } from '../delivery/ports.js';
import { renderTelegram } from '../channels/telegram/render.js';
import type { PhotoStore, WebInbox } from '../storage/ports.js';
import type { TicketService } from '../tickets/ticket-service.js';
import { telegramFailure } from './delivery-errors.js';
import type { MemberPart, StaffPart } from './payloads.js';
import type { Choice, Reply } from '../conversation/reply.js';

/** Sends a member's message on Telegram (buttons as an inline keyboard; a photo with its text as caption). */
export function telegramMemberSender(api: Api): Sender {
  return async (part) => {
    const { conversationId, reply } = part as MemberPart;
    const chatId = Number(conversationId.slice('telegram:'.length));
    try {
      if (reply.photo && (await sentAsPhoto(api, chatId, reply))) return;
      const text = reply.photo ? [reply.photo.fallback, reply.text].filter(Boolean).join('\n\n') : reply.text;
      for (const m of renderTelegram({ ...reply, text })) await api.sendMessage(chatId, m.text, m.keyboard ? { reply_markup: m.keyboard } : {});
    } catch (error) {
      throw telegramFailure(error);
    }
  };
}

/**
 * A photo with the reply's text as its caption: false when Telegram refuses the photo itself (it
 * could not fetch the address: 400), so the text goes with the photo's address instead of failing
 * the whole delivery. A text too long for a caption is sent after the photo by the caller's parts.
 */
async function sentAsPhoto(api: Api, chatId: number, reply: Reply): Promise<boolean> {
  const [message] = renderTelegram({ ...reply, text: reply.text || ' ' });
  try {
    await api.sendPhoto(chatId, reply.photo!.url, { ...(reply.text ? { caption: reply.text } : {}), ...(message?.keyboard ? { reply_markup: message.keyboard } : {}) });
    return true;
  } catch (error) {
    if (error instanceof GrammyError && error.error_code === 400) return false;
    throw error;
  }
}

/** Leaves a member's message in the web chat inbox; the page fetches it. */
export function webMemberSender(inbox: WebInbox): Sender {
  return async (part, job, index) => {
    const { conversationId, reply } = part as MemberPart;
    // Keyed by the delivery: a job run again after a crash shows its message once.
    await inbox.push(conversationId.slice('web:'.length), { from: 'bot', reply }, `${job.key}:${index}`);
  };
}

export interface StaffSenderOptions {
  api: Api;
  tickets: TicketService;
  chatId: number;
  /** Whether the staff group has forum topics (a topic per ticket), read once at start. */
  forum: () => boolean;
  /** Photos members sent from the web chat (`photo:<id>`), uploaded to Telegram from here. */
  photos?: PhotoStore;
}

/** A Telegram file id or URL as it is; a web chat photo (`photo:<id>`) as its bytes. */
async function photoInput(photo: string, photos: PhotoStore | undefined): Promise<string | InputFile> {
  if (!photo.startsWith('photo:')) return photo;
  const stored = await photos?.load(photo.slice('photo:'.length));
  if (!stored) throw new DeliveryError(`photo ${photo} is no longer stored`, { permanent: true });
  return new InputFile(stored.data, `${photo.slice('photo:'.length)}.${stored.type.split('/')[1]}`);
}

/** Works the staff chat: opens a ticket's topic, announces it, posts follow-ups, photos and notices. */
export function staffSender(o: StaffSenderOptions): Sender {
  return async (raw) => {
    const part = raw as StaffPart;
    try {
      if (part.op === 'open-topic') {
        if (!o.forum()) return;
        const ticket = await o.tickets.get(part.code);
        if (ticket?.staffThread?.topicId !== undefined) return; // opened before a crash
        const topic = await o.api.createForumTopic(o.chatId, part.name);
        await o.tickets.setStaffThread(part.code, { chatId: o.chatId, topicId: topic.message_thread_id });
        return;
      }
      const thread = part.code ? (await o.tickets.get(part.code))?.staffThread : null;
      const where = thread?.topicId !== undefined ? { message_thread_id: thread.topicId } : {};
      if (part.op === 'photo') {
        await o.api.sendPhoto(o.chatId, await photoInput(part.photo, o.photos), { ...where, ...(part.caption ? { caption: part.caption } : {}), ...replyTo(thread) });
        return;
      }
      const sent = await o.api.sendMessage(o.chatId, part.text, { ...where, ...(part.op === 'message' ? replyTo(thread) : {}) });
      if (part.op === 'announce') await o.tickets.setStaffThread(part.code, { chatId: o.chatId, topicId: thread?.topicId, messageId: sent.message_id });
    } catch (error) {
      throw telegramFailure(error);
    }
  };
}

/** Without topics, follow-ups answer the ticket's announcement so the thread stays together. */
function replyTo(thread: { topicId?: number; messageId?: number } | null | undefined) {
  return thread && thread.topicId === undefined && thread.messageId !== undefined
    ? { reply_parameters: { message_id: thread.messageId, allow_sending_without_reply: true } }
    : {};
}

/**
 * Offers a notice's choices in the member's session when it is sent, so "2" answers it on a channel
 * without buttons. While the member fills in a form, the form keeps its choices: the notice goes out
 * without numbers (buttons still work where the channel has them), with a line saying how to answer later.
 */
export function offeringChoices(sender: Sender, offer: (conversationId: string, choices: Choice[]) => Promise<boolean>, buttons: boolean): Sender {
  return async (part, job, index) => {
    const p = part as MemberPart;
    if (!p.notice || !p.reply?.choices?.length) return sender(part, job, index);
    const offered = await offer(p.conversationId, p.reply.choices);
    if (offered || buttons) return sender(part, job, index);
    const shown = p.plainText ?? p.reply.text;
    const text = p.formOpenHint ? `${shown}\n\n${p.formOpenHint}` : shown;
    return sender({ ...p, reply: { text } } satisfies MemberPart, job, index);
  };
}
