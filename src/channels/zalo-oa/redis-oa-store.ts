import type { Redis } from 'ioredis';
import { REDIS_PREFIX, redisKeys } from '../../storage/redis/keys.js';
import { heldMessageSchema, oaTokensSchema, seededTokens, type OaTokens, type ZaloOaStore } from './oa-store.js';

/** The OA channel's keys, beside keys.ts's builders, under the same prefix. */
export const zaloOaKeys = {
  tokens: () => `${REDIS_PREFIX}zalo-oa:tokens`,
  refreshLock: () => `${REDIS_PREFIX}zalo-oa:refresh-lock`,
  /** A member's waiting messages: a hash id → JSON, and a sorted set of ids by the order they were held. */
  held: (memberId: string) => `${REDIS_PREFIX}zalo-oa:held:${memberId}`,
  heldOrder: (memberId: string) => `${REDIS_PREFIX}zalo-oa:held-order:${memberId}`,
  heldSeq: () => `${REDIS_PREFIX}zalo-oa:held-seq`,
  /** Job key → how many of its parts wait (the console's "waiting for the member"). */
  heldJobs: () => `${REDIS_PREFIX}zalo-oa:held-jobs`,
};

/** Replaces the pair only if its version is still ARGV[1] (compare and set, one step). */
const CAS = `
local v = redis.call('GET', KEYS[1])
local current = -1
if v then current = cjson.decode(v).version end
if current ~= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
return 1`;

/** Seeds the chain when absent, or restarts it when the environment names another seed. */
const SEED = `
local v = redis.call('GET', KEYS[1])
if not v then redis.call('SET', KEYS[1], ARGV[1]) return 1 end
local t = cjson.decode(v)
if t.seed == ARGV[2] then return 0 end
local n = cjson.decode(ARGV[1])
n.version = t.version + 1
redis.call('SET', KEYS[1], cjson.encode(n))
return 1`;

/** Keeps a message once: HSETNX, then its order and its job's count, in one step. */
const HOLD = `
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('ZADD', KEYS[2], redis.call('INCR', KEYS[3]), ARGV[1])
redis.call('HINCRBY', KEYS[4], ARGV[3], 1)
return 1`;

/** Gives the member's messages without a hand-over this one, in one step. */
const ASSIGN = `
for _, id in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
  local v = redis.call('HGET', KEYS[1], id)
  if v then
    local m = cjson.decode(v)
    if not m.batch then
      m.batch = ARGV[1]
      redis.call('HSET', KEYS[1], id, cjson.encode(m))
    end
  end
end
return 1`;

/** Drops messages and their counts, and writes their hand-over (ARGV[1], or '') to the outbox, in one step. */
const RELEASE = `
if ARGV[1] ~= '' then redis.call('RPUSH', KEYS[4], ARGV[1]) end
for i = 2, #ARGV do
  local v = redis.call('HGET', KEYS[1], ARGV[i])
  if v then
    redis.call('HDEL', KEYS[1], ARGV[i])
    redis.call('ZREM', KEYS[2], ARGV[i])
    local job = cjson.decode(v).jobKey
    if redis.call('HINCRBY', KEYS[3], job, -1) <= 0 then redis.call('HDEL', KEYS[3], job) end
  end
end
return 1`;

/** The same store on Redis: the pair is one JSON value, the lock a key set with NX and an expiry. */
export function redisZaloOaStore(redis: Redis): ZaloOaStore {
  const k = zaloOaKeys;
  return {
    async tokens() {
      const raw = await redis.get(k.tokens());
      if (!raw) return undefined;
      const parsed = oaTokensSchema.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : undefined;
    },
    async seed(refreshToken, now) {
      const fresh: OaTokens = { ...seededTokens(refreshToken, now), version: 1 };
      await redis.eval(SEED, 1, k.tokens(), JSON.stringify(fresh), refreshToken);
    },
    async replaceTokens(next, expectedVersion) {
      return (await redis.eval(CAS, 1, k.tokens(), String(expectedVersion), JSON.stringify({ ...next, version: expectedVersion + 1 }))) === 1;
    },
    async lock(owner, ttlMs) {
      return (await redis.set(k.refreshLock(), owner, 'PX', ttlMs, 'NX')) === 'OK';
    },
    async unlock(owner) {
      await redis.eval("if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0", 1, k.refreshLock(), owner);
    },
    async hold(m) {
      await redis.eval(HOLD, 4, k.held(m.memberId), k.heldOrder(m.memberId), k.heldSeq(), k.heldJobs(), m.id, JSON.stringify(m), m.jobKey);
    },
    async held(memberId) {
      const ids = await redis.zrange(k.heldOrder(memberId), 0, -1);
      if (ids.length === 0) return [];
      const values = await redis.hmget(k.held(memberId), ...ids);
      return values.filter((v): v is string => v !== null).map((v) => heldMessageSchema.parse(JSON.parse(v)));
    },
    async assign(memberId, batch) {
      await redis.eval(ASSIGN, 2, k.held(memberId), k.heldOrder(memberId), batch);
    },
    async release(memberId, ids, job) {
      if (ids.length > 0) await redis.eval(RELEASE, 4, k.held(memberId), k.heldOrder(memberId), k.heldJobs(), redisKeys.outbox(), job ? JSON.stringify(job) : '', ...ids);
    },
    async isHeld(jobKey) {
      return (await redis.hexists(k.heldJobs(), jobKey)) === 1;
    },
  };
}
