import type { TurnContext } from '../context.js';
import type { Reply } from '../reply.js';
import { formatVietnamDay } from '../../time/vietnam-time.js';
import { showMenu } from './menu.js';
import { describe } from './subscribe.js';
import { channelLabel, channelNames } from './link.js';
import { showPhone } from '../../profile/phone-display.js';
import { profileLines } from './profile.js';

/** /mydata: everything stored about this member (Decree 13/2023/NĐ-CP: the right to know). */
export async function myData(ctx: TurnContext): Promise<Reply[]> {
  const tickets = await ctx.deps.tickets.listOfMember(ctx.conversationId);
  const linked = ctx.deps.identity ? await ctx.deps.identity.linked(ctx.conversationId) : [ctx.conversationId];
  // Channels by name, never conversation ids; the language by its name.
  const lines = [
    ctx.t('privacy.header', { channel: channelLabel(ctx.t, ctx.conversationId, linked) }),
    ctx.t('privacy.language', { language: ctx.session.locale ? ctx.t(`privacy.languageName.${ctx.session.locale}`) : ctx.t('privacy.languageNone') }),
    ctx.session.lastQuestion ? ctx.t('privacy.lastQuestion', { question: ctx.session.lastQuestion }) : '',
    ctx.session.form ? ctx.t('privacy.formInProgress') : '',
  ].filter(Boolean);
  if (linked.length > 1) lines.push(ctx.t('privacy.linked', { channels: channelNames(ctx, linked.slice(1), linked) }));
  const profile = await ctx.deps.profiles?.get(ctx.conversationId);
  if (profile) lines.push('', ctx.t('privacy.profile', { since: formatVietnamDay(profile.consentAt) }), ...profileLines(ctx, profile).map((l) => `  ${l}`));
  for (const t of tickets) {
    lines.push(
      '',
      `${t.code} · ${ctx.t(`ticket.kind.${t.kind}`)} · ${ctx.t(`ticket.state.${t.state}`)} · ${formatVietnamDay(t.createdAt)}`,
      ...[t.cooperative, t.commune, t.phone && showPhone(t.phone), t.content].filter((x): x is string => Boolean(x)).map((x) => `  ${x}`),
    );
    for (const e of await ctx.deps.tickets.history(t.code)) {
      if (e.actor === 'member' && e.text) lines.push(`  ${formatVietnamDay(e.at)}: ${e.text}`);
    }
  }
  for (const id of linked) {
    const subscription = await ctx.deps.subscriptions?.get(id);
    if (!subscription) continue;
    lines.push('', ctx.t('privacy.subscription', { ...describe(ctx, subscription.topics, subscription.commune), since: formatVietnamDay(subscription.consentAt) }) + (linked.length > 1 ? ` (${channelNames(ctx, [id], linked)})` : ''));
    if (subscription.blockedAt) lines.push(ctx.t('privacy.subscriptionBlocked'));
  }
  lines.push('', ctx.t('privacy.footer'));
  return [{ text: lines.join('\n'), choices: [{ id: 'forget', label: ctx.t('privacy.forget') }, { id: 'menu', label: ctx.t('nav.menu') }] }];
}

/** /forget: asks first; nothing is erased without the confirmation. */
export function askForget(ctx: TurnContext): Reply[] {
  return [{ text: ctx.t('privacy.confirm'), choices: [{ id: 'forget:yes', label: ctx.t('privacy.yes') }, { id: 'menu', label: ctx.t('privacy.no') }] }];
}

/**
 * Erases the member's personal data on every linked conversation: tickets anonymised (kept for
 * statistics), subscriptions, profile and links; sessions and inboxes are deleted after the turn.
 */
export async function forget(ctx: TurnContext): Promise<Reply[]> {
  const linked = ctx.deps.identity ? await ctx.deps.identity.linked(ctx.conversationId) : [ctx.conversationId];
  let count = 0;
  for (const id of linked) {
    count += await ctx.deps.tickets.anonymiseMember(id);
    await ctx.deps.subscriptions?.remove(id);
  }
  await ctx.deps.profiles?.erase(ctx.conversationId);
  await ctx.deps.identity?.forget(ctx.conversationId);
  ctx.session.profile = undefined;
  ctx.session.subscribe = undefined;
  ctx.session.form = undefined;
  ctx.session.followUp = undefined;
  ctx.session.lastQuestion = undefined;
  ctx.effects.push({ type: 'forget-member', ...(linked.length > 1 ? { linked: linked.slice(1) } : {}) });
  return showMenu(ctx, ctx.t('privacy.done', { count }));
}
