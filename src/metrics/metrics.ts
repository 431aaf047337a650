import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Effect } from '../conversation/effects.js';
import type { LimitsPort } from '../conversation/ports.js';
import type { ChannelBacklog } from '../delivery/ports.js';
import { KIND_PREFIX, type TicketKind } from '../tickets/ticket.js';

/** What became of an update from a platform or the web chat. */
export type UpdateOutcome = 'applied' | 'replayed' | 'failed' | 'rejected';

/** How a member's question was answered: outright, with titles to choose from, declined as out of scope, or not at all. */
export type AnswerOutcome = 'answered' | 'offered' | 'declined' | 'none';

/**
 * What the app counts for an operator. Each method is cheap and never throws; {@link noMetrics}
 * does nothing, for an app without METRICS_TOKEN and for the CLI.
 */
export interface Metrics {
  /** A member's update, by channel (the conversation id's prefix or the route's channel). */
  update(channel: string, outcome: UpdateOutcome): void;
  /** What a turn asked to record: each search outcome, each ticket filed. */
  effects(effects: readonly Effect[]): void;
  ticketClosed(kind: TicketKind): void;
  /** A failed send, as the delivery queue treats it. */
  sendFailed(channel: string, kind: 'rate-limited' | 'permanent' | 'retry'): void;
  /** A delivery the queue gave up on (permanent error or last attempt). */
  gaveUp(channel: string): void;
  /** A request refused by a limit: `http` for a 429, or the member limit reached ('message', 'ticket', …). */
  rateLimited(limit: string): void;
  /** An HTTP response, by route pattern (never the URL) and status. */
  request(method: string, route: string, status: number, seconds: number): void;
}

const nothing = (): void => undefined;

/** Metrics that count nothing. */
export const noMetrics: Metrics = { update: nothing, effects: nothing, ticketClosed: nothing, sendFailed: nothing, gaveUp: nothing, rateLimited: nothing, request: nothing };

/** Metrics with the registry that holds them (one per app: tests run several apps in one process). */
export interface RegisteredMetrics extends Metrics {
  readonly registry: Registry;
}

export interface MetricsOptions {
  /** Reads the delivery queue's backlog at each scrape. */
  backlog: () => Promise<ChannelBacklog[]>;
  /** How long a scrape waits for the backlog before it leaves the queue gauges out (Redis down); default 2 s. */
  backlogDeadlineMs?: number;
  /** The clock the oldest pending age is measured with. */
  now?: () => number;
}

const ANSWER: Record<'confident' | 'unsure' | 'none', AnswerOutcome> = { confident: 'answered', unsure: 'offered', none: 'none' };
const KIND_OF_PREFIX = Object.fromEntries(Object.entries(KIND_PREFIX).map(([kind, prefix]) => [prefix, kind])) as Record<string, TicketKind>;

