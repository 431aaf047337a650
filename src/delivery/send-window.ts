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
 * Sends started evenly, one every `spacing` microseconds (Redis's own clock, so processes on
 * different machines agree): the key keeps the time the last start was counted at. A start that
 * comes a little after its turn is counted at its turn, so a backlog drains at the full rate; a
 * start after a pause at its own time. A waiting interactive send leaves a mark that turns bulk
 * sends away until it has gone. Answers 0 (start now) or the milliseconds to wait.
 * KEYS: last start, interactive mark. ARGV: spacing µs, priority, yield ms.
 */
const TAKE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local spacing = tonumber(ARGV[1])
if ARGV[2] == 'bulk' and redis.call('EXISTS', KEYS[2]) == 1 then return tonumber(ARGV[3]) end
local turn = tonumber(redis.call('GET', KEYS[1]) or '0') + spacing
if now >= turn then
  local counted = now
  if now - turn < spacing then counted = turn end
  redis.call('SET', KEYS[1], string.format('%d', counted), 'PX', math.ceil(spacing / 1000) + 60000)
  return 0
end
local wait = math.ceil((turn - now) / 1000)
if ARGV[2] == 'interactive' then redis.call('SET', KEYS[2], '1', 'PX', wait + tonumber(ARGV[3])) end
return wait
`;

type WindowRedis = Redis & { htxTakeSend(last: string, mark: string, spacingMicros: number, priority: string, yieldMs: number): Promise<number> };

/**
 * One limit for a platform's sends from all processes on this Redis: with two bot processes Telegram
 * still gets 30 messages a second, not 30 each. Sends are spread evenly (one script, one round trip
 * a send), one every second / max, so no burst reaches the platform at once: fixed one-second
 * windows, as rate-limiting libraries keep them, let twice the limit through around a window's
 * edge (49 in one second in the scale-out bench). A send counted at its turn may start a little
 * after it, so an arbitrary second can hold one more than `max`; Telegram's limit is "about 30"
 * and a 429 still pauses the channel. A member's answer waiting in one process goes before the
 * announcement of another. When Redis does not answer, each process paces alone for a while (the
 * pacer's own count), and sending goes on.
 */
export function redisSendWindow(redis: Redis, name: string, limit: RateLimit, prefix = 'htx:pace'): SendWindow {
  const client = redis as WindowRedis;
  if (typeof client.htxTakeSend !== 'function') redis.defineCommand('htxTakeSend', { numberOfKeys: 2, lua: TAKE_SCRIPT });
  const last = `${prefix}:${name}:last-start`;
  const mark = `${prefix}:${name}:interactive-waiting`;
  const spacingMicros = Math.ceil((limit.perMs * 1000) / limit.max);
  let aloneUntil = 0;
  return async (priority) => {
    // After Redis failed to answer, a while alone: no waiting for a command to time out before every send.
    if (Date.now() < aloneUntil) return 0;
    try {
      return await client.htxTakeSend(last, mark, spacingMicros, priority, YIELD_TO_INTERACTIVE_MS);
    } catch {
      aloneUntil = Date.now() + ALONE_AFTER_FAILURE_MS;
      return 0; // not counted in Redis: this process's own count (the pacer's) still holds
    }
  };
}
