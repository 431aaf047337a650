import type { Redis } from 'ioredis';
import { REDIS_PREFIX, redisKeys } from '../storage/redis/keys.js';
import { byLastSeen, isLive, LINK_CODE_TTL_MS, type LinkCode, type LinkStore } from './link-store.js';
import { z } from 'zod';

/** The keys of links and codes, beside keys.ts's builders, under the same prefix. */
export const linkKeys = {
  /** A live code → its JSON (expires with the code). */
  code: (code: string) => `${REDIS_PREFIX}link-code:${code}`,
  /** A conversation → the digits of its live code. */
  codeOf: (conversationId: string) => `${REDIS_PREFIX}link-code-of:${conversationId}`,
  /** A conversation → its member id. */
  memberOf: (conversationId: string) => `${REDIS_PREFIX}member-of:${conversationId}`,
  /** A member → hash of conversation id → last seen (ISO, "" for not since linking). */
  member: (memberId: string) => `${REDIS_PREFIX}member:${memberId}`,
};

const codeSchema = z.object({ code: z.string(), conversationId: z.string(), locale: z.enum(['vi', 'en']), issuedAt: z.string() });

/** Stores the code unless the digits are taken; the conversation's previous code stops working. */
const ISSUE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local previous = redis.call('GET', KEYS[2])
if previous then redis.call('DEL', ARGV[3] .. previous) end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('SET', KEYS[2], ARGV[4], 'PX', ARGV[2])
return 1`;

/**
 * KEYS: code, codeOf(issuer), memberOf(issuer), memberOf(redeemer), outbox.
 * ARGV: issuer, redeemer, newMemberId, issuedAt, now ISO, member key prefix, job count, jobs….
 * Consumes the code only if it is still the issuer's; links; writes the jobs; returns {member, issuerBefore, redeemerBefore}.
 */
const REDEEM = `
local raw = redis.call('GET', KEYS[1])
if not raw then return false end
local c = cjson.decode(raw)
if c.conversationId ~= ARGV[1] then return false end
redis.call('DEL', KEYS[1])
if redis.call('GET', KEYS[2]) == c.code then redis.call('DEL', KEYS[2]) end
local issuerMember = redis.call('GET', KEYS[3])
local redeemerMember = redis.call('GET', KEYS[4])
local member = issuerMember or ARGV[3]
local mkey = ARGV[6] .. member
if not issuerMember then
  redis.call('SET', KEYS[3], member)
  redis.call('HSET', mkey, ARGV[1], ARGV[4])
end
if redeemerMember and redeemerMember ~= member then
  local okey = ARGV[6] .. redeemerMember
  local others = redis.call('HGETALL', okey)
  for i = 1, #others, 2 do
    redis.call('HSET', mkey, others[i], others[i + 1])
    redis.call('SET', ARGV[8] .. others[i], member)
  end
  redis.call('DEL', okey)
end
redis.call('SET', KEYS[4], member)
redis.call('HSET', mkey, ARGV[2], ARGV[5])
for i = 1, tonumber(ARGV[7]) do redis.call('RPUSH', KEYS[5], ARGV[8 + i]) end
return cjson.encode({ member, issuerMember or ARGV[1], redeemerMember or ARGV[2] })`;

/** KEYS: memberOf(conversation). ARGV: conversation, at, member key prefix. */
const SEEN = `
local member = redis.call('GET', KEYS[1])
if member then redis.call('HSET', ARGV[3] .. member, ARGV[1], ARGV[2]) end
return 0`;

/**
 * KEYS: memberOf(conversation), outbox. ARGV: conversation, member key prefix, memberOf prefix,
 * notice count, then (to, job JSON) pairs. Returns the others; writes the notices to them.
 */
const UNLINK = `
local member = redis.call('GET', KEYS[1])
if not member then return {} end
local mkey = ARGV[2] .. member
redis.call('DEL', KEYS[1])
redis.call('HDEL', mkey, ARGV[1])
local others = redis.call('HKEYS', mkey)
if #others < 2 then
  for _, id in ipairs(others) do redis.call('DEL', ARGV[3] .. id) end
  redis.call('DEL', mkey)