/** Seconds: 5 ms to 10 s, enough to see the web chat's few milliseconds and a slow webhook. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The app's series (all named htx_…) and Node's default metrics, in a registry of its own. */
export function createMetrics(options: MetricsOptions): RegisteredMetrics {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry, prefix: 'htx_' });
  const updates = new Counter({ name: 'htx_updates_total', help: 'Updates from members by channel and what became of them', labelNames: ['channel', 'outcome'], registers });
  const answers = new Counter({ name: 'htx_answers_total', help: "Members' questions by how they were answered", labelNames: ['outcome'], registers });
  const filed = new Counter({ name: 'htx_tickets_filed_total', help: 'Tickets filed by members, by kind', labelNames: ['kind'], registers });
  const closed = new Counter({ name: 'htx_tickets_closed_total', help: 'Tickets closed by staff, by kind', labelNames: ['kind'], registers });
  const failures = new Counter({ name: 'htx_delivery_failures_total', help: 'Failed sends by channel and how the queue treats them', labelNames: ['channel', 'reason'], registers });
  const gaveUp = new Counter({ name: 'htx_delivery_gave_up_total', help: 'Deliveries given up (permanent error or last attempt), by channel', labelNames: ['channel'], registers });
  const limited = new Counter({ name: 'htx_rate_limited_total', help: 'Requests refused by a limit: http (429) or a member limit', labelNames: ['limit'], registers });
  const duration = new Histogram({
    name: 'htx_http_request_duration_seconds',
    help: 'HTTP responses by route pattern and status class',
    labelNames: ['method', 'route', 'status_class'],
    buckets: DURATION_BUCKETS,
    registers,
  });
  queueGauges(registry, options);
  // Every answer outcome and ticket kind is shown from the start (0), so a dashboard's rate has a series to work on.
  for (const outcome of Object.values(ANSWER).concat('declined')) answers.inc({ outcome }, 0);
  for (const kind of Object.keys(KIND_PREFIX)) {
    filed.inc({ kind }, 0);
    closed.inc({ kind }, 0);
  }

  return {
    registry,
    update: (channel, outcome) => updates.inc({ channel, outcome }),
    effects(effects) {
      for (const e of effects) {
        if (e.type === 'searched') answers.inc({ outcome: e.outOfScope ? 'declined' : ANSWER[e.outcome] });
        else if (e.type === 'ticket-filed') filed.inc({ kind: KIND_OF_PREFIX[e.code.slice(0, 2)] ?? 'unknown' });
      }
    },
    ticketClosed: (kind) => closed.inc({ kind }),
    sendFailed: (channel, reason) => failures.inc({ channel, reason }),
    gaveUp: (channel) => gaveUp.inc({ channel }),
    rateLimited: (limit) => limited.inc({ limit }),
    request: (method, route, status, seconds) => duration.observe({ method, route, status_class: `${Math.floor(status / 100)}xx` }, seconds),
  };
}

/** Counts each member limit reached (the member gets a polite reply). */
export function countedLimits(limits: LimitsPort, metrics: Metrics): LimitsPort {
  return {
    async take(kind, subject) {
      const allowed = await limits.take(kind, subject);
      if (!allowed) metrics.rateLimited(kind);
      return allowed;
    },
    max: (kind) => limits.max(kind),
  };
}

/**
 * The delivery queue's depth and oldest pending age by channel, read from the queue when Prometheus
 * scrapes (one read shared by both gauges). A channel seen before and empty now shows 0; when the
 * queue does not answer in time, the gauges are left out of that scrape instead of failing it.
 */
function queueGauges(registry: Registry, options: MetricsOptions): void {
  const now = options.now ?? Date.now;
  const deadlineMs = options.backlogDeadlineMs ?? 2000;
  const seen = new Set<string>();
  // Both gauges are collected at once in a scrape: the second shares the read the first started.
  let reading: Promise<ChannelBacklog[] | null> | undefined;
  const current = (): Promise<ChannelBacklog[] | null> =>
    (reading ??= withDeadline(options.backlog(), deadlineMs)
      .catch(() => null)
      .finally(() => (reading = undefined)));
  const byChannel = async (): Promise<Map<string, ChannelBacklog> | null> => {
    const backlog = await current();
    if (!backlog) return null;
    for (const b of backlog) seen.add(b.channel);
    const map = new Map([...seen].map((channel) => [channel, { channel, pending: 0, oldestEnqueuedAt: null } as ChannelBacklog]));
    for (const b of backlog) map.set(b.channel, b);
    return map;
  };
  new Gauge({
    name: 'htx_delivery_queue_pending',
    help: 'Deliveries waiting, retrying or in flight, by channel',
    labelNames: ['channel'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const b of (await byChannel())?.values() ?? []) this.set({ channel: b.channel }, b.pending);
    },
  });
  new Gauge({
    name: 'htx_delivery_queue_oldest_age_seconds',
    help: 'Age of the oldest pending delivery by channel (0 when none is pending)',
    labelNames: ['channel'],
    registers: [registry],
    async collect() {
      this.reset();
      const at = now();
      for (const b of (await byChannel())?.values() ?? []) this.set({ channel: b.channel }, b.pending > 0 && b.oldestEnqueuedAt !== null ? Math.max(0, (at - b.oldestEnqueuedAt) / 1000) : 0);
    },
  });
}

/** Rejects when `promise` has not settled within `ms`. */
function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
