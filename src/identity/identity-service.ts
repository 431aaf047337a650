import { randomInt, randomUUID } from 'node:crypto';
import type { IdentityPort, RedeemOutcome, Translate } from '../conversation/ports.js';
import { channelLabel } from '../conversation/handlers/link.js';
import type { Locale } from '../conversation/session.js';
import type { DeliveryJob } from '../delivery/delivery-job.js';
import { memberChannel, type MemberPart } from '../relay/payloads.js';
import type { RateCounter } from '../storage/ports.js';
import { LINK_CODE_TTL_MS, type LinkCode, type LinkStore, type Redeemed, type UnlinkNotice } from './link-store.js';

/** Wrong codes a conversation may send in an hour before it is told to wait (10⁶ codes: guessing one is hopeless). */
export const MAX_WRONG_CODES_PER_HOUR = 5;

export interface IdentityServiceDeps {
  links: LinkStore;
  counters: RateCounter;
  translator: (locale: Locale) => Translate;
  now?: () => Date;
  /** Called after a link wrote its confirmation to the outbox (the queue looks at once). */
  jobsWritten?: () => void;
  /** Called after two conversations became one member (their profiles are joined). */
  linked?: (redeemed: Redeemed) => Promise<void>;
  /** Called after a member was left with one conversation by /unlink (their profile goes back to it). */
  dissolved?: (memberId: string, remaining: string) => Promise<void>;
  maxWrongCodes?: number;
}

/**
 * Linked identity: /link gives a six-digit code (random, one live code per conversation, valid ten
 * minutes, consumed once); sending it on another conversation makes the two one member, confirmed on
 * the first through the durable queue (in the same write as the link). Wrong codes are counted per
 * conversation and hour.
 */
export class IdentityService implements IdentityPort {
  private readonly now: () => Date;
  private readonly maxWrong: number;

  constructor(private readonly deps: IdentityServiceDeps) {
    this.now = deps.now ?? (() => new Date());
    this.maxWrong = deps.maxWrongCodes ?? MAX_WRONG_CODES_PER_HOUR;
  }

  async linked(conversationId: string): Promise<string[]> {
    const { conversations } = await this.deps.links.links(conversationId);
    return [conversationId, ...conversations.map((c) => c.conversationId).filter((id) => id !== conversationId)];
  }

  /** The conversation a notice to this member goes to: the linked one they wrote from last (itself when not linked). */
  async route(conversationId: string): Promise<string> {
    const { conversations } = await this.deps.links.links(conversationId);
    return conversations[0]?.lastSeenAt ? conversations[0].conversationId : conversationId;
  }

  /** The key the member's own data (the profile) is kept under: the member id once linked, else the conversation id. */
  async owner(conversationId: string): Promise<string> {
    return (await this.deps.links.links(conversationId)).memberId ?? conversationId;
  }

  async seen(conversationId: string): Promise<void> {
    await this.deps.links.seen(conversationId, this.now().toISOString());
  }

  async issue(conversationId: string, locale: Locale): Promise<{ code: string; minutes: number; replaced: boolean }> {
    const now = this.now();
    const replaced = (await this.deps.links.codeOf(conversationId, now)) !== undefined;
    for (;;) {
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      if (await this.deps.links.issue({ code, conversationId, locale, issuedAt: now.toISOString() })) return { code, minutes: LINK_CODE_TTL_MS / 60_000, replaced };
    }
  }

  async redeem(conversationId: string, digits: string): Promise<RedeemOutcome> {
    const attempts = `link-wrong:${conversationId}`;
    if ((await this.deps.counters.peek(attempts)) >= this.maxWrong) return { outcome: 'limited', max: this.maxWrong };
    const now = this.now();
    const code = await this.deps.links.peek(digits, now);
    if (code?.conversationId === conversationId) return { outcome: 'own' };
    if (code && (await this.linked(conversationId)).includes(code.conversationId)) return { outcome: 'already' };
    const redeemed = code && (await this.deps.links.redeem(code, conversationId, now, `m:${randomUUID()}`, [this.confirmation(code, conversationId)]));
    if (!code || !redeemed) {
      const wrong = await this.deps.counters.hit(attempts, 3600);
      return { outcome: 'invalid', left: Math.max(0, this.maxWrong - wrong) };
    }
    this.deps.jobsWritten?.();
    await this.deps.linked?.(redeemed);
    return { outcome: 'linked', conversations: await this.linked(conversationId) };
  }

  /**
   * Separates the conversation; each of the member's other conversations is told through the
   * durable queue, in the same store step, keyed by the member, both conversations and the time.
   */
  async unlink(conversationId: string, locale: Locale = 'vi'): Promise<string[]> {
    const { memberId, conversations } = await this.deps.links.links(conversationId);
    const member = conversations.map((c) => c.conversationId);
    const at = this.now().toISOString();
    const t = this.deps.translator(locale);
    const notices: UnlinkNotice[] = member
      .filter((id) => id !== conversationId)
      .map((to) => {
        const part: MemberPart = { conversationId: to, reply: { text: t('link.unlinkedThere', { channel: channelLabel(t, conversationId, member) }) }, notice: true };
        return { to, job: { key: `unlinked:${memberId}:${conversationId}:${to}:${at}`, channel: memberChannel(to), parts: [part] } };
      });
    const others = await this.deps.links.unlink(conversationId, notices);
    if (others.length > 0) this.deps.jobsWritten?.();
    if (memberId && others.length === 1) await this.deps.dissolved?.(memberId, others[0]!);
    return others;
  }

  async forget(conversationId: string): Promise<void> {
    await this.deps.links.forget(conversationId);
  }

  /** "Linked with Telegram", said on the conversation that asked for the code; keyed by the code, sent once. */
  private confirmation(code: LinkCode, redeemer: string): DeliveryJob {
    const t = this.deps.translator(code.locale);
    const part: MemberPart = { conversationId: code.conversationId, reply: { text: t('link.confirmedThere', { channel: channelLabel(t, redeemer, [code.conversationId, redeemer]) }) }, notice: true };
    return { key: `linked:${code.conversationId}:${code.code}:${code.issuedAt}`, channel: memberChannel(code.conversationId), parts: [part] };
  }
}
