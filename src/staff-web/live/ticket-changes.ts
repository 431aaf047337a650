import type Database from 'better-sqlite3';
import type { Redis } from 'ioredis';
import { REDIS_PREFIX } from '../../storage/redis/keys.js';
import type { TicketStore } from '../../tickets/ticket-store.js';

/**
 * A number that grows whenever a ticket is filed or changes, in the store itself, so every process
 * (and the staff CLI) moves it and every process sees it: the console's live queue watches it.
 */
export interface TicketChanges {
  bump(): Promise<void>;
  version(): Promise<number>;
}

export function sqliteTicketChanges(db: Database.Database): TicketChanges {
  db.exec(`CREATE TABLE IF NOT EXISTS ticket_changes (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL);
           INSERT OR IGNORE INTO ticket_changes (id, version) VALUES (1, 0);`);
  const bump = db.prepare('UPDATE ticket_changes SET version = version + 1 WHERE id = 1');
  const read = db.prepare<[], { version: number }>('SELECT version FROM ticket_changes WHERE id = 1');
  return {
    async bump() {
      bump.run();
    },
    async version() {
      return read.get()?.version ?? 0;
    },
  };
}

const versionKey = `${REDIS_PREFIX}tickets:version`;

export function redisTicketChanges(redis: Redis): TicketChanges {
  return {
    async bump() {
      await redis.incr(versionKey);
    },
    async version() {
      return Number((await redis.get(versionKey)) ?? 0);
    },
  };
}

/** The same store; filing and every change also move the version (after the write succeeded). */
export function signallingChanges(store: TicketStore, changes: TicketChanges): TicketStore {
  return {
    ...store,
    create: async (...args) => {
      const ticket = await store.create(...args);
      await changes.bump();
      return ticket;
    },
    update: async (...args) => {
      await store.update(...args);
      await changes.bump();
    },
  };
}
