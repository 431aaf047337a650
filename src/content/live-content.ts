import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { KnowledgePort } from '../conversation/ports.js';
import type { Organisation } from '../conversation/organisation.js';
import type { FlowsPort } from '../conversation/tickets-port.js';
import { KnowledgeBase } from '../knowledge/knowledge-base.js';
import type { OffTopicGroup } from '../knowledge/out-of-scope.js';
import { entryFromBody, ORGANISATION_ID, type EntryBody } from './content-kinds.js';
import type { ContentStore } from './content-store.js';
import { contentKeys } from './redis-content-store.js';

/** How often a process compares the store's version with its own (a missed announcement is caught by this). */
export const CONTENT_POLL_MS = 5_000;

export interface LiveContentOptions {
  store: ContentStore;
  /** The bot's flows (conferences already live from their store): the organisation is replaced by the published one. */
  flows: FlowsPort;
  /** Rereads the conferences the bot uses (after a publish anywhere). */
  refreshConferences: () => Promise<void>;
  offTopic: readonly OffTopicGroup[];
  /** A connection of its own to subscribe to publish announcements (Redis); none on SQLite. */
  subscriber?: Redis;
  logger: Logger;
  pollMs?: number;
  /**
   * Writes the shipped files into the store again. Called when the store holds no published entry
   * (a Redis restarted without its data): the bot keeps answering from the files instead of
   * answering nothing.
   */
  reseed?: () => Promise<void>;
}

export interface LiveContent {
  /** The knowledge port the engine uses: always the latest published entries. */
  knowledge: KnowledgePort & { readonly entries: KnowledgeBase['entries'] };
  /** The knowledge base answered from right now. */
  current(): KnowledgeBase;
  flows: FlowsPort;
  /** Reads the published content again and answers from it (at once after a publish in this process). */
  reload(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * What the bot answers from, kept equal to the published content: read at start, read again after
 * every publish — in this process directly, in the others when the store announces the new version
 * (Redis pub/sub), and in any case when the version polled every few seconds has moved.
 */
export async function liveContent(options: LiveContentOptions): Promise<LiveContent> {
  const { store, logger } = options;
  let base = new KnowledgeBase([], options.offTopic);
  let organisation: Organisation = options.flows.organisation;
  let loadedVersion = -1;

  const load = async () => {
    let version = await store.version();
    let entries = await store.published('entry');
    if (entries.length === 0 && options.reseed) {
      logger.error({}, 'the content store holds no published entry (storage lost its data?): seeding it again from the flows/ files');
      await options.reseed();
      [version, entries] = await Promise.all([store.version(), store.published('entry')]);
    }
    const orgs = await store.published('organisation');
    base = new KnowledgeBase(
      entries.map((r) => entryFromBody(r.body as EntryBody)),
      options.offTopic,
    );
    organisation = (orgs.find((r) => r.docId === ORGANISATION_ID)?.body as Organisation | undefined) ?? options.flows.organisation;
    await options.refreshConferences();
    loadedVersion = version;
  };
  // One reload at a time; a request meanwhile runs one more after it (it may carry a newer version).
  let running: Promise<void> | undefined;
  let again = false;
  const reload = async (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await load();
        } while (again);
      } finally {
        running = undefined;
      }
    })();
    return running;
  };
  const reloadLogged = () =>
    void reload().catch((error: unknown) => logger.error({ err: error instanceof Error ? error.message : String(error) }, 'content reload failed; answering from the previous version'));

  await load();
  const poll = setInterval(
    () =>
      void store
        .version()
        .then((v) => (v !== loadedVersion ? reloadLogged() : undefined))
        .catch(() => undefined),
    options.pollMs ?? CONTENT_POLL_MS,
  );
  poll.unref();
  const subscriber = options.subscriber;
  if (subscriber) {
    subscriber.on('message', (channel: string) => {
      if (channel === contentKeys.channel()) reloadLogged();
    });
    await subscriber.subscribe(contentKeys.channel());
  }

  const knowledge: LiveContent['knowledge'] = {
    search: (question, now) => base.search(question, now),
    get: (id) => base.get(id),
    byTopic: (topic) => base.byTopic(topic),
    topics: () => base.topics(),
    get entries() {
      return base.entries;
    },
  };
  const from = options.flows;
  const flows: FlowsPort = {
    forms: from.forms,
    smallTalk: from.smallTalk,
    get organisation() {
      return organisation;
    },
    get conferences() {
      return from.conferences;
    },
    matchCommune: (text) => from.matchCommune(text),
    nextOpenConference: (now) => from.nextOpenConference(now),
  };
  return {
    knowledge,
    current: () => base,
    flows,
    reload,
    async stop() {
      clearInterval(poll);
      if (subscriber) subscriber.disconnect();
    },
  };
}
