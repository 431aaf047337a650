import type { Redis } from 'ioredis';
import type { WebInbox } from '../ports.js';
import { redisKeys } from './keys.js';

/** Entries kept per browser: older ones are dropped when a new one is stored. */
export const WEB_INBOX_KEEP = 100;

/** The hash of idempotency keys → entry ids beside a browser's sorted set (same prefix and name). */
const inboxKeysOf = (clientId: string) => `${redisKeys.webInbox(clientId)}:keys`;

/**
 * Stores an entry once per key and keeps the latest entries, in one step (a crash leaves the entry
 * and its key both or neither). Members are `{"id","key","message"}` JSON, scored by the id.
 */
const PUSH = `
local zkey, hkey, seq = KEYS[1], KEYS[2], KEYS[3]
local key, body, keep = ARGV[1], ARGV[2], tonumber(ARGV[3])
if key ~= '' then
  local existing = redis.call('HGET', hkey, key)
  if existing then return tonumber(existing) end
end
local id = redis.call('INCR', seq)
local keyJson = 'null'
if key ~= '' then keyJson = cjson.encode(key) end
redis.call('ZADD', zkey, id, '{"id":' .. id .. ',"key":' .. keyJson .. ',"message":' .. body .. '}')
if key ~= '' then redis.call('HSET', hkey, key, id) end
local excess = redis.call('ZCARD', zkey) - keep
if excess > 0 then
  local old = redis.call('ZRANGE', zkey, 0, excess - 1)
  for _, m in ipairs(old) do
    local k = cjson.decode(m).key
    if type(k) == 'string' then redis.call('HDEL', hkey, k) end
  end
  redis.call('ZREMRANGEBYRANK', zkey, 0, excess - 1)
end
return id
`;

type InboxRedis = Redis & { htxWebInboxPush(zkey: string, hkey: string, seq: string, key: string, body: string, keep: number): Promise<number> };

/**
 * A web chat browser's conversation on Redis: a sorted set per browser scored by a global sequence,
 * a hash of idempotency keys beside it, and only the latest {@link WEB_INBOX_KEEP} entries kept.
 */
export function redisWebInbox(redis: Redis): WebInbox {
  if (!('htxWebInboxPush' in redis)) redis.defineCommand('htxWebInboxPush', { numberOfKeys: 3, lua: PUSH });
  const r = redis as InboxRedis;
  const parse = (raw: string) => {
    const { id, message } = JSON.parse(raw) as { id: number; message: unknown };
    return { id, message };
  };
  return {
    async push(clientId, message, key) {
      const body = JSON.stringify(message) ?? 'null';
      return Number(await r.htxWebInboxPush(redisKeys.webInbox(clientId), inboxKeysOf(clientId), redisKeys.webInboxSeq(), key ?? '', body, WEB_INBOX_KEEP));
    },
    async pushMany(clientId, entries) {
      // One script call each, sent together (auto-pipelining): the keys keep every entry once.
      return Promise.all(entries.map((e) => this.push(clientId, e.message, e.key)));
    },
    async since(clientId, afterId) {
      const raw = await redis.zrangebyscore(redisKeys.webInbox(clientId), `(${afterId}`, '+inf', 'LIMIT', 0, 100);
      return raw.map(parse);
    },
    async recent(clientId, limit) {
      const n = Math.floor(limit);
      if (n <= 0) return [];
      return (await redis.zrange(redisKeys.webInbox(clientId), -n, -1)).map(parse);
    },
    async clear(clientId) {
      await redis.del(redisKeys.webInbox(clientId), inboxKeysOf(clientId));
    },
  };
}
