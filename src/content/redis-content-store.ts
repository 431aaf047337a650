import type { Redis } from 'ioredis';
import { REDIS_PREFIX } from '../storage/redis/keys.js';
import type { ContentKind, ContentStore, DocumentState, Revision } from './content-store.js';

/** Where content lives in Redis, under the same prefix as the rest. */
export const contentKeys = {
  /** kind → hash of document id → state JSON. */
  documents: (kind: ContentKind) => `${REDIS_PREFIX}content:docs:${kind}`,
  /** A document's revisions, a list (revision n at index n − 1), each JSON written once. */
  revisions: (kind: ContentKind, docId: string) => `${REDIS_PREFIX}content:revs:${kind}:${docId}`,
  /** A document's publications: revision → {by, at}. */
  publications: (kind: ContentKind, docId: string) => `${REDIS_PREFIX}content:pubs:${kind}:${docId}`,
  version: () => `${REDIS_PREFIX}content:version`,
  /** Pub/sub channel: the new version after every publish and retire. */
  channel: () => `${REDIS_PREFIX}content:published`,
};

// The state as Lua keeps it: only numbers and strings (cjson turns empty tables and nulls into surprises).
interface StoredState {
  latestRev: number;
  publishedRev: number;
  retired: number;
  retiredBy?: string;
  retiredAt?: string;
}

/** Publishes revision ARGV[2] in the state of document ARGV[1]: KEYS = documents, publications, version. */
const PUBLISH_LUA = `
local function publish(state, rev, by, at)
  state.publishedRev = rev
  state.retired = 0
  state.retiredBy = nil
  state.retiredAt = nil
  redis.call('HSET', KEYS[2], tostring(rev), cjson.encode({by = by, at = at}))
end
local function announce()
  local v = redis.call('INCR', KEYS[3])
  redis.call('PUBLISH', ARGV[#ARGV], v)
end
`;

/** KEYS: documents, publications, version, revisions. ARGV: docId, expected, revision JSON, publish (1/0), author, at, channel. */
const APPEND = `${PUBLISH_LUA}
local raw = redis.call('HGET', KEYS[1], ARGV[1])
local state = raw and cjson.decode(raw) or {latestRev = 0, publishedRev = 0, retired = 0}
if state.latestRev ~= tonumber(ARGV[2]) then return 0 end
local rev = state.latestRev + 1
redis.call('RPUSH', KEYS[4], ARGV[3])
state.latestRev = rev
if ARGV[4] == '1' then publish(state, rev, ARGV[5], ARGV[6]) end
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(state))
if ARGV[4] == '1' then announce() end
return rev`;

/** KEYS: documents, publications, version. ARGV: docId, rev, by, at, channel. */
const PUBLISH = `${PUBLISH_LUA}
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local state = cjson.decode(raw)
local rev = tonumber(ARGV[2])
if rev < 1 or rev > state.latestRev then return 0 end
publish(state, rev, ARGV[3], ARGV[4])
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(state))
announce()
return 1`;

/** KEYS: documents, publications, version. ARGV: docId, by, at, channel. */
const RETIRE = `${PUBLISH_LUA}
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local state = cjson.decode(raw)
state.retired = 1
state.retiredBy = ARGV[2]
state.retiredAt = ARGV[3]
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(state))
announce()
return 1`;

const toState = (kind: ContentKind, docId: string, s: StoredState): DocumentState => ({
  kind,
  docId,
  latestRev: s.latestRev,
  publishedRev: s.publishedRev > 0 ? s.publishedRev : null,
  retired: s.retired === 1,
  ...(s.retiredBy ? { retiredBy: s.retiredBy, retiredAt: s.retiredAt ?? '' } : {}),
});

/**
 * Content documents on Redis: each write one Lua script (the check of the expected revision and
 * the write are one step for every process on the Redis), each publish announced on a channel.
 */
export function redisContentStore(redis: Redis): ContentStore {
  const withPublication = (revision: Revision, raw: string | null | undefined): Revision => {
    if (!raw) return revision;
    const p = JSON.parse(raw) as { by: string; at: string };
    return { ...revision, publishedBy: p.by, publishedAt: p.at };
  };
  const parseRevision = (raw: string) => JSON.parse(raw) as Revision;

  return {
    async append(kind, docId, expectedLatest, r) {
      const revision: Revision = { kind, docId, rev: expectedLatest + 1, body: r.body, author: r.author, at: r.at, note: r.note };
      const keys = [contentKeys.documents(kind), contentKeys.publications(kind, docId), contentKeys.version(), contentKeys.revisions(kind, docId)];
      const rev = Number(await redis.eval(APPEND, keys.length, ...keys, docId, String(expectedLatest), JSON.stringify(revision), r.publish ? '1' : '0', r.author, r.at, contentKeys.channel()));
      return rev > 0 ? rev : null;
    },
    async publish(kind, docId, rev, by, at) {
      const keys = [contentKeys.documents(kind), contentKeys.publications(kind, docId), contentKeys.version()];
      return Number(await redis.eval(PUBLISH, keys.length, ...keys, docId, String(rev), by, at, contentKeys.channel())) === 1;
    },
    async retire(kind, docId, by, at) {
      const keys = [contentKeys.documents(kind), contentKeys.publications(kind, docId), contentKeys.version()];
      return Number(await redis.eval(RETIRE, keys.length, ...keys, docId, by, at, contentKeys.channel())) === 1;
    },
    async document(kind, docId) {
      const raw = await redis.hget(contentKeys.documents(kind), docId);
      return raw ? toState(kind, docId, JSON.parse(raw) as StoredState) : undefined;
    },
    async documents(kind) {
      const all = await redis.hgetall(contentKeys.documents(kind));
      return Object.entries(all)
        .map(([docId, raw]) => toState(kind, docId, JSON.parse(raw) as StoredState))
        .sort((a, b) => (a.docId < b.docId ? -1 : 1));
    },
    async revisions(kind, docId) {
      const [list, pubs] = await Promise.all([redis.lrange(contentKeys.revisions(kind, docId), 0, -1), redis.hgetall(contentKeys.publications(kind, docId))]);
      return list.map((raw) => {
        const revision = parseRevision(raw);
        return withPublication(revision, pubs[String(revision.rev)]);
      });
    },
    async revision(kind, docId, rev) {
      if (!Number.isInteger(rev) || rev < 1) return undefined;
      const [raw, pub] = await Promise.all([redis.lindex(contentKeys.revisions(kind, docId), rev - 1), redis.hget(contentKeys.publications(kind, docId), String(rev))]);
      return raw ? withPublication(parseRevision(raw), pub) : undefined;
    },
    async published(kind) {
      const states = (await this.documents(kind)).filter((s) => !s.retired && s.publishedRev !== null);
      const pipeline = redis.pipeline();
      for (const s of states) {
        pipeline.lindex(contentKeys.revisions(kind, s.docId), s.publishedRev! - 1);
        pipeline.hget(contentKeys.publications(kind, s.docId), String(s.publishedRev));
      }
      const results = (await pipeline.exec()) ?? [];
      const out: Revision[] = [];
      for (let i = 0; i < states.length; i++) {
        const raw = results[2 * i]?.[1] as string | null;
        if (raw) out.push(withPublication(parseRevision(raw), results[2 * i + 1]?.[1] as string | null));
      }
      return out;
    },
    async version() {
      return Number((await redis.get(contentKeys.version())) ?? 0);
    },
  };
}