end
local isOther = {}
for _, id in ipairs(others) do isOther[id] = true end
for i = 1, tonumber(ARGV[4]) do
  if isOther[ARGV[3 + 2 * i]] then redis.call('RPUSH', KEYS[2], ARGV[4 + 2 * i]) end
end
return others`;

/** KEYS: memberOf(conversation). ARGV: conversation, member key prefix, memberOf prefix, codeOf prefix, code prefix. */
const FORGET = `
local member = redis.call('GET', KEYS[1])
local ids = { ARGV[1] }
if member then ids = redis.call('HKEYS', ARGV[2] .. member) end
for _, id in ipairs(ids) do
  local code = redis.call('GET', ARGV[4] .. id)
  if code then redis.call('DEL', ARGV[5] .. code) end
  redis.call('DEL', ARGV[4] .. id, ARGV[3] .. id)
end
if member then redis.call('DEL', ARGV[2] .. member) end
return 0`;

/** Links and codes on Redis; each change one script, so two processes never consume a code twice. */
export function redisLinks(redis: Redis): LinkStore {
  const memberPrefix = linkKeys.member('');
  const memberOfPrefix = linkKeys.memberOf('');
  return {
    async issue(c) {
      const ok = await redis.eval(ISSUE, 2, linkKeys.code(c.code), linkKeys.codeOf(c.conversationId), JSON.stringify(c), LINK_CODE_TTL_MS, linkKeys.code(''), c.code);
      return ok === 1;
    },
    async peek(code, now) {
      const raw = await redis.get(linkKeys.code(code));
      const parsed = raw ? codeSchema.safeParse(JSON.parse(raw)) : undefined;
      return parsed?.success && isLive(parsed.data, now) ? parsed.data : undefined;
    },
    async codeOf(conversationId, now) {
      const digits = await redis.get(linkKeys.codeOf(conversationId));
      const code = digits ? await this.peek(digits, now) : undefined;
      return code?.conversationId === conversationId ? code : undefined;
    },
    async redeem(c, redeemer, now, newMemberId, jobs) {
      if (!isLive(c, now)) return undefined;
      const keys = [linkKeys.code(c.code), linkKeys.codeOf(c.conversationId), linkKeys.memberOf(c.conversationId), linkKeys.memberOf(redeemer), redisKeys.outbox()];
      const args = [c.conversationId, redeemer, newMemberId, c.issuedAt, now.toISOString(), memberPrefix, jobs.length, memberOfPrefix, ...jobs.map((j) => JSON.stringify(j))];
      const raw = (await redis.eval(REDEEM, keys.length, ...keys, ...args)) as string | null;
      if (!raw) return undefined;
      const [memberId, issuerBefore, redeemerBefore] = JSON.parse(raw) as [string, string, string];
      return { memberId, issuerBefore, redeemerBefore };
    },
    async links(conversationId) {
      const member = await redis.get(linkKeys.memberOf(conversationId));
      if (!member) return { memberId: null, conversations: [{ conversationId, lastSeenAt: null }] };
      const seen = await redis.hgetall(linkKeys.member(member));
      return { memberId: member, conversations: Object.entries(seen).map(([id, at]) => ({ conversationId: id, lastSeenAt: at === '' ? null : at })).sort(byLastSeen) };
    },
    async seen(conversationId, at) {
      await redis.eval(SEEN, 1, linkKeys.memberOf(conversationId), conversationId, at, memberPrefix);
    },
    async unlink(conversationId, notices = []) {
      const pairs = notices.flatMap((n) => [n.to, JSON.stringify(n.job)]);
      const others = (await redis.eval(UNLINK, 2, linkKeys.memberOf(conversationId), redisKeys.outbox(), conversationId, memberPrefix, memberOfPrefix, notices.length, ...pairs)) as string[];
      return others.sort();
    },
    async forget(conversationId) {
      await redis.eval(FORGET, 1, linkKeys.memberOf(conversationId), conversationId, memberPrefix, memberOfPrefix, linkKeys.codeOf(''), linkKeys.code(''));
    },
  };
}
