import type { Redis } from 'ioredis';
import { REDIS_PREFIX } from '../storage/redis/keys.js';
import { profileSchema, type MemberProfile, type ProfileStore } from './profile.js';

/** The one hash of profiles (owner → JSON), beside keys.ts's builders, under the same prefix. */
export const profilesKey = () => `${REDIS_PREFIX}profiles`;

/** Profiles on Redis: one hash, a JSON value per owner. */
export function redisProfiles(redis: Redis): ProfileStore {
  return {
    async get(owner) {
      const raw = await redis.hget(profilesKey(), owner);
      const parsed = raw ? profileSchema.safeParse(JSON.parse(raw)) : undefined;
      return parsed?.success ? (parsed.data as MemberProfile) : undefined;
    },
    async save(owner, profile) {
      await redis.hset(profilesKey(), owner, JSON.stringify(profileSchema.parse(profile)));
    },
    async remove(owner) {
      return (await redis.hdel(profilesKey(), owner)) > 0;
    },
  };
}
