import type { Redis } from 'ioredis';
import type { InsightStore } from '../ports.js';
import { redisKeys } from './keys.js';

/** Kept questions per list; older ones fall off (the counters stay). */
const MAX_KEPT = 5000;

type Recent = Awaited<ReturnType<InsightStore['recentQuestions']>>[number];

/** Votes and unanswered questions in Redis: counters in a hash, recent questions in a capped list. */
export function redisInsights(redis: Redis): InsightStore {
  const remember = async (item: Recent) => {
    await redis.multi().lpush(redisKeys.recentQuestions(), JSON.stringify(item)).ltrim(redisKeys.recentQuestions(), 0, MAX_KEPT - 1).exec();
  };
  return {
    async recordFeedback(entryId, helpful, question) {
      await redis.hincrby(redisKeys.feedbackCounts(), `${entryId}|${helpful ? 'up' : 'down'}`, 1);
      if (!helpful && question !== null) await remember({ kind: 'down', question, entryId, topic: null, at: new Date().toISOString() });
    },
    async recordUnanswered(question, outcome, topic) {
      await remember({ kind: outcome, question, entryId: null, topic, at: new Date().toISOString() });
    },
    async feedbackByEntry() {
      const counts = await redis.hgetall(redisKeys.feedbackCounts());
      const byEntry = new Map<string, { entryId: string; up: number; down: number }>();
      for (const [field, value] of Object.entries(counts)) {
        const [entryId, vote] = field.split('|') as [string, 'up' | 'down'];
        const row = byEntry.get(entryId) ?? { entryId, up: 0, down: 0 };
        row[vote] += Number(value);
        byEntry.set(entryId, row);
      }
      return [...byEntry.values()].sort((a, b) => b.down - a.down || a.up - b.up || a.entryId.localeCompare(b.entryId));
    },
    async recentQuestions(limit) {
      const items = await redis.lrange(redisKeys.recentQuestions(), 0, limit - 1);
      return items.map((i) => JSON.parse(i) as Recent);
    },
  };
}
