import { InputFile, type Context, type MiddlewareFn } from 'grammy';
import type { Translate } from '../../conversation/ports.js';
import { codeAndRest, type StaffActions } from '../../tickets/staff-actions.js';
import type { TicketService } from '../../tickets/ticket-service.js';
import { exportTickets } from '../../tickets/export/export-tickets.js';
import { parseCommand } from '../../conversation/inbound.js';

export interface StaffDeskDeps {
  chatId: number;
  actions: StaffActions;
  tickets: TicketService;
  t: Translate;
}

/**
 * The Alliance's desk in the Telegram staff supergroup. Only messages in that chat act on tickets
 * (being in it is the staff check); the same commands anywhere else reach the member flow, which
 * knows none of them. A message in a ticket's topic, or a reply to its announcement, goes to the member.
 */
export function staffDesk(deps: StaffDeskDeps): MiddlewareFn<Context> {
  return async (ctx, next) => {
    if (ctx.chat?.id !== deps.chatId) return next();
    const msg = ctx.message;
    if (!msg || !msg.from || msg.from.is_bot) return;
    const topicId = msg.is_topic_message ? msg.message_thread_id : undefined;
    const replyTo = msg.reply_to_message?.message_id;
    const context = await deps.tickets.byStaffThread(deps.chatId, { topicId, messageId: replyTo });
    const actor = { kind: 'staff' as const, name: staffName(msg.from) };
    const answer = (text: string) => ctx.reply(text, topicId !== undefined ? { message_thread_id: topicId } : {});

    const command = msg.text ? parseCommand(msg.text) : undefined;
    if (!command) {
      if (!context || !msg.text) return; // staff talking among themselves
      const out = await deps.actions.reply(context.code, actor, msg.text, `staff-reply:${deps.chatId}:${msg.message_id}`);
      if (!out.text.startsWith('✅')) await answer(out.text);
      return;
    }
    const { code, rest } = codeAndRest(command.args, context?.code);
    const need = async (run: (code: string) => Promise<{ text: string }>) => answer(code ? (await run(code)).text : deps.t('staff.whichTicket'));
    switch (command.command) {
      case 'take':
        return void (await need((c) => deps.actions.take(c, actor)));
      case 'note':
        return void (await need((c) => (rest ? deps.actions.note(c, actor, rest) : Promise.resolve({ text: deps.t('staff.noteEmpty') }))));
      case 'close':
        return void (await need((c) => deps.actions.close(c, actor, rest || null)));
      case 'reopen':
        return void (await need((c) => deps.actions.reopen(c, actor)));
      case 'ticket':
        return void (await need((c) => deps.actions.show(c)));
      case 'reply':
        return void (await need((c) => (rest ? deps.actions.reply(c, actor, rest, `staff-reply:${deps.chatId}:${msg.message_id}`) : Promise.resolve({ text: deps.t('staff.noteEmpty') }))));
      case 'queue':
        return void (await answer((await deps.actions.queue()).text));
      case 'agenda':
        return void (await answer((await deps.actions.agenda(command.args.trim() || undefined)).text));
      case 'stats':
        return void (await answer((await deps.actions.stats()).text));
      case 'export': {
        const kind = (['concern', 'difficulty', 'question'] as const).find((k) => k === command.args.trim());
        const file = await exportTickets(await deps.tickets.all(), { kind, format: 'xlsx', locale: 'vi' });
        await ctx.replyWithDocument(new InputFile(file.content, file.name), topicId !== undefined ? { message_thread_id: topicId } : {});
        return;
      }
      default:
        return void (await answer(deps.t('staff.help')));
    }
  };
}

function staffName(from: { first_name: string; last_name?: string; username?: string; id: number }): string {
  return [from.first_name, from.last_name].filter(Boolean).join(' ') || from.username || String(from.id);
}
