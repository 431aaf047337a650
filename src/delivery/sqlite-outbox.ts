import type Database from 'better-sqlite3';
import { backoffDelay, retryPolicy } from './backoff.js';
import { assertDeliveryJob, sendParts, type DeliveryJob } from './delivery-job.js';
import { classifyFailure, DeliveryError, notifyDelivered, notifyFailed } from './errors.js';
import { outboxWriter } from './sqlite-outbox-table.js';
import { DELIVERY_DEFAULTS, type DeliveryHandlers, type DeliveryQueue, type DeliveryQueueOptions, type DeliveryState, type ChannelBacklog } from './ports.js';
import type { GroupCommit } from '../storage/sqlite/group-commit.js';

interface OutboxRow {
  key: string;
  channel: string;
  parts: string;
  next_part: number;
  attempts: number;
  priority: number;
}

/** How often (in ticks) finished jobs past keepFinishedMs and ended pauses are deleted. */
const PURGE_EVERY_TICKS = 500;

/**
 * The embedded delivery queue: an outbox table in an open better-sqlite3 database, worked in this
 * process by a timer loop. Progress (the next part to send), attempts, the next try and per-channel
 * 429 pauses are stored, so a restart resumes where it stopped. One process works a database file
 * (use the BullMQ queue for several processes).
 */
/**
 * `commits`: the storage's group commit, when the outbox shares its database. A send's progress and
 * a new job are then waited on until committed, so a crash cannot resend a part or lose a job that
 * the caller was told is queued.
 */
