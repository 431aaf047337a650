import type { Redis } from 'ioredis';
import type { SessionStore } from '../../conversation/ports.js';
import { redisKeys } from './keys.js';

/** How long an applied turn is remembered: longer than any platform retries an update. */
const APPLIED_TURN_TTL_SECONDS = 24 * 60 * 60;
/** How long a turn counts as being sent by the process that applied it, if it never says it is done (it died). */
const SENDING_TTL_MS = 60_000;

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
      const [raw, turn, sent, sending] = await redis.mget(redisKeys.session(id), redisKeys.appliedTurn(key), redisKeys.deliveredTurn(key), redisKeys.sendingTurn(key));
      if (turn) return { session: undefined, applied: { key, replies: JSON.parse(turn) as unknown, delivered: sent !== null, sending: sending !== null } };
      return { session: raw ? (JSON.parse(raw) as unknown) : undefined };
    },
    async appliedTurn(key) {
      const [raw, sent, sending] = await redis.mget(redisKeys.appliedTurn(key), redisKeys.deliveredTurn(key), redisKeys.sendingTurn(key));
      return raw === null || raw === undefined ? undefined : { key, replies: JSON.parse(raw) as unknown, delivered: sent !== null, sending: sending !== null };
    },
    async markDelivered(key) {
      await redis.multi().set(redisKeys.deliveredTurn(key), '1', 'EX', APPLIED_TURN_TTL_SECONDS).del(redisKeys.sendingTurn(key)).exec();
    },
    async sendingStopped(key) {
      await redis.del(redisKeys.sendingTurn(key));
    },
    async commit(id, session, turn) {
      const tx = redis.multi();
      if (session === null) tx.del(redisKeys.session(id));
      else tx.set(redisKeys.session(id), JSON.stringify(session), 'PX', idle);
      if (turn) tx.set(redisKeys.appliedTurn(turn.key), JSON.stringify(turn.replies), 'EX', APPLIED_TURN_TTL_SECONDS);
      // Other processes see it is being sent (the sending process's own memory is not theirs).
      if (turn?.sending) tx.set(redisKeys.sendingTurn(turn.key), '1', 'PX', SENDING_TTL_MS);
      await tx.exec();
    },
  };
}
