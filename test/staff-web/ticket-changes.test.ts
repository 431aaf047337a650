import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisTicketChanges, sqliteTicketChanges, type TicketChanges } from '../../src/staff-web/live/ticket-changes.js';
import { FULL_READ_EVERY_MS, ticketSnapshot } from '../../src/staff-web/dashboard/ticket-snapshot.js';
import { sqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import { sqliteTickets } from '../../src/storage/sqlite/sqlite-tickets.js';
import { TicketService } from '../../src/tickets/ticket-service.js';
import { startRedis, type RedisProcess } from '../support/redis-server.js';
import { ticketDraft } from '../support/ticket-draft.js';

describe.each(['sqlite', 'redis'] as const)('the ticket change log on %s (what keeps the dashboard current)', (store) => {
  let changes: TicketChanges;
  let redis: RedisProcess | undefined;
  let client: Redis | undefined;
  beforeAll(async () => {
    if (store === 'redis') {
      redis = await startRedis();
      client = new Redis(redis.url);
      changes = redisTicketChanges(client);
    } else changes = sqliteTicketChanges(new Database(':memory:'));
  });
  afterAll(async () => {
    await client?.quit();
    await redis?.stop();
  });

  it('tells a reader which tickets changed since its version, each once', async () => {
    const start = await changes.version();
    await changes.bump('KK-2026-0001');
    await changes.bump('KK-2026-0002');
    await changes.bump('KK-2026-0001');
    expect(await changes.since(start)).toEqual({ version: start + 3, codes: ['KK-2026-0001', 'KK-2026-0002'] });
    expect(await changes.since(start + 3)).toEqual({ version: start + 3, codes: [] });
  });

  it('says it cannot tell when a change since then was not logged (the reader reads everything)', async () => {
    const start = await changes.version();
    await changes.bump();
    await changes.bump('CH-2026-0001');
    expect(await changes.since(start)).toBeUndefined();
    expect(await changes.since(start + 1)).toEqual({ version: start + 2, codes: ['CH-2026-0001'] });
  });
});

describe('the dashboard’s copy of the tickets', () => {
  it('catches up with a change the log never heard of (a process killed between the two writes) within ten minutes', async () => {
    const db = new Database(':memory:');
    const storage = sqliteStorage(db);
    // The same table without the change log: what a crash right after the ticket's write leaves.
    const unlogged = sqliteTickets(db);
    let clock = Date.parse('2026-11-30T02:00:00Z');
    const snapshot = ticketSnapshot(storage.tickets, storage.ticketChanges, () => clock);
    const service = new TicketService(storage.tickets);
    await service.file(ticketDraft());
    expect(await snapshot.all()).toHaveLength(1);
    await unlogged.create(ticketDraft({ content: 'Ghi được nhưng không báo' }), new Date(clock));
    expect(await snapshot.all()).toHaveLength(1);
    clock += FULL_READ_EVERY_MS;
    expect(await snapshot.all()).toHaveLength(2);
    await storage.close();
  });
});
