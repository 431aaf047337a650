import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import { expect, it } from 'vitest';
import type { DeliveryJob } from '../../src/delivery/delivery-job.js';
import { ensureOutboxTable } from '../../src/delivery/sqlite-outbox-table.js';
import { LINK_CODE_TTL_MS, type LinkCode, type LinkStore } from '../../src/identity/link-store.js';
import { redisLinks } from '../../src/identity/redis-links.js';
import { sqliteLinks } from '../../src/identity/sqlite-links.js';
import { redisKeys } from '../../src/storage/redis/keys.js';
import { redisStoreFixture } from '../support/redis-store.js';
import { storeSuite } from '../support/store-suite.js';

/** A link store, the same store seen by a second process (its own connection), and the delivery outbox they write to. */
interface Fixture {
  links: LinkStore;
  second: LinkStore;
  outbox(): Promise<Array<Pick<DeliveryJob, 'key' | 'channel'>>>;
}

const T0 = new Date('2026-11-30T03:00:00.000Z');
const later = (ms: number) => new Date(T0.getTime() + ms);
const code = (digits: string, conversationId: string, issuedAt = T0): LinkCode => ({ code: digits, conversationId, locale: 'vi', issuedAt: issuedAt.toISOString() });
const job = (key: string, channel = 'zalo'): DeliveryJob => ({ key, channel, parts: [{ conversationId: `${channel}:a`, reply: { text: 'linked' } }] });
const ids = async (store: LinkStore, id: string) => (await store.links(id)).conversations.map((c) => c.conversationId);

