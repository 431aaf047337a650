import type { Redis } from 'ioredis';
import { REDIS_PREFIX } from '../storage/redis/keys.js';
import { emptyCounts, type Announcement, type AnnouncementStore, type RecipientOutcome } from './announcement.js';

/** Keys of the announcements, built beside keys.ts's builders under the same prefix. */
export const announcementKeys = {
  all: () => `${REDIS_PREFIX}announcements`,
  seq: () => `${REDIS_PREFIX}announcements:seq`,
  recipients: (id: string) => `${REDIS_PREFIX}announcement:${id}:recipients`,
  counts: (id: string) => `${REDIS_PREFIX}announcement:${id}:counts`,
};

/** Moves the status only from one of the allowed ones, merging the changes, in one step; returns the new JSON. */
const TRANSITION = `
local v = redis.call('HGET', KEYS[1], ARGV[1])
if not v then return false end
local a = cjson.decode(v)
local ok = false
for _, s in ipairs(cjson.decode(ARGV[2])) do if s == a.status then ok = true end end
if not ok then return false end
for k, x in pairs(cjson.decode(ARGV[3])) do a[k] = x end
a.status = ARGV[4]
local out = cjson.encode(a)
redis.call('HSET', KEYS[1], ARGV[1], out)
return out`;

/** Adds recipients as queued (HSETNX), counting only the new ones. */
const ADD = `
local added = 0
for i = 1, #ARGV do added = added + redis.call('HSETNX', KEYS[1], ARGV[i], 'queued') end
if added > 0 then redis.call('HINCRBY', KEYS[2], 'queued', added) end
return added`;

/** Sets a queued recipient's outcome once, moving one from the queued count to the outcome's. */
const OUTCOME = `
if redis.call('HGET', KEYS[1], ARGV[1]) ~= 'queued' then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('HINCRBY', KEYS[2], 'queued', -1)
redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
return 1`;

/** Announcements on Redis: a hash of JSON by id, a hash of recipients → outcome and a hash of counts per announcement. */
export function redisAnnouncements(redis: Redis): AnnouncementStore {
  const read = (id: string, raw: string | null | undefined): Announcement | undefined => (raw ? { ...(JSON.parse(raw) as Omit<Announcement, 'id'>), id } : undefined);
  return {
    async create(a) {
      const id = String(await redis.incr(announcementKeys.seq()));
      await redis.hset(announcementKeys.all(), id, JSON.stringify(a));
      return { ...a, id };
    },
    async get(id) {
      return read(id, await redis.hget(announcementKeys.all(), id));
    },
    async list(limit) {
      const all = await redis.hgetall(announcementKeys.all());
      return Object.entries(all)
        .sort(([a], [b]) => Number(b) - Number(a))
        .slice(0, limit)
        .map(([id, raw]) => read(id, raw)!);
    },
    async transition(id, from, to, changes = {}) {
      // Checked and written in one script, so two processes never both move it from the same status.
      const out = (await redis.eval(TRANSITION, 1, announcementKeys.all(), id, JSON.stringify(from), JSON.stringify(changes), to)) as string | null;
      return read(id, out);
    },
    async addRecipients(id, members) {
      for (let i = 0; i < members.length; i += 500) await redis.eval(ADD, 2, announcementKeys.recipients(id), announcementKeys.counts(id), ...members.slice(i, i + 500));
    },
    async queuedRecipients(id) {
      const all = await redis.hgetall(announcementKeys.recipients(id));
      return Object.keys(all)
        .filter((m) => all[m] === 'queued')
        .sort();
    },
    async recordOutcome(id, memberId, outcome) {
      await redis.eval(OUTCOME, 2, announcementKeys.recipients(id), announcementKeys.counts(id), memberId, outcome);
    },
    async counts(id) {
      const raw = await redis.hgetall(announcementKeys.counts(id));
      const counts = emptyCounts();
      for (const k of Object.keys(counts) as RecipientOutcome[]) counts[k] = Number(raw[k] ?? 0);
      return counts;
    },
  };
}
