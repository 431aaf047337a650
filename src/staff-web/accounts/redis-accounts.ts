import type { Redis } from 'ioredis';
import { REDIS_PREFIX } from '../../storage/redis/keys.js';
import type { AccountStore, StaffAccount } from './staff-account.js';

const accountsKey = `${REDIS_PREFIX}staff-accounts`;

const MERGE = `local cur = redis.call('HGET', KEYS[1], ARGV[1])
if not cur then return 0 end
local account = cjson.decode(cur)
for k, v in pairs(cjson.decode(ARGV[2])) do account[k] = v end
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(account))
return 1`;

/** One hash, login → account JSON: a handful of accounts, read whole. */
export function redisAccounts(redis: Redis): AccountStore {
  const parse = (json: string | null) => (json ? (JSON.parse(json) as StaffAccount) : undefined);
  return {
    async create(a) {
      return (await redis.hsetnx(accountsKey, a.login, JSON.stringify(a))) === 1;
    },
    async get(login) {
      return parse(await redis.hget(accountsKey, login));
    },
    async list() {
      const all = await redis.hvals(accountsKey);
      return all.map((j) => JSON.parse(j) as StaffAccount).sort((a, b) => a.login.localeCompare(b.login));
    },
    async update(login, change) {
      // One script: two admins changing one account at once each change what they changed.
      return (await redis.eval(MERGE, 1, accountsKey, login, JSON.stringify(change))) === 1;
    },
  };
}
