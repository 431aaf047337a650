import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { DeliveryPriority } from './delivery-job.js';
import type { RateLimit } from './pacer.js';

/**
 * A platform's sending limit as every process on one Redis sees it: asks for a send of this priority
 * and answers 0 when it may start now, or how many milliseconds to wait before asking again.
 */
export type SendWindow = (priority: DeliveryPriority) => Promise<number>;

/** How long a process paces alone after Redis failed to answer, before it asks Redis again. */
const ALONE_AFTER_FAILURE_MS = 2000;

/** How long a bulk send waits while an interactive send of another process is waiting. */
const YIELD_TO_INTERACTIVE_MS = 25;

/**
 * The sends started in the last `window` ms, as a sorted set of start times (Redis's own clock, so
 * processes on different machines agree). A start is allowed while fewer than `max` are in the
 * window; otherwise the answer is the wait until the oldest leaves it. A waiting interactive send
 * leaves a mark that turns bulk sends away until it has gone.
 * KEYS: starts, interactive mark. ARGV: window ms, max, start id, priority, yield ms.
 */
const TAKE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if ARGV[4] == 'bulk' and redis.call('EXISTS', KEYS[2]) == 1 then return tonumber(ARGV[5]) end
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return 0
end
local oldest = tonumber(redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2])
local wait = math.max(1, oldest + window - now)
if ARGV[4] == 'interactive' then redis.call('SET', KEYS[2], '1', 'PX', wait + tonumber(ARGV[5])) end
return wait
`;

type WindowRedis = Redis & { htxTakeSend(starts: string, mark: string, windowMs: number, max: number, id: string, priority: string, yieldMs: number): Promise<number> };

/**
 * One limit for a platform's sends from all processes on this Redis: with two bot processes Telegram
 * still gets at most 30 messages in any second, not 30 each. The count is a sliding window (one
 * script, one round trip a send): fixed one-second windows, as rate-limiting libraries keep them,
 * let up to twice the limit through around a window's edge, and Telegram counts by the second.
 * A member's answer waiting in one process goes before the announcement of another. When Redis
 * does not answer, each process paces alone for a while (the pacer's own count), and sending goes on.
 */
export function redisSendWindow(redis: Redis, name: string, limit: RateLimit, prefix = 'htx:pace'): SendWindow {
  const client = redis as WindowRedis;
  if (typeof client.htxTakeSend !== 'function') redis.defineCommand('htxTakeSend', { numberOfKeys: 2, lua: TAKE_SCRIPT });
  const starts = `${prefix}:${name}:starts`;
  const mark = `${prefix}:${name}:interactive-waiting`;
  const process = randomUUID();
  let sequence = 0;
  let aloneUntil = 0;
  return async (priority) => {
    // After Redis failed to answer, a while alone: no waiting for a command to time out before every send.
    if (Date.now() < aloneUntil) return 0;
    try {
      return await client.htxTakeSend(starts, mark, limit.perMs, limit.max, `${process}:${sequence++}`, priority, YIELD_TO_INTERACTIVE_MS);
    } catch {
      aloneUntil = Date.now() + ALONE_AFTER_FAILURE_MS;
      return 0; // not counted in Redis: this process's own count (the pacer's) still holds
    }
  };
}
