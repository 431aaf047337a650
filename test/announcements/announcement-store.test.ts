import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import type { Announcement, AnnouncementStore } from '../../src/announcements/announcement.js';
import { redisAnnouncements } from '../../src/announcements/redis-announcements.js';
import { sqliteAnnouncements } from '../../src/announcements/sqlite-announcements.js';
import { redisStoreFixture } from '../support/redis-store.js';
import { storeSuite } from '../support/store-suite.js';

const draft: Omit<Announcement, 'id'> = {
  text: 'Lớp tập huấn kế toán HTX ngày 10/12',
  photo: null,
  link: 'https://lmhtx.example.vn/tap-huan',
  audience: { kind: 'topic', topic: 'training' },
  status: 'scheduled',
  createdBy: 'lan',
  createdAt: '2026-11-30T03:00:00.000Z',
  sendAt: '2026-11-30T04:00:00.000Z',
  startedAt: null,
  finishedAt: null,
  recipients: null,
  enqueued: false,
};

/** What every announcement store does. */
function contract(store: () => AnnouncementStore) {
  it('stores announcements newest first and moves a status only from the allowed ones', async () => {
    const a = await store().create(draft);
    const b = await store().create({ ...draft, text: 'Thứ hai' });
    expect((await store().list(10)).map((x) => x.id)).toEqual([b.id, a.id]);
    expect(await store().get(a.id)).toEqual(a);
    const started = await store().transition(a.id, ['scheduled'], 'sending', { startedAt: '2026-11-30T04:00:01.000Z', recipients: 3 });
    expect(started).toEqual({ ...a, status: 'sending', startedAt: '2026-11-30T04:00:01.000Z', recipients: 3 });
    expect(await store().get(a.id)).toEqual(started);
    // Cancelling after the start is refused and changes nothing.
    expect(await store().transition(a.id, ['draft', 'scheduled'], 'cancelled')).toBeUndefined();
    expect((await store().get(a.id))!.status).toBe('sending');
    expect(await store().transition('999', ['scheduled'], 'sending')).toBeUndefined();
  });

  it('keeps the recipient list with one outcome each: set once, counted once', async () => {
    const a = await store().create(draft);
    await store().addRecipients(a.id, ['telegram:1', 'zalo:2', 'web:3']);
    await store().addRecipients(a.id, ['telegram:1']);
    expect(await store().counts(a.id)).toEqual({ queued: 3, sent: 0, failed: 0, blocked: 0 });
    await store().recordOutcome(a.id, 'telegram:1', 'sent');
    await store().recordOutcome(a.id, 'telegram:1', 'sent');
    await store().recordOutcome(a.id, 'zalo:2', 'blocked');
    await store().recordOutcome(a.id, 'zalo:2', 'sent');
    await store().recordOutcome(a.id, 'nobody', 'sent');
    await store().addRecipients(a.id, ['telegram:1']);
    expect(await store().counts(a.id)).toEqual({ queued: 1, sent: 1, failed: 0, blocked: 1 });
    expect(await store().queuedRecipients(a.id)).toEqual(['web:3']);
  });
}

storeSuite('SQLite announcement store', async () => {
  const db = new Database(':memory:');
  const store = sqliteAnnouncements(db);
  return { store, reset: async () => void db.exec('DELETE FROM announcements; DELETE FROM announcement_recipients'), close: async () => void db.close() };
}, contract);

storeSuite('Redis announcement store', () => redisStoreFixture(redisAnnouncements), contract);
