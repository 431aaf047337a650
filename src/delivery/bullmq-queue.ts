import { Queue, UnrecoverableError, Worker, type Job, type JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { watchConnection } from '../storage/redis/redis-client.js';
import { backoffDelay, retryPolicy } from './backoff.js';
import { assertDeliveryJob, isBulk, sendParts, type DeliveryJob } from './delivery-job.js';
import { classifyFailure, DeliveryError, notifyDelivered, notifyFailed } from './errors.js';
import type { RateLimit } from './pacer.js';
import { DELIVERY_DEFAULTS, type DeliveryHandlers, type DeliveryQueue, type DeliveryQueueOptions, type DeliveryState, type ChannelBacklog } from './ports.js';

/** Default key prefix of every BullMQ key (under the bot's `htx:` prefix). */
export const BULLMQ_PREFIX = 'htx:bull';

/** Options of the Redis delivery queue. */
export interface BullmqDeliveryOptions extends DeliveryQueueOptions {
  /** e.g. redis://127.0.0.1:6379/0 */
  redisUrl: string;
  /** Prefix of every key; default {@link BULLMQ_PREFIX}. */
  prefix?: string;
  /**
   * The Redis list where the storage writes jobs in the same MULTI as the change that causes them;
   * the queue moves them into BullMQ (idempotent by key) and removes them. Unset: no outbox.
   */
  outboxKey?: string;
  /**
   * A platform limit per channel that holds across every process on this Redis (BullMQ's limiter
   * counts the channel's jobs in Redis), e.g. `{ telegram: TELEGRAM_RATE_LIMIT }`: with two bot
   * processes an announcement still goes out at 30 jobs a second in all, not 30 each.
   */
  channelLimits?: Record<string, RateLimit>;
}

/** A job as stored in BullMQ: the delivery job and the index of the next part to send. */
interface StoredJob extends DeliveryJob {
  next: number;
}

/** The job states that count as pending (waiting, retrying, rate-limited or in flight). */
const PENDING_STATES = ['active', 'wait', 'delayed', 'prioritized', 'paused', 'waiting-children'] as const;
/** Worker limiter that never limits by itself; it lets a manual rate limit (429) take effect. */
const MANUAL_LIMITER = { max: 1_000_000_000, duration: 1000 };
const BACKOFF_TYPE = 'htx-jitter';
/** BullMQ takes jobs without a priority before prioritized ones: bulk jobs get one, interactive jobs none. */
const BULK_PRIORITY = 10;

/**
 * The Redis delivery queue on BullMQ, for several bot processes. One BullMQ queue and worker per
 * channel, so a 429 rate-limits only its channel (queue.rateLimit + Worker.RateLimitError, which
 * does not use up an attempt). The job id is the idempotency key; delivered and failed jobs are kept
 * for keepFinishedMs. A set of the channels ever used lets start() find jobs enqueued before it.
 */
export function createBullmqDeliveryQueue(options: BullmqDeliveryOptions): DeliveryQueue {
  const policy = retryPolicy(options.retry);
  const prefix = options.prefix ?? BULLMQ_PREFIX;
  const concurrency = Math.max(1, options.concurrency ?? DELIVERY_DEFAULTS.concurrency);
  const pollMs = options.pollIntervalMs ?? DELIVERY_DEFAULTS.pollIntervalMs;
  const keepSeconds = Math.ceil((options.keepFinishedMs ?? DELIVERY_DEFAULTS.keepFinishedMs) / 1000);
  const logger = options.logger;
  const channelsKey = `${prefix}:delivery:channels`;
  const jobOptions: JobsOptions = {
    attempts: policy.maxAttempts,
    backoff: { type: BACKOFF_TYPE },
    removeOnComplete: { age: keepSeconds },
    removeOnFail: { age: keepSeconds },
  };

  let redis: Redis | undefined;
  const queues = new Map<string, Queue<StoredJob>>();
  const workers = new Map<string, Worker<StoredJob>>();
  let handlers: DeliveryHandlers | undefined;
  let starting: Promise<void> | undefined;

  function client(): Redis {
    if (!redis) {
      // BullMQ needs a connection that retries its blocking commands for ever.
      redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null, retryStrategy: (times) => Math.min(100 * 2 ** times, 2000) });
      watchConnection(redis, 'delivery', logger && { error: (d, m) => logger.error(d, m), info: (d, m) => logger.warn(d, m) });
    }
    return redis;
  }
  // A Redis outage makes every queue and worker report errors many times a second: logged once per outage.
  let reporting = false;
  const reportOnce = (err: Error, channel: string) => {
    if (reporting) return;
    reporting = true;
    logger?.error({ err: err.message, channel }, 'delivery queue error');
    setTimeout(() => (reporting = false), 60_000).unref();
  };

  function queueFor(channel: string): Queue<StoredJob> {
    let queue = queues.get(channel);
    if (!queue) {
      queue = new Queue<StoredJob>(queueName(channel), { connection: client(), prefix });
      queue.on('error', (err) => reportOnce(err, channel));
      queues.set(channel, queue);
    }
    return queue;
  }

  function startWorker(channel: string, h: DeliveryHandlers): void {
    if (workers.has(channel)) return;
    const queue = queueFor(channel);
    const worker = new Worker<StoredJob>(queueName(channel), (job) => deliver(job, queue, h), {
      connection: client(),
      prefix,
      concurrency,
      limiter: options.channelLimits?.[channel] ? { max: options.channelLimits[channel]!.max, duration: options.channelLimits[channel]!.perMs } : MANUAL_LIMITER,
      settings: { backoffStrategy: (attemptsMade: number) => backoffDelay(attemptsMade, policy) },
    });
    worker.on('error', (err) => reportOnce(err, channel));
    workers.set(channel, worker);
  }

  async function deliver(bullJob: Job<StoredJob>, queue: Queue<StoredJob>, { senders, onFailed, onDelivered }: DeliveryHandlers): Promise<void> {
    const { key, channel, parts, next, priority } = bullJob.data;
    const job: DeliveryJob = { key, channel, parts, ...(priority ? { priority } : {}) };
    try {
      const sender = senders[channel];
      if (!sender) throw new DeliveryError(`no sender for channel ${channel}`, { permanent: true });
      options.fault?.('delivery:before-send');
      await sendParts(job, sender, next, (i) => {
        options.fault?.('delivery:after-send');
        return bullJob.updateData({ ...job, next: i + 1 });
      });
    } catch (error) {
      const failure = classifyFailure(error);
      options.onSendFailed?.(channel, failure.kind);
      if (failure.kind === 'rate-limited') {
        await queue.rateLimit(failure.retryAfterMs);
        logger?.warn({ key, channel, retryAfterMs: failure.retryAfterMs }, 'delivery rate-limited; channel paused');
        throw Worker.RateLimitError();
      }
      if (failure.kind === 'permanent' || bullJob.attemptsMade + 1 >= policy.maxAttempts) {
        await notifyFailed(onFailed, job, failure.reason, logger);
        throw new UnrecoverableError(failure.reason);
      }
      logger?.warn({ key, channel, attempt: bullJob.attemptsMade + 1, reason: failure.reason }, 'delivery failed; will retry');
      throw error instanceof Error ? error : new Error(failure.reason);
    }
    await notifyDelivered(onDelivered, job, logger);
  }

  async function knownChannels(): Promise<string[]> {
    const stored = await client().smembers(channelsKey);
    return [...new Set([...stored, ...queues.keys()])];
  }

  async function counts(): Promise<{ pending: number; delivered: number; failed: number }> {
    const total = { pending: 0, delivered: 0, failed: 0 };
    for (const channel of await knownChannels()) {
      const c = await queueFor(channel).getJobCounts(...PENDING_STATES, 'completed', 'failed');
      total.pending += PENDING_STATES.reduce((sum, state) => sum + (c[state] ?? 0), 0);
      total.delivered += c.completed ?? 0;
      total.failed += c.failed ?? 0;
    }
    return total;
  }

  /** Pending jobs by channel; the oldest is looked for at both ends of each pending state's list. */
  async function backlog(): Promise<ChannelBacklog[]> {
    return Promise.all(
      (await knownChannels()).map(async (channel) => {
        const queue = queueFor(channel);
        const [c, first, last] = await Promise.all([queue.getJobCounts(...PENDING_STATES), queue.getJobs([...PENDING_STATES], 0, 0, true), queue.getJobs([...PENDING_STATES], 0, 0, false)]);
        const times = [...first, ...last].map((j) => j.timestamp).filter((t) => Number.isFinite(t));
        return { channel, pending: PENDING_STATES.reduce((sum, state) => sum + (c[state] ?? 0), 0), oldestEnqueuedAt: times.length > 0 ? Math.min(...times) : null };
      }),
    );
  }

  /** The job's state in its channel's queue; a job still in the storage's outbox is pending too. */
  async function jobState(key: string): Promise<DeliveryState | undefined> {
    for (const channel of await knownChannels()) {
      const state = await queueFor(channel).getJobState(jobId(key));
      if (state === 'completed') return 'delivered';
      if (state === 'failed') return 'failed';
      if (state !== 'unknown') return 'pending';
    }
    if (!options.outboxKey) return undefined;
    const waiting = await client().lrange(options.outboxKey, 0, -1);
    return waiting.some((raw) => (JSON.parse(raw) as DeliveryJob).key === key) ? 'pending' : undefined;
  }

  const registeredChannels = new Set<string>();
  async function enqueue(job: DeliveryJob): Promise<void> {
    assertDeliveryJob(job);
    // The set of channels is written once per channel and process, not on every job (one round trip less).
    if (!registeredChannels.has(job.channel)) {
      await client().sadd(channelsKey, job.channel);
      registeredChannels.add(job.channel);
    }
    const bulk = isBulk(job);
    await queueFor(job.channel).add(
      'deliver',
      { key: job.key, channel: job.channel, parts: job.parts, next: 0, ...(bulk ? { priority: 'bulk' as const } : {}) },
      { ...jobOptions, jobId: jobId(job.key), ...(bulk ? { priority: BULK_PRIORITY } : {}) },
    );
    if (handlers) startWorker(job.channel, handlers);
  }

  // The outbox: a job is removed only after BullMQ has it, so a crash in between moves it again (a no-op by its key).
  let moving: Promise<void> | undefined;
  let moveAgain = false;
  let mover: NodeJS.Timeout | undefined;
  function moveOutbox(): Promise<void> {
    if (!options.outboxKey) return Promise.resolve();
    if (moving) {
      moveAgain = true;
      return moving;
    }
    const key = options.outboxKey;
    moving = (async () => {
      do {
        moveAgain = false;
        for (let raws = await client().lrange(key, 0, 99); raws.length > 0; raws = await client().lrange(key, 0, 99)) {
          for (const raw of raws) {
            await enqueue(JSON.parse(raw) as DeliveryJob);
            await client().lrem(key, 1, raw);
          }
        }
      } while (moveAgain);
    })()
      .catch((err: unknown) => logger?.error({ err: err instanceof Error ? err.message : String(err) }, 'delivery outbox could not be moved; will retry'))
      .finally(() => {
        moving = undefined;
      });
    return moving;
  }

  return {
    enqueue,
    nudge() {
      if (handlers) void moveOutbox();
    },
    start(h) {
      if (handlers) throw new Error('delivery queue already started');
      handlers = h;
      if (options.outboxKey) {
        mover = setInterval(() => void moveOutbox(), pollMs);
        void moveOutbox();
      }
      for (const channel of Object.keys(h.senders)) startWorker(channel, h);
      starting = knownChannels()
        .then((channels) => {
          if (handlers === h) for (const channel of channels) startWorker(channel, h);
        })
        .catch((err: unknown) => logger?.error({ err }, 'delivery queue could not list its channels'));
    },
    async stop() {
      handlers = undefined;
      clearInterval(mover);
      await moving;
      await starting;
      starting = undefined;
      await Promise.all([...workers.values()].map((w) => w.close()));
      workers.clear();
      await Promise.all([...queues.values()].map((q) => q.close()));
      queues.clear();
      const r = redis;
      redis = undefined;
      if (r) await r.quit().catch(() => r.disconnect());
    },
    async drained(timeoutMs = DELIVERY_DEFAULTS.drainedTimeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const inOutbox = options.outboxKey ? await client().llen(options.outboxKey) : 0;
        const pending = (await counts()).pending + inOutbox;
        if (pending === 0) return;
        if (Date.now() >= deadline) throw new Error(`delivery queue not drained after ${timeoutMs} ms (${pending} pending)`);
        await new Promise((r) => setTimeout(r, Math.min(pollMs, 50)));
      }
    },
    stats: counts,
    jobState,
    backlog,
  };
}

/** BullMQ queue names cannot contain ':'; encodeURIComponent escapes it. */
function queueName(channel: string): string {
  return `delivery-${encodeURIComponent(channel)}`;
}

/** BullMQ job ids cannot be integers or contain ':'; the prefix and encoding rule out both. */
function jobId(key: string): string {
  return `d-${encodeURIComponent(key)}`;
}
