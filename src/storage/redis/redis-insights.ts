import type { Redis } from 'ioredis';
import { fold } from '../../knowledge/normalize.js';
import type { InsightStore } from '../ports.js';
import { REDIS_PREFIX, redisKeys } from './keys.js';

/** Kept questions per list; older ones fall off. */
const MAX_KEPT = 5000;
/** How long a member's "already asked" marks and vote are remembered. */
const MEMBER_TTL_SECONDS = 365 * 24 * 60 * 60;

/** How long a vote's time is kept (the review queue compares the last two months). */
const VOTE_TIME_KEPT_MS = 365 * 24 * 60 * 60 * 1000;

type Recent = Awaited<ReturnType<InsightStore['recentQuestions']>>[number];

/** When each member last voted on each entry: a sorted set of "entry id, voter" scored by the time (one member per entry once). */
export const votedAtKey = () => `${REDIS_PREFIX}feedback:voted-at`;
const votedAtMember = (entryId: string, voter: string) => JSON.stringify([entryId, voter]);

/**
 * Votes and unanswered questions in Redis: each member's vote per entry in a hash (so a second tap
 * replaces it), the counts derived from those; recent questions in a capped list, each stored once
 * per member and folded question.
 */
export function redisInsights(redis: Redis): InsightStore {
  const remember = async (item: Recent & { voter: string }) => {
    await redis.multi().lpush(redisKeys.recentQuestions(), JSON.stringify(item)).ltrim(redisKeys.recentQuestions(), 0, MAX_KEPT - 1).exec();
  };
  return {
    async recordFeedback(entryId, helpful, question, voter) {
      // The member's previous vote on this entry is replaced: counts are derived, never incremented twice.
      const previous = await redis.hget(redisKeys.votes(entryId), voter);
      const at = new Date();
      const tx = redis
        .multi()
        .hset(redisKeys.votes(entryId), voter, helpful ? 'up' : 'down')
        .zadd(votedAtKey(), at.getTime(), votedAtMember(entryId, voter))
        .zremrangebyscore(votedAtKey(), '-inf', `(${at.getTime() - VOTE_TIME_KEPT_MS}`)
        .sadd(redisKeys.votedEntries(), entryId)
        .sadd(redisKeys.voterEntries(voter), entryId)
        .expire(redisKeys.voterEntries(voter), MEMBER_TTL_SECONDS);
      await tx.exec();
      if (!helpful && question !== null && previous !== 'down') await remember({ kind: 'down', question, entryId, topic: null, at: at.toISOString(), voter });
    },
    async recordUnanswered(question, outcome, topic, voter) {
      const first = await redis.set(redisKeys.askedOnce(voter, fold(question)), '1', 'EX', MEMBER_TTL_SECONDS, 'NX');
      if (first === 'OK') await remember({ kind: outcome, question, entryId: null, topic, at: new Date().toISOString(), voter });
    },
    async forgetVoter(voter) {
      const entries = await redis.smembers(redisKeys.voterEntries(voter));
      const tx = redis.multi();
      for (const entryId of entries) tx.hdel(redisKeys.votes(entryId), voter).zrem(votedAtKey(), votedAtMember(entryId, voter));
      tx.del(redisKeys.voterEntries(voter));
      await tx.exec();
      const kept = await redis.lrange(redisKeys.recentQuestions(), 0, -1);
      for (const raw of kept) if ((JSON.parse(raw) as { voter?: string }).voter === voter) await redis.lrem(redisKeys.recentQuestions(), 0, raw);
    },
    async feedbackByEntry() {
      const rows = [];
      for (const entryId of await redis.smembers(redisKeys.votedEntries())) {
        const votes = Object.values(await redis.hgetall(redisKeys.votes(entryId)));
        const up = votes.filter((v) => v === 'up').length;
        if (votes.length > 0) rows.push({ entryId, up, down: votes.length - up });
      }
      return rows.sort((a, b) => b.down - a.down || a.up - b.up || a.entryId.localeCompare(b.entryId));
    },
    async recentQuestions(limit) {
      const items = await redis.lrange(redisKeys.recentQuestions(), 0, limit - 1);
      return items.map((i) => {
        const { kind, question, entryId, topic, at } = JSON.parse(i) as Recent;
        return { kind, question, entryId, topic, at };
      });
    },
    async votesSince(sinceIso) {
      const scored = await redis.zrangebyscore(votedAtKey(), Date.parse(sinceIso), '+inf', 'WITHSCORES');
      const cast: Array<{ entryId: string; voter: string; at: number }> = [];
      for (let i = 0; i < scored.length; i += 2) {
        const [entryId, voter] = JSON.parse(scored[i]!) as [string, string];
        cast.push({ entryId, voter, at: Number(scored[i + 1]) });
      }
      if (cast.length === 0) return [];
      const read = redis.pipeline();
      for (const { entryId, voter } of cast) read.hget(redisKeys.votes(entryId), voter);
      const values = (await read.exec()) ?? [];
      // A vote erased meanwhile (/forget) has a time but no value: left out.
      return cast.flatMap(({ entryId, at }, i) => {
        const value = values[i]?.[1];
        return value === 'up' || value === 'down' ? [{ entryId, helpful: value === 'up', at: new Date(at).toISOString() }] : [];
      });
    },
  };
}
