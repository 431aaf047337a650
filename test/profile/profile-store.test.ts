import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { mergeProfiles, type MemberProfile, type ProfileStore } from '../../src/profile/profile.js';
import { redisProfiles } from '../../src/profile/redis-profiles.js';
import { sqliteProfiles } from '../../src/profile/sqlite-profiles.js';
import { redisStoreFixture } from '../support/redis-store.js';
import { storeSuite } from '../support/store-suite.js';

const profile = (over: Partial<MemberProfile> = {}): MemberProfile => ({
  name: 'Nguyễn Văn An',
  cooperative: 'HTX Nông nghiệp Tân Yên',
  commune: 'Xã Tân Yên',
  role: 'manager',
  phone: '+84912345678',
  consentAt: '2026-11-30T03:00:00.000Z',
  updatedAt: '2026-11-30T03:00:00.000Z',
  ...over,
});

/** What every profile store does. */
function contract(store: () => ProfileStore) {
  it('keeps one profile per member with its consent time, replaced when changed, erased on request', async () => {
    expect(await store().get('m:1')).toBeUndefined();
    await store().save('m:1', profile());
    expect(await store().get('m:1')).toEqual(profile());
    await store().save('m:1', profile({ phone: null, name: null, updatedAt: '2026-12-01T00:00:00.000Z' }));
    expect(await store().get('m:1')).toEqual(profile({ phone: null, name: null, updatedAt: '2026-12-01T00:00:00.000Z' }));
    expect(await store().get('telegram:2')).toBeUndefined();
    expect(await store().remove('m:1')).toBe(true);
    expect(await store().remove('m:1')).toBe(false);
    expect(await store().get('m:1')).toBeUndefined();
  });

  it('refuses a phone that is not a normalised Vietnamese mobile number', async () => {
    await expect(store().save('m:1', profile({ phone: '12345' }))).rejects.toThrow();
    expect(await store().get('m:1')).toBeUndefined();
  });
}

it('joins two profiles field by field, the first one first, keeping the earliest consent', () => {
  const joined = mergeProfiles(profile({ phone: null, commune: null }), profile({ name: 'Other', phone: '+84987654321', commune: 'Phường Kinh Bắc', consentAt: '2026-11-01T00:00:00.000Z' }));
  expect(joined).toEqual(profile({ phone: '+84987654321', commune: 'Phường Kinh Bắc', consentAt: '2026-11-01T00:00:00.000Z' }));
});

storeSuite('SQLite profile store', async () => {
  const db = new Database(':memory:');
  return { store: sqliteProfiles(db), reset: async () => void db.exec('DELETE FROM member_profiles'), close: async () => void db.close() };
}, contract);

storeSuite('Redis profile store', () => redisStoreFixture(redisProfiles), contract);
