import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { MAX_PHOTO_BYTES, type PhotoStore, type PhotoType } from '../ports.js';
import { REDIS_PREFIX } from './keys.js';

/** How long Redis keeps a photo: long enough for staff to handle the ticket it came with. */
export const PHOTO_TTL_SECONDS = 90 * 24 * 60 * 60;

/** A photo's hash (`type`, `data`). Built beside keys.ts's builders, under the same prefix. */
export const photoKey = (id: string) => `${REDIS_PREFIX}photo:${id}`;

const PHOTO_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TYPES: readonly PhotoType[] = ['image/jpeg', 'image/png', 'image/webp'];

/** Photos on Redis: the bytes and type in one hash per photo, forgotten after 90 days. */
export function redisPhotos(redis: Redis): PhotoStore {
  return {
    async save(data, type) {
      if (data.length > MAX_PHOTO_BYTES) throw new Error(`photo larger than ${MAX_PHOTO_BYTES} bytes`);
      const id = randomUUID();
      await redis.multi().hset(photoKey(id), 'type', type, 'data', data).expire(photoKey(id), PHOTO_TTL_SECONDS).exec();
      return id;
    },
    async load(id) {
      if (!PHOTO_ID.test(id)) return undefined;
      const stored = await redis.hgetallBuffer(photoKey(id));
      const type = stored['type']?.toString('utf8') as PhotoType | undefined;
      const data = stored['data'];
      if (!type || !TYPES.includes(type) || !data) return undefined;
      return { data, type };
    },
    async remove(id) {
      if (PHOTO_ID.test(id)) await redis.del(photoKey(id));
    },
  };
}
