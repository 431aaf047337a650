import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { redisKeys } from '../../src/storage/redis/keys.js';
import { redisTickets } from '../../src/storage/redis/redis-tickets.js';
import { sqliteTickets } from '../../src/storage/sqlite/sqlite-tickets.js';
import type { Ticket } from '../../src/tickets/ticket.js';
import { startRedis } from '../support/redis-server.js';

/** A ticket as stored before the staff queue: no "member wrote again" field. */
const older = (code: string, createdAt: string): Omit<Ticket, 'memberWroteAgain'> => ({
  code,
  kind: 'difficulty',
  state: 'new',
  memberId: 'telegram:7',
  locale: 'vi',
  topic: 'credit',
  cooperative: 'HTX Nông nghiệp Đồng Tâm',
  role: 'manager',
  commune: 'Tân Yên',
  content: 'Thiếu vốn mua giống vải',
  phone: null,
  consentToContact: false,
  urgency: 'normal',
  photos: [],
  conferenceId: null,
  assignee: null,
  rating: null,
  staffThread: null,
  createdAt,
  updatedAt: createdAt,
  firstAnsweredAt: null,
  closedAt: null,
  anonymised: false,
});

const OPEN = ['new', 'in-progress', 'answered'] as const;
const overdueBefore = '2026-03-01T00:00:00.000Z';

describe('tickets stored before the staff queue', () => {
  it('appear in the queue of an older SQLite database, found by their words, without anyone writing again', async () => {
    const db = new Database(':memory:');
    db.exec(`
      CREATE TABLE tickets (code TEXT PRIMARY KEY, member_id TEXT, created_at TEXT NOT NULL, staff_chat INTEGER, staff_topic INTEGER, staff_message INTEGER, data TEXT NOT NULL);
      CREATE TABLE ticket_events (id INTEGER PRIMARY KEY, code TEXT NOT NULL, data TEXT NOT NULL);
    `);
    const insert = db.prepare('INSERT INTO tickets (code, member_id, created_at, data) VALUES (?, ?, ?, ?)');
    for (const t of [older('KK-2026-0002', '2026-02-20T02:00:00.000Z'), older('KK-2026-0001', '2026-01-10T02:00:00.000Z')]) {
      insert.run(t.code, t.memberId, t.createdAt, JSON.stringify(t));
    }
    insert.run('KK-2026-0003', null, '2026-01-01T00:00:00.000Z', JSON.stringify({ ...older('KK-2026-0003', '2026-01-01T00:00:00.000Z'), state: 'closed' }));

    const store = sqliteTickets(db);
    const queue = await store.page({ states: [...OPEN], text: 'dong tam giong vai', overdueBefore, offset: 0, limit: 10 });
    expect(queue.total).toBe(2);
    expect(queue.tickets.map((t) => t.code)).toEqual(['KK-2026-0001', 'KK-2026-0002']);
    expect(queue.tickets.every((t) => t.memberWroteAgain === false)).toBe(true);
    expect((await store.get('KK-2026-0003'))!.memberWroteAgain).toBe(false);
    const reopened = sqliteTickets(db);
    expect((await reopened.page({ states: [...OPEN], overdueBefore, offset: 0, limit: 10 })).tickets.map((t) => t.code)).toEqual(['KK-2026-0001', 'KK-2026-0002']);
    expect((await reopened.page({ states: ['closed'], offset: 0, limit: 10 })).total).toBe(1);
  });

  it('appear in the queue on an older Redis, and leave their member\'s list when anonymised', async () => {
    const server = await startRedis();
    const client = new Redis(server.url);
    try {
      for (const t of [older('KK-2026-0002', '2026-02-20T02:00:00.000Z'), older('KK-2026-0001', '2026-01-10T02:00:00.000Z')]) {
        const score = Date.parse(t.createdAt);
        await client.multi().set(redisKeys.ticket(t.code), JSON.stringify(t)).zadd(redisKeys.ticketsAll(), score, t.code).zadd(redisKeys.memberTickets('telegram:7'), score, t.code).exec();
      }
      const store = redisTickets(client);
      const queue = await store.page({ states: [...OPEN], text: 'dong tam giong vai', overdueBefore, offset: 0, limit: 10 });
      expect(queue.total).toBe(2);
      expect(queue.tickets.map((t) => t.code)).toEqual(['KK-2026-0001', 'KK-2026-0002']);
      expect(queue.tickets.every((t) => t.memberWroteAgain === false)).toBe(true);

      const first = (await store.get('KK-2026-0001'))!;
      await store.update({ ...first, memberId: null, cooperative: null, content: '', anonymised: true }, []);
      expect((await store.byMember('telegram:7')).map((t) => t.code)).toEqual(['KK-2026-0002']);
      expect((await store.page({ text: 'giong vai', offset: 0, limit: 10 })).tickets.map((t) => t.code)).toEqual(['KK-2026-0002']);
    } finally {
      client.disconnect();
      await server.stop();
    }
  });
});
