import type { Redis } from 'ioredis';
import { REDIS_PREFIX } from '../storage/redis/keys.js';
import { byMember, matches, subscriptionSchema, type Subscription, type SubscriptionStore } from './subscription.js';

/** The one hash of subscriptions (member id → JSON). Built beside keys.ts's builders, under the same prefix. */
export const subscriptionsKey = () => `${REDIS_PREFIX}subscriptions`;

/** Sets blockedAt inside the stored JSON, only if the member is still subscribed (one step, no lost update). */
const MARK_BLOCKED = `
local v = redis.call('HGET', KEYS[1], ARGV[1])
if not v then return 0 end
local s = cjson.decode(v)
s.blockedAt = ARGV[2]
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(s))
return 1`;

/** Subscriptions on Redis: one hash, a JSON value per member; read whole to list an audience. */
export function redisSubscriptions(redis: Redis): SubscriptionStore {
  const read = (raw: string | null | undefined): Subscription | undefined => {
    if (!raw) return undefined;
    const parsed = subscriptionSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  };
  return {
    async get(memberId) {
      return read(await redis.hget(subscriptionsKey(), memberId));
    },
    async save(s) {
      const { blockedAt: _dropped, ...fresh } = s;
      await redis.hset(subscriptionsKey(), s.memberId, JSON.stringify(fresh));
    },
    async remove(memberId) {
      return (await redis.hdel(subscriptionsKey(), memberId)) > 0;
    },
    async markBlocked(memberId, at) {
      await redis.eval(MARK_BLOCKED, 1, subscriptionsKey(), memberId, at);
    },
    async active(filter) {
      return Object.values(await redis.hgetall(subscriptionsKey()))
        .map(read)
        .filter((s): s is Subscription => s !== undefined && matches(s, filter))
        .sort(byMember);
    },
  };
}
