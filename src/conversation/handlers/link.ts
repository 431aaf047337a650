import type { TurnContext } from '../context.js';
import type { Translate } from '../ports.js';
import type { Reply } from '../reply.js';
import { menuChoice, showMenu } from './menu.js';

/** A six-digit code sent on its own (or after "/link", "mã"): the member is linking this conversation. */
export function linkCodeIn(text: string): string | undefined {
  return /^(?:\/link\s+|ma\s*:?\s*|mã\s*:?\s*|code\s*:?\s*)?(\d{3})\s?(\d{3})$/i.exec(text.trim())?.slice(1, 3).join('');
}

/** How a conversation's channel is named to the member ("Zalo", "Telegram", "web chat"); a channel without a name, by its prefix. */
export function channelLabel(t: Translate, conversationId: string): string {
  const channel = conversationId.slice(0, conversationId.indexOf(':'));
  const key = `link.channel.${channel}`;
  const name = t(key);
  return name === key ? channel : name;
}

/** How the member's channels are named ("Zalo, Telegram"). */
export function channelNames(ctx: TurnContext, conversationIds: string[]): string {
  return conversationIds.map((id) => channelLabel(ctx.t, id)).join(', ');
}

/** /link: a code to send on the member's other channel; with a code ("/link 123456"), links this one. */
export async function startLink(ctx: TurnContext, args: string): Promise<Reply[]> {
  const identity = ctx.deps.identity;
  if (!identity) return showMenu(ctx, ctx.t('link.unavailable'));
  const typed = linkCodeIn(args);
  if (typed) return redeemCode(ctx, typed);
  const { code, minutes } = await identity.issue(ctx.conversationId, ctx.locale);
  const others = (await identity.linked(ctx.conversationId)).slice(1);
  const lines = [ctx.t('link.code', { code, minutes })];
  if (others.length > 0) lines.push('', ctx.t('link.alreadyWith', { channels: channelNames(ctx, others) }));
  return [{ text: lines.join('\n'), choices: [...(others.length > 0 ? [{ id: 'unlink', label: ctx.t('link.unlinkButton') }] : []), menuChoice(ctx)] }];
}

/** The member sent a code on this conversation. */
export async function redeemCode(ctx: TurnContext, code: string): Promise<Reply[]> {
  const identity = ctx.deps.identity;
  if (!identity) return showMenu(ctx, ctx.t('link.unavailable'));
  const result = await identity.redeem(ctx.conversationId, code);
  switch (result.outcome) {
    case 'linked':
      return showMenu(ctx, ctx.t('link.done', { channels: channelNames(ctx, result.conversations) }));
    case 'own':
      return [{ text: ctx.t('link.own'), choices: [menuChoice(ctx)] }];
    case 'already':
      return showMenu(ctx, ctx.t('link.already'));
    case 'limited':
      return showMenu(ctx, ctx.t('link.limited', { max: result.max }));
    case 'invalid':
      return [{ text: ctx.t(result.left > 0 ? 'link.invalid' : 'link.limitedNow', { left: result.left }), choices: [{ id: 'link', label: ctx.t('link.newCode') }, menuChoice(ctx)] }];
  }
}

/** "Tài khoản" (/account): linking channels and the profile, from one place. */
export async function accountMenu(ctx: TurnContext): Promise<Reply[]> {
  const others = ctx.deps.identity ? (await ctx.deps.identity.linked(ctx.conversationId)).slice(1) : [];
  const lines = [ctx.t('link.account')];
  if (others.length > 0) lines.push('', ctx.t('link.alreadyWith', { channels: channelNames(ctx, others) }));
  return [
    {
      text: lines.join('\n'),
      choices: [
        ...(ctx.deps.identity ? [{ id: 'link', label: ctx.t('link.linkButton') }] : []),
        ...(others.length > 0 ? [{ id: 'unlink', label: ctx.t('link.unlinkButton') }] : []),
        ...(ctx.deps.profiles ? [{ id: 'profile', label: ctx.t('link.profileButton') }] : []),
        menuChoice(ctx),
      ],
    },
  ];
}

/** /unlink: asks first, naming the channels this one is linked with. */
export async function askUnlink(ctx: TurnContext): Promise<Reply[]> {
  const others = ctx.deps.identity ? (await ctx.deps.identity.linked(ctx.conversationId)).slice(1) : [];
  if (others.length === 0) return [{ text: ctx.t('link.notLinked'), choices: [{ id: 'link', label: ctx.t('link.linkButton') }, menuChoice(ctx)] }];
  return [{ text: ctx.t('link.unlinkConfirm', { channels: channelNames(ctx, others) }), choices: [{ id: 'unlink:yes', label: ctx.t('link.unlinkYes') }, { id: 'menu', label: ctx.t('privacy.no') }] }];
}

/** Separates this conversation from the member's others (their tickets stay with the conversation they were filed from). */
export async function unlink(ctx: TurnContext): Promise<Reply[]> {
  const others = (await ctx.deps.identity?.unlink(ctx.conversationId)) ?? [];
  if (others.length === 0) return showMenu(ctx, ctx.t('link.notLinked'));
  return showMenu(ctx, ctx.t('link.unlinked', { channels: channelNames(ctx, others) }));
}
