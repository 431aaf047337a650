import type { Redis } from 'ioredis';
import type { SessionStore } from '../../conversation/ports.js';
import { redisKeys } from './keys.js';

/** How long an applied turn is remembered: longer than any platform retries an update. */
const APPLIED_TURN_TTL_SECONDS = 24 * 60 * 60;

/** Sessions in Redis with an idle time to live; the applied turn is written in the same MULTI. */
export function redisSessions(redis: Redis, idleMs: number): SessionStore {
  const idle = Math.max(1, Math.round(idleMs));
  return {
    async load(id) {
      const raw = await redis.get(redisKeys.session(id));
      return raw === null ? undefined : (JSON.parse(raw) as unknown);
    },
    async save(id, session) {
      await redis.set(redisKeys.session(id), JSON.stringify(session), 'PX', idle);
    },
    async delete(id) {
      await redis.del(redisKeys.session(id));
    },
    async loadTurn(id, key) {
      if (key === undefined) {
        const raw = await redis.get(redisKeys.session(id));
        return { session: raw === null ? undefined : (JSON.parse(raw) as unknown) };
      }
      const [raw, turn, sent] = await redis.mget(redisKeys.session(id), redisKeys.appliedTurn(key), redisKeys.deliveredTurn(key));
      if (turn) return { session: undefined, applied: { key, replies: JSON.parse(turn) as unknown, delivered: sent !== null } };
      return { session: raw ? (JSON.parse(raw) as unknown) : undefined };
    },
    async appliedTurn(key) {
      const [raw, sent] = await redis.mget(redisKeys.appliedTurn(key), redisKeys.deliveredTurn(key));
      return raw === null || raw === undefined ? undefined : { key, replies: JSON.parse(raw) as unknown, delivered: sent !== null };
    },
    async markDelivered(key) {
      await redis.set(redisKeys.deliveredTurn(key), '1', 'EX', APPLIED_TURN_TTL_SECONDS);
    },
    async commit(id, session, turn) {
      const tx = redis.multi();
      if (session === null) tx.del(redisKeys.session(id));
      else tx.set(redisKeys.session(id), JSON.stringify(session), 'PX', idle);
      if (turn) tx.set(redisKeys.appliedTurn(turn.key), JSON.stringify(turn.replies), 'EX', APPLIED_TURN_TTL_SECONDS);
      await tx.exec();
    },
  };
}