export function createSqliteOutbox(db: Database.Database, options: DeliveryQueueOptions = {}, commits?: GroupCommit): DeliveryQueue {
  const policy = retryPolicy(options.retry);
  const concurrency = Math.max(1, options.concurrency ?? DELIVERY_DEFAULTS.concurrency);
  const pollMs = options.pollIntervalMs ?? DELIVERY_DEFAULTS.pollIntervalMs;
  const keepMs = options.keepFinishedMs ?? DELIVERY_DEFAULTS.keepFinishedMs;
  const logger = options.logger;

  const write = outboxWriter(db);
  const selectDue = db.prepare<[number, number, number], OutboxRow>(
    // Interactive jobs (priority 0) before bulk ones (1): an announcement never holds up an answer.
    `SELECT key, channel, parts, next_part, attempts, priority FROM delivery_outbox o
     WHERE state = 'pending' AND due_at <= ?
       AND NOT EXISTS (SELECT 1 FROM delivery_channel_pauses p WHERE p.channel = o.channel AND p.until > ?)
     ORDER BY priority, due_at, id LIMIT ?`,
  );
  const saveProgress = db.prepare('UPDATE delivery_outbox SET next_part = ? WHERE key = ?');
  const reschedule = db.prepare('UPDATE delivery_outbox SET attempts = ?, due_at = ?, last_error = ? WHERE key = ?');
  const finish = db.prepare('UPDATE delivery_outbox SET state = ?, finished_at = ?, last_error = ? WHERE key = ?');
  const pauseChannel = db.prepare(
    `INSERT INTO delivery_channel_pauses (channel, until) VALUES (?, ?)
     ON CONFLICT(channel) DO UPDATE SET until = max(until, excluded.until)`,
  );
  const stateOf = db.prepare<[string], { state: DeliveryState }>('SELECT state FROM delivery_outbox WHERE key = ?');
  const countStates = db.prepare<[], { state: string; n: number }>('SELECT state, COUNT(*) AS n FROM delivery_outbox GROUP BY state');
  const backlog = db.prepare<[], ChannelBacklog>(
    "SELECT channel, COUNT(*) AS pending, MIN(COALESCE(enqueued_at, due_at)) AS oldestEnqueuedAt FROM delivery_outbox WHERE state = 'pending' GROUP BY channel",
  );
  const purgeFinished = db.prepare("DELETE FROM delivery_outbox WHERE state != 'pending' AND finished_at < ?");
  const purgePauses = db.prepare('DELETE FROM delivery_channel_pauses WHERE until <= ?');

  let handlers: DeliveryHandlers | undefined;
  let timer: NodeJS.Timeout | undefined;
  let ticks = 0;
  const inFlight = new Map<string, Promise<void>>();

  // Every committed turn nudges the outbox: nudges in one turn of the event loop share one look.
  let scheduled = false;
  function schedule(): void {
    if (scheduled || !handlers) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      tick();
    });
  }

  function tick(): void {
    if (!handlers) return;
    const now = Date.now();
    if (ticks++ % PURGE_EVERY_TICKS === 0) {
      purgeFinished.run(now - keepMs);
      purgePauses.run(now);
    }
    const free = concurrency - inFlight.size;
    if (free <= 0) return;
    // In-flight rows are still pending, so the first `concurrency` due rows hold at least `free` others.
    const rows = selectDue.all(now, now, concurrency).filter((row) => !inFlight.has(row.key));
    for (const row of rows.slice(0, free)) {
      const run = work(row, handlers)
        .catch((err: unknown) => logger?.error({ err, key: row.key }, 'delivery outbox could not record a send'))
        .finally(() => {
          inFlight.delete(row.key);
          schedule();
        });
      inFlight.set(row.key, run);
    }
  }

  async function work(row: OutboxRow, { senders, onFailed, onDelivered }: DeliveryHandlers): Promise<void> {
    const job: DeliveryJob = { key: row.key, channel: row.channel, parts: JSON.parse(row.parts) as unknown[], ...(row.priority === 1 ? { priority: 'bulk' as const } : {}) };
    try {
      const sender = senders[job.channel];
      if (!sender) throw new DeliveryError(`no sender for channel ${job.channel}`, { permanent: true });
      options.fault?.('delivery:before-send');
      await sendParts(job, sender, row.next_part, async (i) => {
        options.fault?.('delivery:after-send');
        saveProgress.run(i + 1, job.key);
        await commits?.flushed();
      });
      finish.run('delivered', Date.now(), null, job.key);
      await notifyDelivered(onDelivered, job, logger);
    } catch (error) {
      const failure = classifyFailure(error);
      options.onSendFailed?.(job.channel, failure.kind);
      const now = Date.now();
      if (failure.kind === 'rate-limited') {
        pauseChannel.run(job.channel, now + failure.retryAfterMs);
        reschedule.run(row.attempts, now + failure.retryAfterMs, failure.reason, job.key);
        logger?.warn({ key: job.key, channel: job.channel, retryAfterMs: failure.retryAfterMs }, 'delivery rate-limited; channel paused');
        return;
      }
      const attempts = row.attempts + 1;
      if (failure.kind === 'permanent' || attempts >= policy.maxAttempts) {
        await notifyFailed(onFailed, job, failure.reason, logger);
        finish.run('failed', Date.now(), failure.reason, job.key);
        return;
      }
      const delay = backoffDelay(attempts, policy);
      reschedule.run(attempts, now + delay, failure.reason, job.key);
      logger?.warn({ key: job.key, channel: job.channel, attempt: attempts, delayMs: delay, reason: failure.reason }, 'delivery failed; will retry');
    }
  }

  return {
    async enqueue(job) {
      assertDeliveryJob(job);
      const added = write(job);
      await commits?.flushed();
      if (added) schedule();
    },
    nudge() {
      schedule();
    },
    start(h) {
      if (handlers) throw new Error('delivery queue already started');
      handlers = h;
      timer = setInterval(tick, pollMs);
      schedule();
    },
    async stop() {
      handlers = undefined;
      clearInterval(timer);
      timer = undefined;
      await Promise.all(inFlight.values());
    },
    async drained(timeoutMs = DELIVERY_DEFAULTS.drainedTimeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const pending = countStates.all().find((c) => c.state === 'pending')?.n ?? 0;
        if (pending === 0 && inFlight.size === 0) return;
        if (Date.now() >= deadline) throw new Error(`delivery queue not drained after ${timeoutMs} ms (${pending} pending)`);
        await new Promise((r) => setTimeout(r, Math.min(pollMs, 50)));
      }
    },
    async stats() {
      const counts = Object.fromEntries(countStates.all().map((c) => [c.state, c.n]));
      return { pending: counts.pending ?? 0, delivered: counts.delivered ?? 0, failed: counts.failed ?? 0 };
    },
    async jobState(key) {
      return stateOf.get(key)?.state;
    },
    async backlog() {
      return backlog.all();
    },
  };
}
