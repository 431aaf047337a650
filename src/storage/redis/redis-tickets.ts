import type { Redis } from 'ioredis';
import { formatReference, ticketYear } from '../../tickets/reference-code.js';
import { newTicket } from '../../tickets/new-ticket.js';
import type { Ticket, TicketEvent, TicketState } from '../../tickets/ticket.js';
import type { TicketQuery, TicketStore } from '../../tickets/ticket-store.js';
import { searchWords, ticketSearchText } from '../../tickets/ticket-search.js';
import { REDIS_PREFIX, redisKeys } from './keys.js';

/** How long a member's submission key is remembered (far longer than any retry). */
const SUBMISSION_TTL_SECONDS = 30 * 24 * 60 * 60;
/** A submission being written; a holder that crashed lets go after this many seconds. */
const PENDING = 'pending';
const PENDING_TTL_SECONDS = 10;

/**
 * The staff queue's keys (beside those of keys.ts, under the same prefix). Each filter value has a
 * sorted set of codes scored by creation time, so intersecting them keeps the queue's order.
 */
export const ticketQueueKeys = {
  open: () => `${REDIS_PREFIX}tickets:queue:open`,
  state: (state: TicketState) => `${REDIS_PREFIX}tickets:queue:state:${state}`,
  kind: (kind: string) => `${REDIS_PREFIX}tickets:queue:kind:${kind}`,
  topic: (topic: string) => `${REDIS_PREFIX}tickets:queue:topic:${topic}`,
  commune: (commune: string) => `${REDIS_PREFIX}tickets:queue:commune:${commune}`,
  urgency: (urgency: string) => `${REDIS_PREFIX}tickets:queue:urgency:${urgency}`,
  assignee: (name: string | null) => (name === null ? `${REDIS_PREFIX}tickets:queue:unassigned` : `${REDIS_PREFIX}tickets:queue:assignee:${name}`),
  wroteAgain: () => `${REDIS_PREFIX}tickets:queue:wrote-again`,
  /** Open tickets staff have not answered yet: the overdue ones are those created before the cutoff. */
  awaitingAnswer: () => `${REDIS_PREFIX}tickets:queue:awaiting-answer`,
  /** Hash code → JSON {sets, search}: the sorted sets the ticket is in and its search entry (what a change takes it out of). */
  memberships: () => `${REDIS_PREFIX}tickets:queue:in`,
  /** Every ticket's search entry (see {@link searchEntry}), scored by creation time: a search reads it in queue order. */
  search: () => `${REDIS_PREFIX}tickets:queue:search`,
  /** Working sets of one query, deleted before the script that makes them ends. */
  scratch: (name: string) => `${REDIS_PREFIX}tickets:queue:scratch:${name}`,
};

const OPEN_STATES: readonly TicketState[] = ['new', 'in-progress', 'answered'];

/**
 * What a search reads of a ticket, in one string: the code, a tab, '0' closed / '1' open / '2' open
 * and awaiting an answer, the creation time in ms (13 digits), then the folded search text. Starting
 * with the code, entries created at one moment sort by code, as the queue does.
 */
function searchEntry(t: Ticket): string {
  const status = t.state === 'closed' ? '0' : t.firstAnsweredAt === null ? '2' : '1';
  return `${t.code}\t${status}${String(Date.parse(t.createdAt)).padStart(13, '0')}${ticketSearchText(t)}`;
}

/** The sorted sets a ticket belongs to: the queue's indexes and its member's tickets. */
function membershipsOf(t: Ticket): string[] {
  const k = ticketQueueKeys;
  const keys = [k.state(t.state), k.kind(t.kind), k.assignee(t.assignee)];
  if (t.state !== 'closed') keys.push(k.open());
  if (t.state !== 'closed' && t.firstAnsweredAt === null) keys.push(k.awaitingAnswer());
  if (t.topic !== null) keys.push(k.topic(t.topic));
  if (t.commune !== null) keys.push(k.commune(t.commune));
  if (t.urgency !== null) keys.push(k.urgency(t.urgency));
  if (t.memberWroteAgain) keys.push(k.wroteAgain());
  if (t.memberId !== null) keys.push(redisKeys.memberTickets(t.memberId));
  return keys;
}

