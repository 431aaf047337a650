import type { ProfilesPort } from '../conversation/ports.js';
import type { Redeemed } from '../identity/link-store.js';
import { mergeProfiles, type ProfileStore } from './profile.js';

/** Where a conversation's member keeps their data: the member id once linked, else the conversation id. */
export interface ProfileOwners {
  owner(conversationId: string): Promise<string>;
  /** The member's conversations, this one first. */
  linked(conversationId: string): Promise<string[]>;
}

/**
 * The member's profile through any of their conversations: kept under the member id once linked
 * (under the conversation id before). A profile kept under a conversation id before a link that has
 * not been joined yet (a crash between the link and the join) is still found, and erased with it.
 */
export class ProfileService implements ProfilesPort {
  constructor(
    private readonly store: ProfileStore,
    private readonly owners?: ProfileOwners,
  ) {}

  /** Where the member's profile may be kept: the member first, then each of their conversations. */
  private async keys(conversationId: string): Promise<string[]> {
    if (!this.owners) return [conversationId];
    return [...new Set([await this.owners.owner(conversationId), ...(await this.owners.linked(conversationId))])];
  }

  async get(conversationId: string) {
    for (const key of await this.keys(conversationId)) {
      const found = await this.store.get(key);
      if (found) return found;
    }
    return undefined;
  }

  async save(conversationId: string, profile: Parameters<ProfilesPort['save']>[1]) {
    const [owner, ...others] = await this.keys(conversationId);
    await this.store.save(owner!, profile);
    for (const key of others) await this.store.remove(key);
  }

  async erase(conversationId: string) {
    let erased = false;
    for (const key of await this.keys(conversationId)) erased = (await this.store.remove(key)) || erased;
    return erased;
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
