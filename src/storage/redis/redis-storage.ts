import type { Redis } from 'ioredis';
import { storageRedis, type ConnectionLogger } from './redis-client.js';
import { DEFAULT_SESSION_IDLE_MS, type Storage } from '../ports.js';
import type { StorageOptions } from '../sqlite/sqlite-storage.js';
import { redisSessions } from './redis-sessions.js';
import { redisCounters } from './redis-counters.js';
import { redisConversationLock } from './redis-lock.js';
import { redisKeys } from './keys.js';
import { redisInsights } from './redis-insights.js';
import { redisTickets } from './redis-tickets.js';
import { redisWebInbox } from './redis-web-inbox.js';
import { redisPhotos } from './redis-photos.js';
import { redisAccounts } from '../../staff-web/accounts/redis-accounts.js';
import { redisConsoleSessions } from '../../staff-web/auth/redis-console-sessions.js';
import { redisTicketChanges, signallingChanges } from '../../staff-web/live/ticket-changes.js';
import { redisContentStore } from '../../content/redis-content-store.js';
import { redisConferences } from '../../staff-web/conferences/redis-conferences.js';
import { redisSavedReplies } from '../../staff-web/saved-replies/redis-saved-replies.js';
import { redisSubscriptions } from '../../subscriptions/redis-subscriptions.js';
import { redisAnnouncements } from '../../announcements/redis-announcements.js';
import { redisLinks } from '../../identity/redis-links.js';
import { redisProfiles } from '../../profile/redis-profiles.js';
import { redisZaloOaStore } from '../../channels/zalo-oa/redis-oa-store.js';

/** Connects to Redis at `url`; rejects if it cannot be reached. */
export async function openRedisStorage(url: string, options: StorageOptions & { logger?: ConnectionLogger } = {}): Promise<Storage> {
  const redis = storageRedis(url, options.logger);
  await redis.connect();
  return redisStorage(redis, options);
}

export function redisStorage(redis: Redis, options: StorageOptions = {}): Storage {
  const ticketChanges = redisTicketChanges(redis);
  return {
    kind: 'redis',
    sessions: redisSessions(redis, options.sessionIdleMs ?? DEFAULT_SESSION_IDLE_MS),
    lock: redisConversationLock(redis),
    claims: {
      async claim(key, ttlSeconds) {
        return (await redis.set(redisKeys.updateClaim(key), '1', 'EX', ttlSeconds, 'NX')) === 'OK';
      },
      async release(key) {
        await redis.del(redisKeys.updateClaim(key));
      },
    },
    counters: redisCounters(redis),
    insights: redisInsights(redis),
    tickets: signallingChanges(redisTickets(redis), ticketChanges),
    ticketChanges,
    webInbox: redisWebInbox(redis),
    photos: redisPhotos(redis),
    accounts: redisAccounts(redis),
    consoleSessions: redisConsoleSessions(redis),
    conferences: redisConferences(redis),
    savedReplies: redisSavedReplies(redis),
    subscriptions: redisSubscriptions(redis),
    announcements: redisAnnouncements(redis),
    content: redisContentStore(redis),
    links: redisLinks(redis),
    profiles: redisProfiles(redis),
    zaloOa: redisZaloOaStore(redis),
    async ping() {
      return (await redis.ping()) === 'PONG';
    },
    async close() {
      await redis.quit();
    },
  };
}
