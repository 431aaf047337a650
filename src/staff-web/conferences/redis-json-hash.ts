import type { Redis } from 'ioredis';

/** Sets a hash field only when it exists already (HSET alone would create it). */
const REPLACE = `if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) return 1 end return 0`;

/** Records of a small collection kept in one Redis hash, id → JSON carrying a version. */
export interface JsonHash<T> {
  all(): Promise<T[]>;
  get(id: string): Promise<T | undefined>;
  /** Writes the record; with `onlyIfAbsent`, not over an existing one (false then). */
  add(id: string, value: T, onlyIfAbsent: boolean): Promise<boolean>;
  /** Overwrites an existing record, atomically; false, with nothing written, when there is none. */
  replace(id: string, value: T): Promise<boolean>;
  remove(id: string): Promise<boolean>;
}

/**
 * One hash for a small collection (conferences, saved replies): each value is the record's JSON with
 * `v`, its shape's version; a value of another version is not read (a deploy that changes the shape
 * bumps it and migrates).
 */
export function jsonHash<T extends object>(redis: Redis, key: string, version: number): JsonHash<T> {
  const serialise = (value: T) => JSON.stringify({ v: version, ...value });
  const parse = (raw: string | null | undefined): T | undefined => {
    if (!raw) return undefined;
    const { v, ...value } = JSON.parse(raw) as { v: unknown };
    return v === version ? (value as T) : undefined;
  };
  return {
    async all() {
      return (await redis.hvals(key)).map(parse).filter((value): value is T => value !== undefined);
    },
    async get(id) {
      return parse(await redis.hget(key, id));
    },
    async add(id, value, onlyIfAbsent) {
      if (onlyIfAbsent) return (await redis.hsetnx(key, id, serialise(value))) === 1;
      await redis.hset(key, id, serialise(value));
      return true;
    },
    async replace(id, value) {
      return (await redis.eval(REPLACE, 1, key, id, serialise(value))) === 1;
    },
    async remove(id) {
      return (await redis.hdel(key, id)) === 1;
    },
  };
}
