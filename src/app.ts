import { join } from 'node:path';
import type { Bot } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { Channel } from './channels/channel.js';
import { telegramChannel } from './channels/telegram/telegram-channel.js';
import { webChannel } from './channels/web/web-channel.js';
import { zaloBotChannel } from './channels/zalo/zalo-bot-channel.js';
import { zaloOaChannel } from './channels/zalo-oa/zalo-oa-channel.js';
import { createHttpServer } from './http/create-server.js';
import type { Logger } from 'pino';
import type { Config } from './config/config.js';
import { ConversationService } from './conversation/conversation-service.js';
import { createBullmqDeliveryQueue } from './delivery/bullmq-queue.js';
import type { DeliveryQueue, Sender } from './delivery/ports.js';
import { createSqliteOutbox } from './delivery/sqlite-outbox.js';
import { telegramRateLimit, type RateLimit } from './delivery/pacer.js';
import { redisSendWindow } from './delivery/send-window.js';
import { loadFlows } from './flows/load-flows.js';
import { createTranslator } from './i18n/create-translator.js';
import { loadKnowledge } from './knowledge/load-knowledge.js';
import type { KnowledgeBase } from './knowledge/knowledge-base.js';
import { loadOutOfScope } from './knowledge/out-of-scope.js';
import { ContentService } from './content/content-service.js';
import type { ContentKind } from './content/content-store.js';
import { liveContent } from './content/live-content.js';
import { seedContent } from './content/seed-content.js';
import type { Conference } from './conversation/forms/form-definition.js';
import type { EngineDeps } from './conversation/ports.js';
import { projectRoot } from './paths.js';
import { recordEffects } from './record-effects.js';
import { TicketRelay } from './relay/ticket-relay.js';
import { memberTickets } from './relay/member-tickets.js';
import { memberLimits } from './limits/member-limits.js';
import { crashPoint } from './faults/crash-point.js';
import { isTransient } from './channels/outage.js';
import { countedLimits, type Metrics } from './metrics/metrics.js';
import { appMetrics } from './metrics/metrics-route.js';
import { offeringChoices } from './relay/senders.js';
import { remindOverdue } from './relay/reminders.js';
import type { Storage } from './storage/ports.js';
import { openRedisStorage } from './storage/redis/redis-storage.js';
import { redisKeys } from './storage/redis/keys.js';
import { storageRedis, watchConnection } from './storage/redis/redis-client.js';
import { Redis } from 'ioredis';
import { openSqliteStorage } from './storage/sqlite/sqlite-storage.js';
import { StaffActions } from './tickets/staff-actions.js';
import { TicketService } from './tickets/ticket-service.js';
import { CONSOLE_PARTS } from './staff-web/console-parts.js';
import { createConsoleTranslator } from './staff-web/console-i18n.js';
import { registerStaffConsole } from './staff-web/console-plugin.js';
import { seedConferences } from './staff-web/conferences/conferences.js';
import { conferencesFromStore } from './staff-web/conferences/live-conferences.js';
import { AnnouncementService } from './announcements/announcement-service.js';
import { IdentityService } from './identity/identity-service.js';
import { linkedTickets } from './identity/linked-tickets.js';
import { ProfileService } from './profile/profile-service.js';
import { memberPseudonym } from './privacy/pseudonym.js';
import { remindConferenceDeadlines } from './announcements/conference-reminders.js';

/** Where content lives; tests point these at fixtures. */
export interface AppPaths {
  flowsDir: string;
  localesDir: string;
  publicDir: string;
}

export const defaultPaths = (): AppPaths => ({
  flowsDir: join(projectRoot, 'flows'),
  localesDir: join(projectRoot, 'locales'),
  publicDir: join(projectRoot, 'src', 'channels', 'web', 'public'),
});

export interface App {
  /** The bound HTTP port. */
  port: number;
  storage: Storage;
  tickets: TicketService;
  queue: DeliveryQueue;
  /** Drafts, review and publishing of the knowledge base, the organisation and conferences. */
  content: ContentService;
  /** The knowledge base the bot answers from now. */
  knowledge(): KnowledgeBase;
  /** Announcements to subscribers (composed by the console and the CLI, sent by this app's sweep). */
  announcements: AnnouncementService;
  telegram?: Bot;
  stop(): Promise<void>;
}

export interface AppOptions {
  config: Config;
  logger: Logger;
  paths?: AppPaths;
  /** Known bot identity: skips getMe (tests). */
  telegramBotInfo?: UserFromGetMe;
  /** The clock (tests of service levels). */
  now?: () => Date;
  /** How often the delivery queue looks for due jobs, in ms (tests shorten it). */
  deliveryPollMs?: number;
  /** How often due announcements are started and their progress closed, in ms (default 5 s; tests shorten it). */
  announcementSweepMs?: number;
}

