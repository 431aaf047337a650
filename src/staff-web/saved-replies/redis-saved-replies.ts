import type { Redis } from 'ioredis';
import { jsonHash } from '../conferences/redis-json-hash.js';
import { REDIS_PREFIX } from '../../storage/redis/keys.js';
import { inTitleOrder, type SavedReply, type SavedReplyStore } from './saved-reply-store.js';

/** The one hash holding every saved reply (id → JSON). Built beside keys.ts's builders, under the same prefix. */
export const savedRepliesKey = () => `${REDIS_PREFIX}saved-replies`;

const fields = (r: SavedReply): SavedReply => ({ id: r.id, title: r.title, text: r.text, updatedAt: r.updatedAt });

/** Saved replies on Redis: one hash, a JSON value per reply; few enough to sort on read. An edit never brings back a reply deleted meanwhile. */
export function redisSavedReplies(redis: Redis): SavedReplyStore {
  const hash = jsonHash<SavedReply>(redis, savedRepliesKey(), 1);
  return {
    list: async () => inTitleOrder(await hash.all()),
    get: (id) => hash.get(id),
    add: async (reply) => void (await hash.add(reply.id, fields(reply), false)),
    replace: (reply) => hash.replace(reply.id, fields(reply)),
    remove: (id) => hash.remove(id),
  };
}
