import type { TurnContext } from '../context.js';
import type { Reply } from '../reply.js';
import { formatVietnamDay } from '../../time/vietnam-time.js';
import { showMenu } from './menu.js';
import { describe } from './subscribe.js';

/** /mydata: everything stored about this member (Decree 13/2023/NĐ-CP: the right to know). */
export async function myData(ctx: TurnContext): Promise<Reply[]> {
  const tickets = await ctx.deps.tickets.listOfMember(ctx.conversationId);
  const lines = [
    ctx.t('privacy.header', { id: ctx.conversationId }),
    ctx.t('privacy.language', { language: ctx.session.locale ?? '-' }),
    ctx.session.lastQuestion ? ctx.t('privacy.lastQuestion', { question: ctx.session.lastQuestion }) : '',
    ctx.session.form ? ctx.t('privacy.formInProgress') : '',
  ].filter(Boolean);
  for (const t of tickets) {
    lines.push(
      '',
      `${t.code} · ${ctx.t(`ticket.kind.${t.kind}`)} · ${ctx.t(`ticket.state.${t.state}`)} · ${formatVietnamDay(t.createdAt)}`,
      ...[t.cooperative, t.commune, t.phone, t.content].filter((x): x is string => Boolean(x)).map((x) => `  ${x}`),
    );
    for (const e of await ctx.deps.tickets.history(t.code)) {
      if (e.actor === 'member' && e.text) lines.push(`  ${formatVietnamDay(e.at)}: ${e.text}`);
    }
  }
  const subscription = await ctx.deps.subscriptions?.get(ctx.conversationId);
  if (subscription) {
    lines.push('', ctx.t('privacy.subscription', { ...describe(ctx, subscription.topics, subscription.commune), since: formatVietnamDay(subscription.consentAt) }));
    if (subscription.blockedAt) lines.push(ctx.t('privacy.subscriptionBlocked'));
  }
  lines.push('', ctx.t('privacy.footer'));
  return [{ text: lines.join('\n'), choices: [{ id: 'forget', label: ctx.t('privacy.forget') }, { id: 'menu', label: ctx.t('nav.menu') }] }];
}

/** /forget: asks first; nothing is erased without the confirmation. */
export function askForget(ctx: TurnContext): Reply[] {
  return [{ text: ctx.t('privacy.confirm'), choices: [{ id: 'forget:yes', label: ctx.t('privacy.yes') }, { id: 'menu', label: ctx.t('privacy.no') }] }];
}

/** Erases the member's personal data: tickets anonymised (kept for statistics), session and inbox deleted. */
export async function forget(ctx: TurnContext): Promise<Reply[]> {
  const count = await ctx.deps.tickets.anonymiseMember(ctx.conversationId);
  await ctx.deps.subscriptions?.remove(ctx.conversationId);
  ctx.session.subscribe = undefined;
  ctx.session.form = undefined;
  ctx.session.followUp = undefined;
  ctx.session.lastQuestion = undefined;
  ctx.effects.push({ type: 'forget-member' });
  return showMenu(ctx, ctx.t('privacy.done', { count }));
}
