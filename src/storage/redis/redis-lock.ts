import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { ConversationLock } from '../../conversation/ports.js';
import { redisKeys } from './keys.js';

/** Deletes the lock only if it is still ours (it may have expired and been taken by another process). */
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/** Longest a turn may hold its member's lock; a process that died holding it lets go after this. */
const HOLD_MS = 15_000;
/** Longest a turn waits for the lock before giving up (the member's message then fails and is retried). */
const WAIT_MS = 20_000;

/**
 * One member's turns one at a time across every process on this Redis: SET NX PX with a token,
 * released only by its holder. Two processes receiving the same member's "Gửi" at once apply it in
 * turn, and the second sees the first's session.
 */
export function redisConversationLock(redis: Redis): ConversationLock {
  return {
    async run(conversationId, work) {
      const key = redisKeys.conversationLock(conversationId);
      const token = randomUUID();
      const deadline = Date.now() + WAIT_MS;
      for (let wait = 5; (await redis.set(key, token, 'PX', HOLD_MS, 'NX')) !== 'OK'; wait = Math.min(wait * 2, 100)) {
        if (Date.now() > deadline) throw new Error('conversation is busy in another process');
        await new Promise((r) => setTimeout(r, wait));
      }
      try {
        return await work();
      } finally {
        await redis.eval(RELEASE, 1, key, token).catch(() => undefined);
      }
    },
  };
}
