import type { TurnContext } from '../context.js';
import type { Translate } from '../ports.js';
import type { Reply } from '../reply.js';
import { menuChoice, showMenu } from './menu.js';

/** A six-digit code sent on its own (or after "/link", "mã"): the member is linking this conversation. */
export function linkCodeIn(text: string): string | undefined {
  return /^(?:\/link\s+|ma\s*:?\s*|mã\s*:?\s*|code\s*:?\s*)?(\d{3})\s?(\d{3})$/i.exec(text.trim())?.slice(1, 3).join('');
}

/**
 * How a conversation's channel is named to the member ("Zalo", "Telegram", "web chat"): both Zalo
 * channels are "Zalo", the Official Account told apart only when the member has both
 * (`member`: all their conversations). A channel without a name, by its prefix. Never an id.
 */
export function channelLabel(t: Translate, conversationId: string, member: readonly string[] = []): string {
  const channel = conversationId.slice(0, conversationId.indexOf(':'));
  if (channel === 'zalo-oa' && member.some((id) => id.startsWith('zalo:'))) return t('link.zaloOfficial');
  const key = `link.channel.${channel}`;
  const name = t(key);
  return name === key ? channel : name;
}

/** A list as said in a sentence: "Telegram", "Telegram và Zalo", "Telegram, Zalo và trò chuyện trên web". */
export function sayList(t: Translate, names: string[]): string {
  return names.length < 2 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} ${t('link.and')} ${names.at(-1)}`;
}

/** How the member's channels are named ("Telegram và Zalo"); `member`: all their conversations (this one included). */
export function channelNames(ctx: TurnContext, conversationIds: string[], member: readonly string[] = [ctx.conversationId, ...conversationIds]): string {
  return sayList(ctx.t, conversationIds.map((id) => channelLabel(ctx.t, id, member)));
}

/** /link: a code to send on the member's other channel; with a code ("/link 123456"), links this one. */
export async function startLink(ctx: TurnContext, args: string): Promise<Reply[]> {
  const identity = ctx.deps.identity;
  if (!identity) return showMenu(ctx, ctx.t('link.unavailable'));
  const typed = linkCodeIn(args);
  if (typed) return redeemCode(ctx, typed, true);
  const { code, minutes, replaced } = await identity.issue(ctx.conversationId, ctx.locale);
  const linked = await identity.linked(ctx.conversationId);
  const others = linked.slice(1);
  const lines = [ctx.t('link.code', { code, minutes })];
  // Asking again voids the code given before: said, so a member holding the old one is not surprised.
  if (replaced) lines.push('', ctx.t('link.codeReplaced'));
  if (others.length > 0) lines.push('', ctx.t('link.alreadyWith', { channels: channelNames(ctx, others, linked) }));
  return [{ text: lines.join('\n'), choices: [...(others.length > 0 ? [{ id: 'unlink', label: ctx.t('link.unlinkButton') }] : []), menuChoice(ctx)] }];
}

/**
 * The member sent a code on this conversation: after /link (`explicit`), or six digits on their own,
 * which a member who is not linking may also send (a wrong one is still counted against guessing,
 * and answered so that both understand it).
 */
export async function redeemCode(ctx: TurnContext, code: string, explicit = false): Promise<Reply[]> {
  const identity = ctx.deps.identity;
  if (!identity) return showMenu(ctx, ctx.t('link.unavailable'));
  const result = await identity.redeem(ctx.conversationId, code);
  switch (result.outcome) {
    case 'linked':
      return showMenu(ctx, ctx.t('link.done', { channels: channelNames(ctx, result.conversations, result.conversations) }));
    case 'own':
      return [{ text: ctx.t('link.own'), choices: [menuChoice(ctx)] }];
    case 'already':
      return showMenu(ctx, ctx.t('link.already'));
    case 'limited':
      return showMenu(ctx, ctx.t(explicit ? 'link.limited' : 'link.limitedBare', { max: result.max }));
    case 'invalid':
      if (!explicit) return showMenu(ctx, ctx.t(result.left > 0 ? 'link.invalidBare' : 'link.limitedBare', { code, left: result.left }));
      return [{ text: ctx.t(result.left > 0 ? 'link.invalid' : 'link.limitedNow', { left: result.left }), choices: [{ id: 'link', label: ctx.t('link.newCode') }, menuChoice(ctx)] }];
  }
}

/** "Tài khoản" (/account): linking channels and the profile, from one place. */
export async function accountMenu(ctx: TurnContext): Promise<Reply[]> {
  const linked = ctx.deps.identity ? await ctx.deps.identity.linked(ctx.conversationId) : [ctx.conversationId];
  const others = linked.slice(1);
  const lines = [ctx.t('link.account')];
  if (others.length > 0) lines.push('', ctx.t('link.alreadyWith', { channels: channelNames(ctx, others, linked) }));
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
  const linked = ctx.deps.identity ? await ctx.deps.identity.linked(ctx.conversationId) : [ctx.conversationId];
  const others = linked.slice(1);
  if (others.length === 0) return [{ text: ctx.t('link.notLinked'), choices: [{ id: 'link', label: ctx.t('link.linkButton') }, menuChoice(ctx)] }];
  return [{ text: ctx.t('link.unlinkConfirm', { channels: channelNames(ctx, others, linked) }), choices: [{ id: 'unlink:yes', label: ctx.t('link.unlinkYes') }, { id: 'menu', label: ctx.t('privacy.no') }] }];
}

/**
 * Separates this conversation from the member's others (their tickets stay with the conversation
 * they were filed from); the others are told too. The channels are named in the order the question named them.
 */
export async function unlink(ctx: TurnContext): Promise<Reply[]> {
  const linked = ctx.deps.identity ? await ctx.deps.identity.linked(ctx.conversationId) : [ctx.conversationId];
  const others = (await ctx.deps.identity?.unlink(ctx.conversationId, ctx.locale)) ?? [];
  if (others.length === 0) return showMenu(ctx, ctx.t('link.notLinked'));
  const named = [...linked.filter((id) => others.includes(id)), ...others.filter((id) => !linked.includes(id))];
  return showMenu(ctx, ctx.t('link.unlinked', { channels: channelNames(ctx, named, linked) }));
}