/** A web member's /forget: the photos they uploaded (filed or not) and their conversation, erased. */
async function forgetWebInbox(storage: Storage, clientId: string): Promise<void> {
  for (const { message } of await storage.webInbox.recent(clientId, 1000)) {
    const photo = (message as { photo?: unknown }).photo;
    if (typeof photo === 'string') await storage.photos.remove(photo);
  }
  await storage.webInbox.clear(clientId);
}

/** /forget on one conversation of a linked member: the others' sessions, web chat inboxes and votes go too. */
async function forgetLinked(storage: Storage, id: string, linked: string[]): Promise<void> {
  for (const other of linked) {
    await storage.sessions.delete(other);
    await storage.insights.forgetVoter(memberPseudonym(other));
  }
  for (const conversation of [id, ...linked]) if (conversation.startsWith('web:')) await forgetWebInbox(storage, conversation.slice(4));
}

/** How long /healthz waits for each part before it reports the part as down. */
const HEALTH_DEADLINE_MS = 1500;

/** Rejects when `promise` has not settled within `ms`. */
function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** How often unannounced tickets are announced and overdue ones reminded (also once at start). */
const REMINDER_EVERY_MS = 10 * 60 * 1000;

/** How often announcements due are started, interrupted ones handed on and finished ones closed. */
const ANNOUNCEMENT_SWEEP_MS = 5000;

/** Opens the delivery queue on the same back end as the storage. */
export function openDeliveryQueue(config: Config, storage: Storage, logger: Logger, pollIntervalMs?: number, metrics?: Metrics): DeliveryQueue {
  const options = { logger, fault: crashPoint, onSendFailed: metrics?.sendFailed, ...(pollIntervalMs ? { pollIntervalMs } : {}) };
  // On Redis the Telegram limit is also counted across processes (each process paces its own sends too).
  if (config.storage.kind === 'redis') return createBullmqDeliveryQueue({ redisUrl: config.storage.url, outboxKey: redisKeys.outbox(), channelLimits: { telegram: telegramRateLimit(config.telegram.mode === 'off' ? undefined : config.telegram.sendsPerSecond) }, ...options });
  const sqlite = storage as ReturnType<typeof openSqliteStorage>;
  return createSqliteOutbox(sqlite.db, options, sqlite.commits);
}

