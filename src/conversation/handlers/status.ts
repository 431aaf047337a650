import type { Ticket, TicketEvent } from '../../tickets/ticket.js';
import { parseReference } from '../../tickets/reference-code.js';
import type { TurnContext } from '../context.js';
import type { Choice, Reply } from '../reply.js';
import { formatVietnamDay } from '../../time/vietnam-time.js';
import { menuChoice, showMenu } from './menu.js';



function line(ctx: TurnContext, t: Ticket): string {
  return `${t.code} · ${ctx.t(`ticket.kind.${t.kind}`)} · ${ctx.t(`ticket.state.${t.state}`)} · ${formatVietnamDay(t.createdAt)}`;
}

/** "Hồ sơ của tôi" / /status: the member's own tickets with their state. */
export async function listMyTickets(ctx: TurnContext): Promise<Reply[]> {
  const tickets = await ctx.deps.tickets.listOfMember(ctx.conversationId);
  if (tickets.length === 0) return showMenu(ctx, ctx.t('status.none'));
  const shown = tickets.slice(0, 10);
  return [
    {
      text: `${ctx.t('status.list')}\n\n${shown.map((t) => line(ctx, t)).join('\n')}`,
      choices: [...shown.map((t) => ({ id: `status:${t.code}`, label: t.code })), menuChoice(ctx)],
    },
  ];
}

/** /status CODE: one ticket with the history the member may see (internal notes never shown). */
export async function showMyTicket(ctx: TurnContext, typed: string): Promise<Reply[]> {
  const code = parseReference(typed);
  const ticket = code ? await ctx.deps.tickets.ofMember(ctx.conversationId, code) : undefined;
  // Another member's code answers exactly like a code that does not exist.
  if (!ticket) return [{ text: ctx.t('status.notFound', { code: typed.trim().slice(0, 20) }), choices: [{ id: 'status', label: ctx.t('menu.status') }, menuChoice(ctx)] }];
  const history = (await ctx.deps.tickets.history(ticket.code)).filter(visibleToMember).map((e) => `${formatVietnamDay(e.at)} — ${describe(ctx, e)}`);
  const choices: Choice[] = [];
  // Closed and not rated yet: the rating is offered here too (a rating request shown without its
  // numbers, on Zalo, points the member here).
  const unrated = ticket.state === 'closed' && ticket.rating === null;
  if (unrated) choices.push(...[1, 2, 3, 4, 5].map((n) => ({ id: `rate:${ticket.code}:${n}`, label: '⭐'.repeat(n) })));
  if (ticket.state !== 'closed') choices.push({ id: `followup:${ticket.code}`, label: ctx.t('status.followUp') });
  else choices.push({ id: `reopen:${ticket.code}`, label: ctx.t('status.reopen') });
  choices.push({ id: 'status', label: ctx.t('menu.status') }, menuChoice(ctx));
  return [{ text: `${line(ctx, ticket)}\n\n${history.join('\n')}${unrated ? `\n\n${ctx.t('relay.rateAsk')}` : ''}`, choices }];
}

const visibleToMember = (e: TicketEvent) => e.type !== 'note' && e.type !== 'delivery-failed' && e.type !== 'anonymised';

/** Events whose text the member sees in their status: answers (from staff or at the conference), the outcome, their own messages. */
const WITH_TEXT = new Set<TicketEvent['type']>(['staff-reply', 'conference-answer', 'closed', 'member-message']);

function describe(ctx: TurnContext, e: TicketEvent): string {
  const text = e.text ? `: ${e.text.length > 300 ? `${e.text.slice(0, 300)}…` : e.text}` : '';
  return `${ctx.t(`ticket.event.${e.type}`)}${WITH_TEXT.has(e.type) ? text : ''}`;
}

/** "Gửi thêm thông tin": the next message goes to the ticket's thread in the staff chat. */
export async function startFollowUp(ctx: TurnContext, code: string): Promise<Reply[]> {
  const ticket = await ctx.deps.tickets.ofMember(ctx.conversationId, code);
  if (!ticket || ticket.state === 'closed') return showMyTicket(ctx, code);
  ctx.session.followUp = code;
  return [{ text: ctx.t('status.followUpPrompt', { code }), choices: [{ id: 'menu', label: ctx.t('form.cancel') }] }];
}

/** The member's follow-up text or photo on an open ticket. */
export async function sendFollowUp(ctx: TurnContext, code: string, content: { text?: string; photo?: string }): Promise<Reply[]> {
  ctx.session.followUp = undefined;
  const limits = ctx.deps.limits;
  if (limits && !(await limits.take('follow-up', code))) {
    return [{ text: ctx.t('limits.followUps', { code, max: limits.max('follow-up') }), choices: [{ id: `status:${code}`, label: ctx.t('status.view', { code }) }, menuChoice(ctx)] }];
  }
  const text = content.text ?? `[${ctx.t('status.photo')}]`;
  const result = await ctx.deps.tickets.memberMessage(code, ctx.conversationId, text, { text: content.text ?? null, photo: content.photo ?? null });
  if (!result.ok) return showMyTicket(ctx, code);
  ctx.effects.push({ type: 'member-follow-up', code, text: content.text ?? null, photo: content.photo ?? null });
  return [{ text: ctx.t('status.followUpSent', { code }), choices: [{ id: `followup:${code}`, label: ctx.t('status.followUpMore') }, menuChoice(ctx)] }];
}

/** The owner reopens a closed ticket: staff see it again in their queue and are told in the ticket's thread. */
export async function reopenMyTicket(ctx: TurnContext, code: string): Promise<Reply[]> {
  const result = await ctx.deps.tickets.reopen(code, ctx.conversationId);
  if (!result.ok) return showMyTicket(ctx, code);
  // The member reopens to say something: their next message goes to the ticket.
  ctx.session.followUp = code;
  return [{ text: ctx.t('status.reopened', { code }), choices: [menuChoice(ctx)] }];
}

/** A 1–5 rating after a ticket is closed. */
export async function rateTicket(ctx: TurnContext, value: string): Promise<Reply[]> {
  const [code = '', n = ''] = value.split(':');
  const result = await ctx.deps.tickets.rate(code, ctx.conversationId, Number(n));
  if (!result.ok) return showMenu(ctx, ctx.t('choice.expired'));
  // A poor rating is asked what went wrong: reopening the ticket lets the member say it to staff.
  if (Number(n) <= 2) return [{ text: ctx.t('status.ratedLow', { code }), choices: [{ id: `reopen:${code}`, label: ctx.t('status.reopen') }, menuChoice(ctx)] }];
  return showMenu(ctx, ctx.t('status.rated'));
}