/**
 * Saves a ticket with its events, jobs, staff-thread keys and index entries, in one step: it leaves
 * the sets it was in and is no longer in, and joins the others. With an expected value, it writes
 * only if the stored ticket is still that one (indexing older tickets never undoes a newer change).
 */
const SAVE = `
local code, json, score, search, expected = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local nIndex, nEvents, nJobs = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
if expected ~= '' and redis.call('GET', KEYS[1]) ~= expected then return 0 end
redis.call('SET', KEYS[1], json)
local now, list = {}, {}
for i = 6, 5 + nIndex do now[KEYS[i]] = true; list[#list + 1] = KEYS[i] end
local before = redis.call('HGET', KEYS[4], code)
if before then
  local was = cjson.decode(before)
  for _, key in ipairs(was.sets) do
    if not now[key] then redis.call('ZREM', key, code) end
  end
  if was.search ~= search then redis.call('ZREM', KEYS[5], was.search) end
end
for _, key in ipairs(list) do redis.call('ZADD', key, score, code) end
redis.call('ZADD', KEYS[5], score, search)
redis.call('HSET', KEYS[4], code, cjson.encode({ sets = list, search = search }))
for i = 6 + nIndex, #KEYS do redis.call('SET', KEYS[i], code) end
for i = 1, nEvents do redis.call('RPUSH', KEYS[2], ARGV[8 + i]) end
for i = 1, nJobs do redis.call('RPUSH', KEYS[3], ARGV[8 + nEvents + i]) end
return 1
`;

/**
 * One page of the queue, overdue first, then by creation time and code; returns the number matching
 * and the page's codes. KEYS: 3 scratch sets (base, overdue, rest), the awaiting-answer set, the
 * search hash, then the sets to unite (the states) and to intersect (the filters). ARGV: how many
 * sets to unite, the overdue cutoff in ms ('' for none), offset, limit, the base ('all' tickets or
 * the 'open' ones with no filter: the awaiting-answer set is then inside it; else 'set'), the words.
 *
 * Filters are set intersections. A search reads every search entry in queue order (under a
 * microsecond each) and keeps those with every word that are in the base.
 */
