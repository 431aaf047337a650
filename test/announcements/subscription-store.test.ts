import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { redisSubscriptions } from '../../src/subscriptions/redis-subscriptions.js';
import { sqliteSubscriptions } from '../../src/subscriptions/sqlite-subscriptions.js';
import type { Subscription, SubscriptionStore } from '../../src/subscriptions/subscription.js';
import { redisStoreFixture } from '../support/redis-store.js';
import { storeSuite } from '../support/store-suite.js';

const sub = (memberId: string, over: Partial<Subscription> = {}): Subscription => ({
  memberId,
  topics: ['credit', 'dialogue'],
  commune: 'Xã Tân Yên',
  locale: 'vi',
  consentAt: '2026-11-30T03:00:00.000Z',
  ...over,
});

/** What every subscription store does. */
function contract(store: () => SubscriptionStore) {
  it('keeps one subscription per member with its consent time, replaced by a new one, erased on request', async () => {
    await store().save(sub('telegram:1'));
    expect(await store().get('telegram:1')).toEqual(sub('telegram:1'));
    await store().save(sub('telegram:1', { topics: ['tax'], commune: null, consentAt: '2026-12-01T00:00:00.000Z' }));
    expect(await store().get('telegram:1')).toEqual(sub('telegram:1', { topics: ['tax'], commune: null, consentAt: '2026-12-01T00:00:00.000Z' }));
    expect(await store().remove('telegram:1')).toBe(true);
    expect(await store().remove('telegram:1')).toBe(false);
    expect(await store().get('telegram:1')).toBeUndefined();
  });

  it('lists the audience by topic and commune, by member id, leaving out members who blocked the bot until they subscribe again', async () => {
    await store().save(sub('zalo:b'));
    await store().save(sub('telegram:a', { topics: ['tax'] }));
    await store().save(sub('web:c', { commune: 'Phường Kinh Bắc' }));
    await store().save(sub('telegram:d'));
    await store().markBlocked('telegram:d', '2026-11-30T04:00:00.000Z');
    await store().markBlocked('telegram:nobody', '2026-11-30T04:00:00.000Z');
    expect(await store().get('telegram:nobody')).toBeUndefined();
    expect((await store().get('telegram:d'))?.blockedAt).toBe('2026-11-30T04:00:00.000Z');
    const ids = async (filter?: Parameters<SubscriptionStore['active']>[0]) => (await store().active(filter)).map((s) => s.memberId);
    expect(await ids()).toEqual(['telegram:a', 'web:c', 'zalo:b']);
    expect(await ids({ topic: 'credit' })).toEqual(['web:c', 'zalo:b']);
    expect(await ids({ commune: 'Xã Tân Yên' })).toEqual(['telegram:a', 'zalo:b']);
    expect(await ids({ topic: 'credit', commune: 'Phường Kinh Bắc' })).toEqual(['web:c']);
    await store().save(sub('telegram:d'));
    expect(await ids({ topic: 'dialogue' })).toEqual(['telegram:d', 'web:c', 'zalo:b']);
  });
}

storeSuite('SQLite subscription store', async () => {
  const db = new Database(':memory:');
  return { store: sqliteSubscriptions(db), reset: async () => void db.exec('DELETE FROM subscriptions'), close: async () => void db.close() };
}, contract);

storeSuite('Redis subscription store', () => redisStoreFixture(redisSubscriptions), contract);
