import type { ProfilesPort } from '../conversation/ports.js';
import type { Redeemed } from '../identity/link-store.js';
import { mergeProfiles, type ProfileStore } from './profile.js';

/** Where a conversation's member keeps their data: the member id once linked, else the conversation id. */
export interface ProfileOwners {
  owner(conversationId: string): Promise<string>;
}

/**
 * The member's profile through any of their conversations: kept under the member id once linked
 * (under the conversation id before). A profile kept under the conversation id before a link that
 * has not been joined yet (a crash between the link and the join) is still found.
 */
export class ProfileService implements ProfilesPort {
  constructor(
    private readonly store: ProfileStore,
    private readonly owners?: ProfileOwners,
  ) {}

  private async owner(conversationId: string): Promise<string> {
    return this.owners ? this.owners.owner(conversationId) : conversationId;
  }

  async get(conversationId: string) {
    const owner = await this.owner(conversationId);
    return (await this.store.get(owner)) ?? (owner === conversationId ? undefined : await this.store.get(conversationId));
  }

  async save(conversationId: string, profile: Parameters<ProfilesPort['save']>[1]) {
    const owner = await this.owner(conversationId);
    await this.store.save(owner, profile);
    if (owner !== conversationId) await this.store.remove(conversationId);
  }

  async erase(conversationId: string) {
    const owner = await this.owner(conversationId);
    const a = await this.store.remove(owner);
    const b = owner !== conversationId && (await this.store.remove(conversationId));
    return a || b;
  }

  /** A member was left with one conversation (/unlink): the profile kept under the member goes back to it. */
  async dissolve(memberId: string, remaining: string): Promise<void> {
    const kept = mergeProfiles(await this.store.get(memberId), await this.store.get(remaining));
    if (kept) await this.store.save(remaining, kept);
    await this.store.remove(memberId);
  }

  /** Two conversations became one member: their profiles are joined under the member (the first conversation's fields first). */
  async join(redeemed: Redeemed): Promise<void> {
    const from = [...new Set([redeemed.issuerBefore, redeemed.redeemerBefore])].filter((k) => k !== redeemed.memberId);
    if (from.length === 0) return;
    let merged = await this.store.get(redeemed.memberId);
    for (const key of from) merged = mergeProfiles(merged, await this.store.get(key));
    if (merged) await this.store.save(redeemed.memberId, merged);
    for (const key of from) await this.store.remove(key);
  }
}