const PAGE = `
local nUnite, cutoff, offset, limit, mode = tonumber(ARGV[1]), ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
local wide = mode ~= 'set'
local base = KEYS[6]
if nUnite > 1 then
  local args = { 'ZUNIONSTORE', KEYS[1], nUnite }
  for i = 6, 5 + nUnite do args[#args + 1] = KEYS[i] end
  args[#args + 1] = 'AGGREGATE'
  args[#args + 1] = 'MIN'
  redis.call(unpack(args))
  base = KEYS[1]
end
if #KEYS > 5 + nUnite then
  local args = { 'ZINTERSTORE', KEYS[1], 1 + #KEYS - 5 - nUnite, base }
  for i = 6 + nUnite, #KEYS do args[#args + 1] = KEYS[i] end
  args[#args + 1] = 'AGGREGATE'
  args[#args + 1] = 'MIN'
  redis.call(unpack(args))
  base = KEYS[1]
end
local page = {}
if #ARGV > 5 then
  local overdue, rest = {}, {}
  local n = redis.call('ZCARD', KEYS[5])
  for start = 0, n - 1, 1000 do
    local entries = redis.call('ZRANGE', KEYS[5], start, start + 999)
    for i = 1, #entries do
      local entry = entries[i]
      local tab = string.find(entry, '\t', 1, true)
      local status = string.byte(entry, tab + 1)
      local ok = mode ~= 'open' or status ~= 48
      for w = 6, #ARGV do
        if ok and not string.find(entry, ARGV[w], tab + 15, true) then ok = false end
      end
      if ok then
        local code = string.sub(entry, 1, tab - 1)
        if mode ~= 'set' or redis.call('ZSCORE', base, code) then
          if cutoff ~= '' and status == 50 and string.sub(entry, tab + 2, tab + 14) < cutoff then
            overdue[#overdue + 1] = code
          else
            rest[#rest + 1] = code
          end
        end
      end
    end
  end
  redis.call('DEL', KEYS[1])
  for i = offset + 1, math.min(offset + limit, #overdue + #rest) do
    if i <= #overdue then page[#page + 1] = overdue[i] else page[#page + 1] = rest[i - #overdue] end
  end
  return { #overdue + #rest, page }
end
local total = redis.call('ZCARD', base)
local overdue = 0
if cutoff ~= '' then
  if wide then
    overdue = redis.call('ZCOUNT', KEYS[4], '-inf', '(' .. cutoff)
  else
    overdue = redis.call('ZINTERSTORE', KEYS[2], 2, base, KEYS[4], 'AGGREGATE', 'MIN')
    overdue = overdue - redis.call('ZREMRANGEBYSCORE', KEYS[2], cutoff, '+inf')
  end
end
if limit > 0 and offset < overdue then
  if wide then
    page = redis.call('ZRANGE', KEYS[4], '-inf', '(' .. cutoff, 'BYSCORE', 'LIMIT', offset, limit)
  else
    page = redis.call('ZRANGE', KEYS[2], offset, offset + limit - 1)
  end
end
local want = limit - #page
if want > 0 and offset + #page < total then
  local from = math.max(0, offset - overdue)
  local codes
  -- Past the overdue ones, every ticket from the cutoff on is in the rest, in order: read it there.
  local before = 0
  if overdue > 0 then before = redis.call('ZCOUNT', base, '-inf', '(' .. cutoff) - overdue end
  if overdue == 0 then
    codes = redis.call('ZRANGE', base, from, from + want - 1)
  elseif from >= before then
    codes = redis.call('ZRANGE', base, cutoff, '+inf', 'BYSCORE', 'LIMIT', from - before, want)
  else
    if wide then redis.call('ZRANGESTORE', KEYS[2], KEYS[4], '-inf', '(' .. cutoff, 'BYSCORE') end
    redis.call('ZDIFFSTORE', KEYS[3], 2, base, KEYS[2])
    codes = redis.call('ZRANGE', KEYS[3], from, from + want - 1)
  end
  for _, code in ipairs(codes) do page[#page + 1] = code end
end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
return { total, page }
`;
type QueueRedis = Redis & {
  htxTicketSave(numKeys: number, ...args: Array<string | number>): Promise<number>;
  htxTicketPage(numKeys: number, ...args: Array<string | number>): Promise<[number, string[]]>;
};

/** Stored tickets from before a field existed read with its default. */
const parse = (raw: string | null) => {
  if (raw === null) return undefined;
  const ticket = JSON.parse(raw) as Ticket;
  ticket.memberWroteAgain ??= false;
  return ticket;
};

/** The sorted sets a query unites (its states) and intersects (its other filters). */
function querySets(q: TicketQuery): { unite: string[]; intersect: string[] } {
  const k = ticketQueueKeys;
  const states = q.states && [...new Set(q.states)];
  const unite =
    states === undefined ? [redisKeys.ticketsAll()] : states.length === OPEN_STATES.length && OPEN_STATES.every((s) => states.includes(s)) ? [k.open()] : states.map(k.state);
  const intersect: string[] = [];
  if (q.kind !== undefined) intersect.push(k.kind(q.kind));
  if (q.topic !== undefined) intersect.push(k.topic(q.topic));
  if (q.commune !== undefined) intersect.push(k.commune(q.commune));
  if (q.urgency !== undefined) intersect.push(k.urgency(q.urgency));
  if (q.assignee !== undefined) intersect.push(k.assignee(q.assignee));
  if (q.memberWroteAgain) intersect.push(k.wroteAgain());
  return { unite, intersect };
}

