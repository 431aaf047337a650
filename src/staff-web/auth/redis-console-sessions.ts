import type { Redis } from 'ioredis';
import { REDIS_PREFIX } from '../../storage/redis/keys.js';
import type { ConsoleSession, ConsoleSessionStore } from './console-sessions.js';

const sessionKey = (id: string) => `${REDIS_PREFIX}console-session:${id}`;
const loginSessionsKey = (login: string) => `${REDIS_PREFIX}console-sessions:${login}`;

/** A key per session with its idle time as the key's expiry; a set per login to end them all. */
export function redisConsoleSessions(redis: Redis): ConsoleSessionStore {
  return {
    async create(id, s, idleMs) {
      await redis.multi().set(sessionKey(id), JSON.stringify(s), 'PX', idleMs).sadd(loginSessionsKey(s.login), id).exec();
    },
    async touch(id, idleMs) {
      const json = await redis.get(sessionKey(id));
      if (!json) return undefined;
      await redis.pexpire(sessionKey(id), idleMs);
      return JSON.parse(json) as ConsoleSession;
    },
    async delete(id) {
      const json = await redis.get(sessionKey(id));
      const login = json ? (JSON.parse(json) as ConsoleSession).login : undefined;
      const tx = redis.multi().del(sessionKey(id));
      if (login) tx.srem(loginSessionsKey(login), id);
      await tx.exec();
    },
    async deleteForLogin(login) {
      const ids = await redis.smembers(loginSessionsKey(login));
      await redis.del(...ids.map(sessionKey), loginSessionsKey(login));
    },
  };
}
