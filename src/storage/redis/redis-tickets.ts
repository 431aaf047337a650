import type { Redis } from 'ioredis';
import { formatReference, ticketYear } from '../../tickets/reference-code.js';
import { newTicket } from '../../tickets/new-ticket.js';
import type { Ticket, TicketEvent } from '../../tickets/ticket.js';
import type { TicketStore } from '../../tickets/ticket-store.js';
import { redisKeys } from './keys.js';

/** How long a member's submission key is remembered (far longer than any retry). */
const SUBMISSION_TTL_SECONDS = 30 * 24 * 60 * 60;
/** A submission being written; a holder that crashed lets go after this many seconds. */
const PENDING = 'pending';
const PENDING_TTL_SECONDS = 10;

/** Tickets in Redis: JSON per ticket, INCR counters for references, sets and a sorted set to find them. */
export function redisTickets(redis: Redis): TicketStore {
  const parse = (raw: string | null) => (raw === null ? undefined : (JSON.parse(raw) as Ticket));
  const many = async (codes: string[]) => {
    if (codes.length === 0) return [];
    const raws = await redis.mget(codes.map((c) => redisKeys.ticket(c)));
    return raws.map(parse).filter((t): t is Ticket => t !== undefined);
  };
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
      const tx = redis
        .multi()
        .set(redisKeys.ticket(ticket.code), JSON.stringify(ticket))
        .zadd(redisKeys.ticketsAll(), at.getTime(), ticket.code)
        .rpush(redisKeys.ticketEvents(ticket.code), JSON.stringify(created));
      if (ticket.memberId) tx.zadd(redisKeys.memberTickets(ticket.memberId), at.getTime(), ticket.code);
      if (submission) tx.set(submission, ticket.code, 'EX', SUBMISSION_TTL_SECONDS);
      for (const job of options.jobs?.(ticket) ?? []) tx.rpush(redisKeys.outbox(), JSON.stringify(job));
      await tx.exec();
      return ticket;
    },
    async get(code) {
      return parse(await redis.get(redisKeys.ticket(code)));
    },
    async update(ticket, events, jobs = []) {
      const before = parse(await redis.get(redisKeys.ticket(ticket.code)));
      const tx = redis.multi().set(redisKeys.ticket(ticket.code), JSON.stringify(ticket));
      for (const e of events) tx.rpush(redisKeys.ticketEvents(ticket.code), JSON.stringify(e));
      for (const job of jobs) tx.rpush(redisKeys.outbox(), JSON.stringify(job));
      if (before?.memberId && before.memberId !== ticket.memberId) tx.zrem(redisKeys.memberTickets(before.memberId), ticket.code);
      const t = ticket.staffThread;
      if (t?.topicId !== undefined) tx.set(redisKeys.staffTopic(t.chatId, t.topicId), ticket.code);
      if (t?.messageId !== undefined) tx.set(redisKeys.staffMessage(t.chatId, t.messageId), ticket.code);
      await tx.exec();
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
    async byStaffThread(chatId, ref) {
      const code =
        (ref.topicId !== undefined ? await redis.get(redisKeys.staffTopic(chatId, ref.topicId)) : null) ??
        (ref.messageId !== undefined ? await redis.get(redisKeys.staffMessage(chatId, ref.messageId)) : null);
      return code ? parse(await redis.get(redisKeys.ticket(code))) : undefined;
    },
  };
}
