import type { Redis } from 'ioredis';
import type { Conference } from '../../conversation/forms/form-definition.js';
import { REDIS_PREFIX } from '../../storage/redis/keys.js';
import type { ConferenceStore } from './conference-store.js';
import { jsonHash } from './redis-json-hash.js';

/** The one hash holding every conference (id → JSON). Built beside keys.ts's builders, under the same prefix. */
export const conferencesKey = () => `${REDIS_PREFIX}conferences`;

/** Only the conference's own fields are stored (an input carrying more keeps the rest out). */
const fields = (c: Conference): Conference => ({ id: c.id, name: c.name, date: c.date, place: c.place, deadline: c.deadline });

/** Conferences on Redis: one hash, a JSON value per conference; few enough to sort on read. */
export function redisConferences(redis: Redis): ConferenceStore {
  const hash = jsonHash<Conference>(redis, conferencesKey(), 1);
  return {
    async list() {
      return (await hash.all()).sort((a, b) => a.date.localeCompare(b.date) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    },
    get: (id) => hash.get(id),
    add: (conference) => hash.add(conference.id, fields(conference), true),
    replace: (conference) => hash.replace(conference.id, fields(conference)),
  };
}