/**
 * Tickets in Redis: JSON per ticket, INCR counters for references, sets and a sorted set to find
 * them, and for the staff queue one sorted set per filter value (scored by creation time) kept in
 * the same MULTI or script as the ticket, so a crash leaves the ticket and its entries together.
 */
export function redisTickets(redis: Redis): TicketStore {
  if (!('htxTicketSave' in redis)) redis.defineCommand('htxTicketSave', { lua: SAVE });
  if (!('htxTicketPage' in redis)) redis.defineCommand('htxTicketPage', { lua: PAGE });
  const r = redis as QueueRedis;
  const many = async (codes: string[]) => {
    if (codes.length === 0) return [];
    const raws = await redis.mget(codes.map((c) => redisKeys.ticket(c)));
    return raws.map(parse).filter((t): t is Ticket => t !== undefined);
  };
  const save = (ticket: Ticket, options: { events?: TicketEvent[]; jobs?: string[]; expected?: string } = {}) => {
    const index = membershipsOf(ticket);
    const t = ticket.staffThread;
    const thread = [
      ...(t?.topicId !== undefined ? [redisKeys.staffTopic(t.chatId, t.topicId)] : []),
      ...(t?.messageId !== undefined ? [redisKeys.staffMessage(t.chatId, t.messageId)] : []),
    ];
    const events = (options.events ?? []).map((e) => JSON.stringify(e));
    const jobs = options.jobs ?? [];
    const keys = [redisKeys.ticket(ticket.code), redisKeys.ticketEvents(ticket.code), redisKeys.outbox(), ticketQueueKeys.memberships(), ticketQueueKeys.search(), ...index, ...thread];
    const args = [ticket.code, JSON.stringify(ticket), Date.parse(ticket.createdAt), searchEntry(ticket), options.expected ?? '', index.length, events.length, jobs.length];
    return r.htxTicketSave(keys.length, ...keys, ...args, ...events, ...jobs);
  };
  // Tickets stored before the queue existed (no entry in the memberships hash) are indexed once per
  // process, before its first change or query; filing writes both together, so equal counts mean
  // there is nothing to do. A failed attempt is made again by the next call.
  const indexOlder = async () => {
    if ((await redis.hlen(ticketQueueKeys.memberships())) >= (await redis.zcard(redisKeys.ticketsAll()))) return;
    const codes = await redis.zrange(redisKeys.ticketsAll(), 0, -1);
    for (let i = 0; i < codes.length; i += 500) {
      const chunk = codes.slice(i, i + 500);
      const indexed = await redis.hmget(ticketQueueKeys.memberships(), ...chunk);
      const older = chunk.filter((_, j) => indexed[j] === null);
      if (older.length === 0) continue;
      const raws = await redis.mget(older.map((c) => redisKeys.ticket(c)));
      await Promise.all(raws.map((raw) => (raw === null ? undefined : save(parse(raw)!, { expected: raw }))));
    }
  };
  let indexing: Promise<void> | undefined;
  const ready = () =>
    (indexing ??= indexOlder().catch((error: unknown) => {
      indexing = undefined;
      throw error;
    }));
  return {
    async create(draft, at, options = {}) {
      const year = ticketYear(at);
      const submission = options.submissionKey && draft.memberId ? redisKeys.submission(draft.memberId, options.submissionKey) : undefined;
      if (submission) {
        // The submission is held while its ticket is written; a second filing of it (a retry, another
        // process) waits for the first and returns its ticket. A holder that crashed lets go after a while.
        for (;;) {
          if ((await redis.set(submission, PENDING, 'EX', PENDING_TTL_SECONDS, 'NX')) === 'OK') break;
          const held = await redis.get(submission);
          if (held && held !== PENDING) return parse(await redis.get(redisKeys.ticket(held)))!;
          await new Promise((r) => setTimeout(r, 25));
        }
      }
      const seq = await redis.incr(redisKeys.ticketCounter(draft.kind, year));
      const ticket = newTicket(formatReference(draft.kind, year, seq), draft, at);
      const created: TicketEvent = { code: ticket.code, at: ticket.createdAt, actor: 'member', type: 'created', text: null };
      const index = membershipsOf(ticket);
      const tx = redis
        .multi()
        .set(redisKeys.ticket(ticket.code), JSON.stringify(ticket))
        .zadd(redisKeys.ticketsAll(), at.getTime(), ticket.code)
        .rpush(redisKeys.ticketEvents(ticket.code), JSON.stringify(created))
        .hset(ticketQueueKeys.memberships(), ticket.code, JSON.stringify({ sets: index, search: searchEntry(ticket) }))
        .zadd(ticketQueueKeys.search(), at.getTime(), searchEntry(ticket));
      for (const key of index) tx.zadd(key, at.getTime(), ticket.code);
      if (submission) tx.set(submission, ticket.code, 'EX', SUBMISSION_TTL_SECONDS);
      for (const job of options.jobs?.(ticket) ?? []) tx.rpush(redisKeys.outbox(), JSON.stringify(job));
      await tx.exec();
      return ticket;
    },
    async get(code) {
      return parse(await redis.get(redisKeys.ticket(code)));
    },
    async update(ticket, events, jobs = []) {
      await ready();
      await save(ticket, { events, jobs: jobs.map((j) => JSON.stringify(j)) });
    },
    async history(code) {
      return (await redis.lrange(redisKeys.ticketEvents(code), 0, -1)).map((e) => JSON.parse(e) as TicketEvent);
    },
    async eraseMemberTexts(code) {
      const key = redisKeys.ticketEvents(code);
      const events = (await redis.lrange(key, 0, -1)).map((e) => JSON.parse(e) as TicketEvent);
      const cleaned = events.map((e) => (e.actor === 'member' ? { ...e, text: null } : e));
      const tx = redis.multi().del(key);
      if (cleaned.length > 0) tx.rpush(key, ...cleaned.map((e) => JSON.stringify(e)));
      await tx.exec();
    },
    async byMember(memberId) {
      return many(await redis.zrevrange(redisKeys.memberTickets(memberId), 0, -1));
    },
    async all() {
      return many(await redis.zrange(redisKeys.ticketsAll(), 0, -1));
    },
    async page(query) {
      const limit = Math.max(0, Math.floor(query.limit));
      const offset = Math.max(0, Math.floor(query.offset));
      const { unite, intersect } = querySets(query);
      if (unite.length === 0) return { tickets: [], total: 0 };
      await ready();
      const s = ticketQueueKeys.scratch;
      const keys = [s('base'), s('overdue'), s('rest'), ticketQueueKeys.awaitingAnswer(), ticketQueueKeys.search(), ...unite, ...intersect];
      const cutoff = query.overdueBefore === undefined ? '' : String(Date.parse(query.overdueBefore)).padStart(13, '0');
      const only = intersect.length === 0 && unite.length === 1 ? unite[0] : undefined;
      const mode = only === redisKeys.ticketsAll() ? 'all' : only === ticketQueueKeys.open() ? 'open' : 'set';
      const words = searchWords(query.text).map((w) => ` ${w}`);
      const [total, codes] = await r.htxTicketPage(keys.length, ...keys, unite.length, cutoff, offset, limit, mode, ...words);
      return { tickets: await many(codes), total: Number(total) };
    },
    async byStaffThread(chatId, ref) {
      const code =
        (ref.topicId !== undefined ? await redis.get(redisKeys.staffTopic(chatId, ref.topicId)) : null) ??
        (ref.messageId !== undefined ? await redis.get(redisKeys.staffMessage(chatId, ref.messageId)) : null);
      return code ? parse(await redis.get(redisKeys.ticket(code))) : undefined;
    },
  };
}
