import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import type { ZaloOaStore } from '../../../src/channels/zalo-oa/oa-store.js';
import { releaseHeld } from '../../../src/channels/zalo-oa/oa-sender.js';
import type { DeliveryJob } from '../../../src/delivery/delivery-job.js';
import type { DeliveryQueue } from '../../../src/delivery/ports.js';
import { redisZaloOaStore } from '../../../src/channels/zalo-oa/redis-oa-store.js';
import { sqliteZaloOaStore } from '../../../src/channels/zalo-oa/sqlite-oa-store.js';
import { redisStoreFixture } from '../../support/redis-store.js';
import { storeSuite } from '../../support/store-suite.js';
import { redisKeys } from '../../../src/storage/redis/keys.js';

const held = (memberId: string, id: string, jobKey = 'reply:KK-2026-0001:a') => ({ id, memberId, jobKey, texts: [`text of ${id}`], heldAt: 1 });

/** The store, and the delivery outbox its writes share (where a hand-over of waiting messages goes). */
type StoreWithOutbox = ZaloOaStore & { outbox(): Promise<DeliveryJob[]> };

function contract(store: () => StoreWithOutbox) {
  it('starts the token chain from the environment once, and again only from a new value there', async () => {
    await Promise.all([store().seed('rt-env-1', 1), store().seed('rt-env-1', 2)]);
    const first = await store().tokens();
    expect(first).toMatchObject({ refreshToken: 'rt-env-1', accessToken: '', seed: 'rt-env-1' });
    expect(await store().replaceTokens({ ...first!, accessToken: 'at-1', refreshToken: 'rt-2', expiresAt: 100 }, first!.version)).toBe(true);
    await store().seed('rt-env-1', 3);
    expect((await store().tokens())!.refreshToken).toBe('rt-2'); // a restart keeps the chain
    await store().seed('rt-env-2', 4);
    expect(await store().tokens()).toMatchObject({ refreshToken: 'rt-env-2', accessToken: '', seed: 'rt-env-2' });
  });

  it('replaces the pair only from the version it read (two writers: one wins)', async () => {
    await store().seed('rt-env', 1);
    const t = (await store().tokens())!;
    const { version, ...rest } = t;
    const [a, b] = await Promise.all([store().replaceTokens({ ...rest, refreshToken: 'rt-a' }, version), store().replaceTokens({ ...rest, refreshToken: 'rt-b' }, version)]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    const now = (await store().tokens())!;
    expect(now.version).toBe(version + 1);
    expect(now.refreshToken).toBe(a ? 'rt-a' : 'rt-b');
  });

  it('gives the refresh lock to one owner until it is released or expires', async () => {
    const t0 = Date.now();
    expect(await store().lock('p1', 60_000, t0)).toBe(true);
    expect(await store().lock('p2', 60_000, t0)).toBe(false);
    await store().unlock('p2'); // not its lock: nothing happens
    expect(await store().lock('p2', 60_000, t0)).toBe(false);
    await store().unlock('p1');
    expect(await store().lock('p2', 50, Date.now())).toBe(true);
    await new Promise((r) => setTimeout(r, 80));
    expect(await store().lock('p3', 60_000, Date.now())).toBe(true);
  });

  it('keeps a waiting message once, in order, per member, until released', async () => {
    await store().hold(held('zalo-oa:u1', 'job-a#0'));
    await store().hold(held('zalo-oa:u1', 'job-b#0', 'reply:KK-2026-0002:b'));
    await store().hold(held('zalo-oa:u1', 'job-a#0')); // the same part again
    await store().hold(held('zalo-oa:u2', 'job-c#0', 'reply:KK-2026-0003:c'));
    expect((await store().held('zalo-oa:u1')).map((h) => h.id)).toEqual(['job-a#0', 'job-b#0']);
    expect(await store().isHeld('reply:KK-2026-0001:a')).toBe(true);
    await store().release('zalo-oa:u1', ['job-a#0']);
    expect((await store().held('zalo-oa:u1')).map((h) => h.texts)).toEqual([['text of job-b#0']]);
    expect(await store().isHeld('reply:KK-2026-0001:a')).toBe(false);
    expect(await store().isHeld('reply:KK-2026-0003:c')).toBe(true);
    expect(await store().held('zalo-oa:nobody')).toEqual([]);
  });

  it('hands waiting messages to the queue once, however many releases run and whatever is held meanwhile', async () => {
    const member = 'zalo-oa:race';
    const queue = { nudge: () => undefined } as unknown as DeliveryQueue;
    await store().hold(held(member, 'a#0'));
    await store().assign(member, 'first'); // a release that died before its write
    await store().hold(held(member, 'b#0', 'reply:KK-2026-0002:b'));
    await Promise.all([releaseHeld(store(), queue, member), releaseHeld(store(), queue, member), store().hold(held(member, 'c#0', 'reply:KK-2026-0003:c'))]);
    await releaseHeld(store(), queue, member);
    // The queue's contract: a key written again is ignored (the first one counts).
    const jobs = new Map<string, string[][]>();
    for (const job of await store().outbox()) if (!jobs.has(job.key)) jobs.set(job.key, (job.parts as Array<{ texts: string[] }>).map((p) => p.texts));
    const sent = [...jobs.values()].flat(2);
    expect(sent.sort()).toEqual(['text of a#0', 'text of b#0', 'text of c#0']);
    expect(jobs.get('zalo-oa-held:zalo-oa:race:first')).toEqual([['text of a#0']]);
    expect(await store().held(member)).toEqual([]);
  });

  it('writes a hand-over with the dropping of its messages, in one step: both or neither', async () => {
    const member = 'zalo-oa:one-step';
    await store().hold(held(member, 'd#0'));
    const job: DeliveryJob = { key: 'zalo-oa-held:zalo-oa:one-step:x', channel: 'zalo-oa', parts: [{ conversationId: member, texts: ['text of d#0'] }] };
    expect(await store().outbox()).toEqual([]);
    await store().release(member, ['d#0'], job);
    expect(await store().held(member)).toEqual([]);
    expect((await store().outbox()).map((j) => j.key)).toEqual([job.key]);
  });

  it('keeps what the numbers of a waiting notice stand for, through its hand-over, so they can be made live or left out when it goes', async () => {
    const member = 'zalo-oa:numbered';
    const numbered = { text: 'Liên minh trả lời hồ sơ KK-2026-0001: đã hẹn ngân hàng.', choices: [{ id: 'followup:KK-2026-0001', label: '✍️ Trả lời / gửi thêm' }, { id: 'menu', label: '🏠 Menu chính' }], sent: 1, formOpenHint: '(đang điền hồ sơ)', choicesOpenHint: '(không lẫn với câu hỏi trước)' };
    await store().hold({ ...held(member, 'n#0'), numbered });
    await store().assign(member, 'batch-n');
    expect(await store().held(member)).toEqual([{ ...held(member, 'n#0'), numbered, batch: 'batch-n' }]);
  });
}

storeSuite(
  'the Zalo OA store on SQLite',
  async () => {
    const db = new Database(':memory:');
    const store = Object.assign(sqliteZaloOaStore(db), {
      outbox: async () => (db.prepare('SELECT key, channel, parts FROM delivery_outbox ORDER BY rowid').all() as Array<{ key: string; channel: string; parts: string }>).map((r) => ({ key: r.key, channel: r.channel, parts: JSON.parse(r.parts) as unknown[] })),
    });
    return { store, reset: async () => void db.exec('DELETE FROM zalo_oa_tokens; DELETE FROM zalo_oa_lock; DELETE FROM zalo_oa_held; DELETE FROM delivery_outbox;'), close: async () => void db.close() };
  },
  contract,
);
storeSuite(
  'the Zalo OA store on Redis',
  () => redisStoreFixture((redis) => Object.assign(redisZaloOaStore(redis), { outbox: async () => (await redis.lrange(redisKeys.outbox(), 0, -1)).map((raw) => JSON.parse(raw) as DeliveryJob) })),
  contract,
);
