import type Database from 'better-sqlite3';
import type { Redis } from 'ioredis';
import { REDIS_PREFIX } from '../../storage/redis/keys.js';
import type { TicketStore } from '../../tickets/ticket-store.js';

/**
 * A number that grows whenever a ticket is filed or changes, in the store itself, so every process
 * (and the staff CLI) moves it and every process sees it: the console's live queue watches it.
 */
export interface TicketChanges {
  /** Moves the number; with the ticket's code, the change is also logged (for readers that catch up). */
  bump(code?: string): Promise<void>;
  version(): Promise<number>;
  /**
   * The codes of the tickets changed after `version`, and the version that brings a reader to; undefined
   * when the log no longer holds every change since then (a reader then reads everything again).
   */
  since(version: number): Promise<{ version: number; codes: string[] } | undefined>;
}

/** Changes kept in the log: a reader further behind reads every ticket again. */
export const CHANGE_LOG_KEEP = 10_000;

export function sqliteTicketChanges(db: Database.Database): TicketChanges {
  db.exec(`CREATE TABLE IF NOT EXISTS ticket_changes (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL);
           INSERT OR IGNORE INTO ticket_changes (id, version) VALUES (1, 0);
           CREATE TABLE IF NOT EXISTS ticket_change_log (version INTEGER PRIMARY KEY, code TEXT NOT NULL);`);
  const next = db.prepare<[], { version: number }>('UPDATE ticket_changes SET version = version + 1 WHERE id = 1 RETURNING version');
  const log = db.prepare('INSERT INTO ticket_change_log (version, code) VALUES (?, ?)');
  const trim = db.prepare('DELETE FROM ticket_change_log WHERE version <= ?');
  const read = db.prepare<[], { version: number }>('SELECT version FROM ticket_changes WHERE id = 1');
  const logged = db.prepare<[number, number], { code: string }>('SELECT code FROM ticket_change_log WHERE version > ? AND version <= ? ORDER BY version');
  const bump = db.transaction((code: string | undefined) => {
    const { version } = next.get()!;
    if (code !== undefined) log.run(version, code);
    if (version % 1000 === 0) trim.run(version - CHANGE_LOG_KEEP);
  });
  return {
    async bump(code) {
      bump(code);
    },
    async version() {
      return read.get()?.version ?? 0;
    },
    async since(version) {
      const current = read.get()?.version ?? 0;
      const rows = logged.all(version, current);
      // Every change since then must be in the log, or the reader would miss one.
      if (rows.length !== current - version) return undefined;
      return { version: current, codes: [...new Set(rows.map((r) => r.code))] };
    },
  };
}

const versionKey = `${REDIS_PREFIX}tickets:version`;
const logKey = `${REDIS_PREFIX}tickets:change-log`;

/** The number and its log entry together; members are "version:code" so each change is its own entry. */
const BUMP = `local v = redis.call('INCR', KEYS[1])
if ARGV[1] ~= '' then
  redis.call('ZADD', KEYS[2], v, v .. ':' .. ARGV[1])
  redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -${CHANGE_LOG_KEEP + 1})
end
return v`;

export function redisTicketChanges(redis: Redis): TicketChanges {
  return {
    async bump(code) {
      await redis.eval(BUMP, 2, versionKey, logKey, code ?? '');
    },
    async version() {
      return Number((await redis.get(versionKey)) ?? 0);
    },
    async since(version) {
      const current = Number((await redis.get(versionKey)) ?? 0);
      const entries = current === version ? [] : await redis.zrangebyscore(logKey, `(${version}`, current);
      if (entries.length !== current - version) return undefined;
      return { version: current, codes: [...new Set(entries.map((e) => e.slice(e.indexOf(':') + 1)))] };
    },
  };
}

/** The same store; filing and every change also move the version (after the write succeeded). */
export function signallingChanges(store: TicketStore, changes: TicketChanges): TicketStore {
  return {
    ...store,
    create: async (...args) => {
      const ticket = await store.create(...args);
      await changes.bump(ticket.code);
      return ticket;
    },
    update: async (...args) => {
      await store.update(...args);
      await changes.bump(args[0].code);
    },
  };
}