function contract(fixture: () => Fixture) {
  const links = () => fixture().links;

  it('gives a code that works ten minutes, one live code per conversation, and never the digits of another live code', async () => {
    expect(await links().issue(code('123456', 'zalo:a'))).toBe(true);
    expect(await links().peek('123456', later(LINK_CODE_TTL_MS - 1000))).toEqual(code('123456', 'zalo:a'));
    expect(await links().peek('123456', later(LINK_CODE_TTL_MS))).toBeUndefined();
    expect(await links().issue(code('123456', 'telegram:b'))).toBe(false);
    // A second /link on the same conversation: the first code stops working.
    expect(await links().issue(code('654321', 'zalo:a'))).toBe(true);
    expect(await links().peek('123456', T0)).toBeUndefined();
    expect(await links().peek('654321', T0)).toEqual(code('654321', 'zalo:a'));
  });

  it('links the conversation that sends the code to the one that asked for it, with the confirmation in the same write; the link is kept', async () => {
    await links().issue(code('111111', 'zalo:a'));
    const redeemed = await links().redeem(code('111111', 'zalo:a'), 'telegram:b', later(60_000), 'm:1', [job('linked:zalo:a:111111')]);
    expect(redeemed).toEqual({ memberId: 'm:1', issuerBefore: 'zalo:a', redeemerBefore: 'telegram:b' });
    // The one who just sent the code wrote last: a staff answer goes there.
    expect(await links().links('zalo:a')).toEqual({
      memberId: 'm:1',
      conversations: [
        { conversationId: 'telegram:b', lastSeenAt: later(60_000).toISOString() },
        { conversationId: 'zalo:a', lastSeenAt: T0.toISOString() },
      ],
    });
    expect((await fixture().outbox()).map((j) => j.key)).toEqual(['linked:zalo:a:111111']);
    // Seen from another connection (a second process, or after a restart).
    expect(await ids(fixture().second, 'telegram:b')).toEqual(['telegram:b', 'zalo:a']);
    // The code is used up.
    expect(await links().peek('111111', later(60_000))).toBeUndefined();
    expect(await links().redeem(code('111111', 'zalo:a'), 'web:c', later(61_000), 'm:2', [job('linked:again')])).toBeUndefined();
    expect((await fixture().outbox()).map((j) => j.key)).toEqual(['linked:zalo:a:111111']);
  });

  it('links once when two processes send the same code at the same moment', async () => {
    await links().issue(code('222222', 'zalo:a'));
    const results = await Promise.all([
      links().redeem(code('222222', 'zalo:a'), 'telegram:b', later(1000), 'm:b', [job('linked:b', 'zalo')]),
      fixture().second.redeem(code('222222', 'zalo:a'), 'web:c', later(1000), 'm:c', [job('linked:c', 'zalo')]),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results[0] ? 'telegram:b' : 'web:c';
    expect(await ids(links(), 'zalo:a')).toEqual([winner, 'zalo:a']);
    expect(await fixture().outbox()).toHaveLength(1);
  });

  it('refuses an expired code and writes nothing', async () => {
    await links().issue(code('333333', 'zalo:a'));
    expect(await links().redeem(code('333333', 'zalo:a'), 'telegram:b', later(LINK_CODE_TTL_MS), 'm:1', [job('k')])).toBeUndefined();
    expect(await ids(links(), 'zalo:a')).toEqual(['zalo:a']);
    expect((await links().links('telegram:b')).memberId).toBeNull();
    expect(await fixture().outbox()).toEqual([]);
  });

  it('joins two linked members into one, orders by last seen, and records seen only for linked conversations', async () => {
    await links().issue(code('444444', 'zalo:a'));
    await links().redeem(code('444444', 'zalo:a'), 'telegram:b', later(1000), 'm:ab', []);
    await links().issue(code('555555', 'web:c', later(2000)));
    await links().redeem(code('555555', 'web:c', later(2000)), 'zalo-oa:d', later(3000), 'm:cd', []);
    await links().issue(code('666666', 'telegram:b', later(4000)));
    const joined = await links().redeem(code('666666', 'telegram:b', later(4000)), 'web:c', later(5000), 'm:new', []);
    expect(joined).toEqual({ memberId: 'm:ab', issuerBefore: 'm:ab', redeemerBefore: 'm:cd' });
    await links().seen('zalo:a', later(6000).toISOString());
    await links().seen('telegram:lonely', later(6000).toISOString());
    expect(await ids(links(), 'zalo-oa:d')).toEqual(['zalo:a', 'web:c', 'zalo-oa:d', 'telegram:b']);
    expect((await links().links('zalo-oa:d')).memberId).toBe('m:ab');
    expect(await links().links('telegram:lonely')).toEqual({ memberId: null, conversations: [{ conversationId: 'telegram:lonely', lastSeenAt: null }] });
  });

  it('unlinks one conversation from the others; a member left with one conversation is no longer linked', async () => {
    await links().issue(code('777777', 'zalo:a'));
    await links().redeem(code('777777', 'zalo:a'), 'telegram:b', later(1000), 'm:1', []);
    await links().issue(code('888888', 'zalo:a', later(2000)));
    await links().redeem(code('888888', 'zalo:a', later(2000)), 'web:c', later(3000), 'm:2', []);
    expect(await links().unlink('telegram:b')).toEqual(['web:c', 'zalo:a']);
    expect(await ids(links(), 'telegram:b')).toEqual(['telegram:b']);
    expect(await ids(links(), 'zalo:a')).toEqual(['web:c', 'zalo:a']);
    expect(await links().unlink('web:c')).toEqual(['zalo:a']);
    expect((await links().links('zalo:a')).memberId).toBeNull();
    expect(await links().unlink('zalo:a')).toEqual([]);
  });

  it('writes the notices of an unlink to the outbox in the same step, only to conversations that were the member\'s', async () => {
    await links().issue(code('565656', 'zalo:a'));
    await links().redeem(code('565656', 'zalo:a'), 'telegram:b', later(1000), 'm:1', []);
    const notices = [
      { to: 'zalo:a', job: job('unlinked:m:1:telegram:b:zalo:a') },
      { to: 'web:stranger', job: job('unlinked:m:1:telegram:b:web:stranger', 'web') },
    ];
    expect(await links().unlink('telegram:b', notices)).toEqual(['zalo:a']);
    expect((await fixture().outbox()).map((j) => j.key)).toEqual(['unlinked:m:1:telegram:b:zalo:a']);
    // Not linked any more: a second unlink writes nothing.
    expect(await links().unlink('telegram:b', notices)).toEqual([]);
    expect(await fixture().outbox()).toHaveLength(1);
  });

  it('tells the live code a conversation was given, so a second /link can say the first one stopped working', async () => {
    expect(await links().codeOf('zalo:a', T0)).toBeUndefined();
    await links().issue(code('343434', 'zalo:a'));
    expect(await links().codeOf('zalo:a', later(1000))).toEqual(code('343434', 'zalo:a'));
    expect(await fixture().second.codeOf('zalo:a', later(LINK_CODE_TTL_MS))).toBeUndefined();
    await links().issue(code('353535', 'zalo:a', later(2000)));
    expect((await links().codeOf('zalo:a', later(3000)))?.code).toBe('353535');
  });

  it('forgets a member: every link and every live code of their conversations', async () => {
    await links().issue(code('999999', 'zalo:a'));
    await links().redeem(code('999999', 'zalo:a'), 'telegram:b', later(1000), 'm:1', []);
    await links().issue(code('121212', 'telegram:b', later(2000)));
    await links().issue(code('131313', 'web:other', later(2000)));
    await links().forget('zalo:a');
    expect((await links().links('telegram:b')).memberId).toBeNull();
    expect((await links().links('zalo:a')).memberId).toBeNull();
    expect(await links().peek('121212', later(3000))).toBeUndefined();
    expect(await links().peek('131313', later(3000))).toBeDefined();
  });
}

storeSuite<Fixture>(
  'SQLite link store',
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'htx-links-'));
    const db = new Database(join(dir, 'bot.db'));
    ensureOutboxTable(db);
    const other = new Database(join(dir, 'bot.db'));
    other.pragma('busy_timeout = 5000');
    const store = { links: sqliteLinks(db), second: sqliteLinks(other), outbox: async () => db.prepare<[], { key: string; channel: string }>('SELECT key, channel FROM delivery_outbox ORDER BY id').all() };
    return {
      store,
      reset: async () => void db.exec('DELETE FROM link_codes; DELETE FROM member_links; DELETE FROM delivery_outbox'),
      close: async () => {
        db.close();
        other.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
  contract,
);

storeSuite<Fixture>(
  'Redis link store',
  async () => {
    const fixture = await redisStoreFixture((redis) => ({ links: redisLinks(redis), outbox: async () => (await redis.lrange(redisKeys.outbox(), 0, -1)).map((raw) => JSON.parse(raw) as DeliveryJob) }));
    const second = new Redis(fixture.url);
    const store: Fixture = { ...fixture.store, second: redisLinks(second) };
    return {
      store,
      reset: fixture.reset,
      close: async () => {
        second.disconnect();
        await fixture.close();
      },
    };
  },
  contract,
);
