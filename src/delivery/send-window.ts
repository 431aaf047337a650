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
 * The sends started in the last `window` ms, as a sorted set of their start times (Redis's own
 * clock, so processes on different machines agree): a start is allowed while fewer than `max` are
 * in the window and the last one is at least `gap` µs old (half the even spacing: no burst reaches
 * the platform at once); otherwise the answer is the wait. A waiting interactive send leaves a mark
 * that turns bulk sends away; it is dropped when an interactive send starts.
 * KEYS: starts, interactive mark. ARGV: window µs, max, gap µs, priority, yield ms, this process's id.
 */
const TAKE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local window = tonumber(ARGV[1])
local interactive = ARGV[4] == 'interactive'
if not interactive and redis.call('EXISTS', KEYS[2]) == 1 then return tonumber(ARGV[5]) end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local wait = 0
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')[2]
if last and now - tonumber(last) < tonumber(ARGV[3]) then wait = tonumber(last) + tonumber(ARGV[3]) - now end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  local oldest = tonumber(redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2])
  wait = math.max(wait, oldest + window - now)
end
if wait == 0 then
  redis.call('ZADD', KEYS[1], now, string.format('%d', now) .. ARGV[6])
  redis.call('PEXPIRE', KEYS[1], math.ceil(window / 1000))
  if interactive then redis.call('DEL', KEYS[2]) end
  return 0
end
local ms = math.max(1, math.ceil(wait / 1000))
if interactive then redis.call('SET', KEYS[2], '1', 'PX', ms + tonumber(ARGV[5])) end
return ms
`;

type WindowRedis = Redis & { htxTakeSend(starts: string, mark: string, windowMicros: number, max: number, gapMicros: number, priority: string, yieldMs: number, id: string): Promise<number> };

/**
 * One limit for a platform's sends from all processes on this Redis: with two bot processes Telegram
 * still gets at most 30 messages in any second, not 30 each (one script, one round trip a send).
 * The count is a sliding window, not the fixed one-second windows rate-limiting libraries keep,
 * which let twice the limit through around a window's edge (49 in one second in the scale-out
 * bench); and sends are at least half an even spacing apart, so a backlog goes out as a steady
 * stream rather than in bursts that arrive bunched. A member's answer waiting in one process goes
 * before the announcement of another. When Redis does not answer, each process paces alone for a
 * while (the pacer's own count), and sending goes on.
 */
export function redisSendWindow(redis: Redis, name: string, limit: RateLimit, prefix = 'htx:pace'): SendWindow {
  const client = redis as WindowRedis;
  if (typeof client.htxTakeSend !== 'function') redis.defineCommand('htxTakeSend', { numberOfKeys: 2, lua: TAKE_SCRIPT });
  const starts = `${prefix}:${name}:starts`;
  const mark = `${prefix}:${name}:interactive-waiting`;
  const gapMicros = Math.floor((limit.perMs * 1000) / limit.max / 2);
  const self = `:${randomUUID()}`; // start times of two processes may be equal: members of the set must not
  let aloneUntil = 0;
  let connected = false;
  return async (priority) => {
    // Redis known to be down (it was up, and is not now), or failed to answer a moment ago: alone,
    // without waiting for a command to time out before a send (a member told of an outage at once).
    if (redis.status === 'ready') connected = true;
    else if (connected) return 0;
    if (Date.now() < aloneUntil) return 0;
    try {
      return await client.htxTakeSend(starts, mark, limit.perMs * 1000, limit.max, gapMicros, priority, YIELD_TO_INTERACTIVE_MS, self);
    } catch {
      aloneUntil = Date.now() + ALONE_AFTER_FAILURE_MS;
      return 0; // not counted in Redis: this process's own count (the pacer's) still holds
    }
  };
}