/** Wires config → storage → core → channels → HTTP, and starts everything. */
export async function startApp({ config, logger, paths = defaultPaths(), telegramBotInfo, now = () => new Date(), deliveryPollMs, announcementSweepMs = ANNOUNCEMENT_SWEEP_MS }: AppOptions): Promise<App> {
  // The files are checked at every start (a bad one stops it) and seed the store; staff edit from there.
  const fileEntries = loadKnowledge(join(paths.flowsDir, 'knowledge'));
  const offTopic = loadOutOfScope(join(paths.flowsDir, 'out-of-scope.yaml'));
  const flows = loadFlows(paths.flowsDir);
  const translator = createTranslator(paths.localesDir);
  const storageOptions = { sessionIdleMs: config.sessionIdleMs, logger };
  const storage = config.storage.kind === 'redis' ? await openRedisStorage(config.storage.url, storageOptions) : openSqliteStorage(config.storage.dataDir, storageOptions);
  // Counted only when METRICS_TOKEN is set; the queue's backlog is read at each scrape.
  const metrics = appMetrics(config.metricsToken, { backlog: () => queue.backlog() });
  const queue = openDeliveryQueue(config, storage, logger, deliveryPollMs, metrics);
  // flows/ seeds the store (conferences first: their table seeds their documents); admins edit in the console afterwards.
  const conferences = conferencesFromStore(flows, storage.conferences);
  const seed = async () => {
    await seedConferences(storage.conferences, flows.conferences);
    return seedContent(storage.content, { entries: fileEntries, organisation: flows.organisation, conferences: await storage.conferences.list() }, now().toISOString());
  };
  const seeded = await seed();
  if (seeded.drafted.length > 0) logger.warn({ drafted: seeded.drafted }, 'flows/ files changed content that staff had edited: saved as drafts to review in the console');
  // Publish announcements come on a connection of their own (a subscribed connection does nothing else).
  const subscriber = config.storage.kind === 'redis' ? new Redis(config.storage.url, { lazyConnect: true, maxRetriesPerRequest: null, retryStrategy: (times) => Math.min(100 * 2 ** times, 2000) }) : undefined;
  // Its outages are the storage connection's (the same Redis), which logs them: this one only handles its errors.
  if (subscriber) watchConnection(subscriber, 'content-announcements');
  const live = await liveContent({ store: storage.content, flows: conferences.flows, refreshConferences: conferences.refresh, offTopic, subscriber, logger, reseed: async () => void (await seed()) });
  const knowledge = live.knowledge;
  const content = new ContentService(storage.content, {
    now,
    onPublished: () => live.reload(),
    // A published conference is what the concern form, the agenda and the exports read.
    project: async (kind: ContentKind, _id, body) => {
      if (kind !== 'conference') return;
      const conference = body as Conference;
      if (!(await storage.conferences.replace(conference))) await storage.conferences.add(conference);
    },
  });
  const tickets = new TicketService(storage.tickets, now, () => queue.nudge(), metrics.ticketClosed);
  const staffChat = config.telegram.mode !== 'off' && config.staffChatId !== null;

  // One member across channels (/link): staff answers go to the conversation they wrote from last.
  const identity: IdentityService = new IdentityService({ links: storage.links, counters: storage.counters, translator, now, jobsWritten: () => queue.nudge(), linked: (r) => profiles.join(r), dissolved: (m, rest) => profiles.dissolve(m, rest) });
  const profiles: ProfileService = new ProfileService(storage.profiles, identity);
  const relay = new TicketRelay({ queue, tickets, translator, staffChat, route: (memberId) => identity.route(memberId) });
  const announcements = new AnnouncementService({ store: storage.announcements, subscriptions: storage.subscriptions, tickets, queue, translator, now, logger });
  const engine: EngineDeps = { knowledge, translator, defaultLocale: config.defaultLocale, flows: live.flows, tickets: linkedTickets(memberTickets(new TicketService(storage.tickets, now), relay, storage.photos), identity), now, limits: countedLimits(memberLimits(storage.counters, config.limits, now), metrics), subscriptions: storage.subscriptions, identity, profiles };
  const conversations = new ConversationService({
    // A turn's deliveries go once the turn has committed (afterCommit), not while it runs.
    engine,
    sessions: storage.sessions,
    lock: storage.lock,
    fault: crashPoint,
    afterCommit: () => queue.nudge(),
    onTurn: (id, outcome) => metrics.update(id.split(':', 1)[0]!, outcome),
    onEffects: async (id, effects) => {
      metrics.effects(effects);
      recordEffects(id, effects, storage.insights, logger);
      const forgot = effects.find((e) => e.type === 'forget-member');
      if (forgot) await forgetLinked(storage, id, forgot.linked ?? []);
    },
  });
  const actions = new StaffActions(tickets, relay, translator('vi'), config.serviceLevelDays, now);

  const channels: Channel[] = [
    webChannel({
      conversations,
      inbox: storage.webInbox,
      photos: storage.photos,
      limits: { perClientPerMinute: config.limits.webPerClientPerMinute, perIpPerMinute: config.limits.webPerIpPerMinute },
    }),
  ];
  // Rate limits are counted in Redis when there is one, so they hold across processes: the web chat's
  // requests and each platform's sends (Telegram's 30 messages a second are for the bot, not a process).
  const limitsRedis = config.storage.kind === 'redis' ? storageRedis(config.storage.url, logger, { lazyConnect: false }) : undefined;
  const sharedWindow = limitsRedis ? (name: string, limit: RateLimit) => redisSendWindow(limitsRedis, name, limit) : undefined;
  let telegram: Bot | undefined;
  if (config.telegram.mode !== 'off') {
    const tg = telegramChannel({
      config: config.telegram,
      staffChatId: config.staffChatId,
      conversations,
      claims: storage.claims,
      queue,
      photos: storage.photos,
      tickets,
      actions,
      staffT: translator('vi'),
      translator,
      logger,
      botInfo: telegramBotInfo,
      sharedWindow,
    });
    telegram = tg.bot;
    channels.push(tg);
  }
  if (config.zalo.mode !== 'off') channels.push(zaloBotChannel({ config: config.zalo, conversations, queue, logger, translator, sharedWindow }));
  if (config.zaloOa.mode !== 'off') {
    const oa = zaloOaChannel({ config: config.zaloOa, conversations, queue, store: storage.zaloOa, claims: storage.claims, subscriptions: storage.subscriptions, logger, translator, fault: crashPoint,
      // A staff answer outside Zalo's reply window waits for the member to write: the staff chat is told once.
      onHeld: async (job) => {
        const code = /\b(KN|KK|CH)-\d{4}-\d{4,}\b/.exec(job.key)?.[0] ?? null;
        if (code) await relay.notifyStaff(`held:${job.key}`, translator('vi')('staff.waitingForMember', { code }), code);
      },
    });
    channels.push(oa);
  }

  const http = await createHttpServer({ logger, publicDir: paths.publicDir, bodyLimit: 1024 * 1024, redis: limitsRedis, trustProxy: config.trustProxy });
  metrics.register(http);
  for (const channel of channels) channel.routes?.(http);
  await registerStaffConsole(
    http,
    {
      storage,
      tickets,
      actions,
      t: createConsoleTranslator(paths.localesDir),
      serviceLevelDays: config.serviceLevelDays,
      now,
      loginPerAddress: { max: 100, timeWindow: 15 * 60_000 },
      // An answer waiting for a Zalo OA member to write (outside the reply window) shows as waiting.
      deliveries: { jobState: async (key) => ((await storage.zaloOa.isHeld(key)) ? 'held' : queue.jobState(key)) },
      telegramFiles: config.telegram.mode === 'off' ? undefined : { token: config.telegram.token, apiRoot: config.telegram.apiRoot },
      savedReplies: () => storage.savedReplies.list(),
      content,
      knowledge: live.current,
      engine,
      announcements,
    },
    CONSOLE_PARTS,
  );
  http.get('/healthz', async (_request, reply) => {
    // Answered within 2 s whatever is down: each part has a deadline and is named when it fails.
    const [storageUp, pending] = await Promise.all([
      withDeadline(storage.ping(), HEALTH_DEADLINE_MS).catch(() => false),
      withDeadline(queue.stats(), HEALTH_DEADLINE_MS).then(
        (s) => s.pending,
        () => null,
      ),
    ]);
    const ok = storageUp && pending !== null;
    return reply.status(ok ? 200 : 503).send({
      ok,
      ...(ok ? {} : { failing: [...(storageUp ? [] : ['storage']), ...(pending === null ? ['deliveries'] : [])] }),
      storage: { kind: storage.kind, up: storageUp },
      channels: { ...Object.fromEntries(channels.map((c) => [c.name, c.mode])), telegram: config.telegram.mode, zalo: config.zalo.mode, staffDesk: staffChat ? 'telegram' : 'cli' },
      deliveries: { pending },
      entries: knowledge.entries.length,
    });
  });

  await http.listen({ port: config.port, host: config.host });
  const address = http.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info({ port, host: config.host, storage: storage.kind, telegram: config.telegram.mode, staffDesk: staffChat, entries: knowledge.entries.length }, 'trợ lý HTX started');
  for (const channel of channels) await channel.start?.();
  queue.start({
    senders: Object.fromEntries(
      channels.flatMap((c) => Object.entries(c.senders).map(([name, sender]) => [name, offeringChoices(sender, (id, choices) => conversations.offer(id, choices), c.capabilities.buttons)])),
    ) as Record<string, Sender>,
    onDelivered: (job) => announcements.delivered(job),
    onFailed: async (job, reason) => {
      // An announcement's or reminder's failure is counted on it (a blocked member marked), not told to staff one member at a time.
      if (await announcements.failed(job, reason)) return void metrics.gaveUp(job.channel);
      const code = /\b(KN|KK|CH)-\d{4}-\d{4,}\b/.exec(job.key)?.[0] ?? null;
      logger.error({ key: job.key, channel: job.channel, reason }, 'delivery gave up');
      metrics.gaveUp(job.channel);
      if (code) await tickets.deliveryFailed(code, `${job.channel}: ${reason}`);
      // A failed notice about a failed staff post would fail the same way: log only.
      if (job.channel !== 'staff') await relay.notifyStaff(`failed:${job.key}`, translator('vi')('staff.deliveryFailed', { key: job.key, reason }), code);
    },
  });
  const remind = () =>
    Promise.all([
      relay.announceMissing(),
      remindOverdue({ tickets, relay: relay!, now: now(), days: config.serviceLevelDays, t: translator('vi') }),
      remindConferenceDeadlines({ subscriptions: storage.subscriptions, queue, translator }, live.flows.conferences, now()),
    ]).catch((error: unknown) =>
      logger.error({ err: String(error) }, 'staff-chat sweep failed'),
    );
  void remind();
  const reminders = setInterval(remind, REMINDER_EVERY_MS);
  reminders.unref();
  // A sweep that cannot reach the storage waits for the next one (the storage connection logs the outage once).
  const sweepAnnouncements = () =>
    void announcements.sweep().catch((error: unknown) => {
      if (!isTransient(error)) logger.error({ err: error instanceof Error ? error.message : String(error) }, 'announcement sweep failed');
    });
  sweepAnnouncements();
  const announcing = setInterval(sweepAnnouncements, announcementSweepMs);
  announcing.unref();

  return {
    port,
    storage,
    tickets,
    queue,
    content,
    knowledge: live.current,
    telegram,
    announcements,
    async stop() {
      clearInterval(reminders);
      clearInterval(announcing);
      await announcements.idle();
      conferences.stop();
      await live.stop();
      for (const channel of channels) await channel.stop?.();
      await http.close();
      limitsRedis?.disconnect();
      await queue.stop();
      await storage.close();
    },
  };
}
