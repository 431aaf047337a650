import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ensureOutboxTable } from '../../src/delivery/sqlite-outbox-table.js';
import { IdentityService } from '../../src/identity/identity-service.js';
import { sqliteLinks } from '../../src/identity/sqlite-links.js';
import { sqliteProfiles } from '../../src/profile/sqlite-profiles.js';
import { ProfileService } from '../../src/profile/profile-service.js';
import type { MemberProfile } from '../../src/profile/profile.js';
import { sqliteCounters } from '../../src/storage/sqlite/sqlite-counters.js';

const profile: MemberProfile = { name: 'Phạm Thị Hoa', cooperative: null, commune: null, role: null, phone: '+84912000111', consentAt: '2026-11-30T03:00:00.000Z', updatedAt: '2026-11-30T03:00:00.000Z' };

describe('a profile left under a conversation by a crash between linking and joining profiles', () => {
  it('is still found from either linked conversation, and erased by /forget from either', async () => {
    const db = new Database(':memory:');
    ensureOutboxTable(db);
    const links = sqliteLinks(db);
    const store = sqliteProfiles(db);
    const identity = new IdentityService({ links, counters: sqliteCounters(db), translator: () => (key) => key });
    const profiles = new ProfileService(store, identity);
    await store.save('telegram:2', profile);
    // The link is written; the process dies before the profiles are joined under the member.
    const { code } = await identity.issue('zalo:1', 'vi');
    const issued = (await links.peek(code, new Date()))!;
    expect(await links.redeem(issued, 'telegram:2', new Date(), 'm:1', [])).toBeDefined();
    expect(await profiles.get('zalo:1')).toEqual(profile);
    expect(await profiles.erase('zalo:1')).toBe(true);
    expect(await store.get('telegram:2')).toBeUndefined();
    expect(await profiles.get('telegram:2')).toBeUndefined();
    db.close();
  });
});
