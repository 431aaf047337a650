import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeliveryJob } from '../../src/delivery/delivery-job.js';
import { DeliveryError } from '../../src/delivery/errors.js';
import type { DeliveryHandlers, DeliveryQueue, DeliveryQueueOptions, Sender } from '../../src/delivery/ports.js';

/** A store a delivery queue lives on; every create() is a new instance on it, as after a restart. */
export interface DeliveryBackend {
  create(options: DeliveryQueueOptions): DeliveryQueue;
  close(): Promise<void>;
}

/** Small delays so the suite stays fast. */
const FAST: DeliveryQueueOptions = { concurrency: 4, pollIntervalMs: 10, retry: { maxAttempts: 4, baseDelayMs: 20, maxDelayMs: 200 } };

interface Call {
  channel: string;
  key: string;
  part: unknown;
  index: number;
  startedAt: number;
  endedAt?: number;
  error?: Error;
}

/** Decides whether a call fails: return an error to throw it, nothing to succeed. */
type Rule = (call: Call) => Error | undefined;

/** A fake platform behind every channel: records each call, and fails it when a rule says so. */
class FakePlatform {
  readonly calls: Call[] = [];
  readonly failed: Array<{ key: string; reason: string }> = [];
  delayMs = 0;
  active = 0;
  maxActive = 0;
  private rules: Rule[] = [];

  /** Fails the next `times` calls that match. */
  failNext(match: (call: Call) => boolean, error: () => Error, times = 1): void {
    let left = times;
    this.rules.push((call) => (left > 0 && match(call) ? (left--, error()) : undefined));
  }

  /** Fails every matching call. */
  failAlways(match: (call: Call) => boolean, error: () => Error): void {
    this.rules.push((call) => (match(call) ? error() : undefined));
  }

  sender(channel: string): Sender {
    return async (part, job, index) => {
      const call: Call = { channel, key: job.key, part, index, startedAt: Date.now() };
      this.calls.push(call);
      this.maxActive = Math.max(this.maxActive, ++this.active);
      try {
        if (this.delayMs > 0) await sleep(this.delayMs);
        for (const rule of this.rules) {
          const error = rule(call);
          if (error) {
            call.error = error;
            throw error;
          }
        }
      } finally {
        this.active--;
        call.endedAt = Date.now();
      }
    };
  }

  handlers(channels: string[] = ['telegram', 'web', 'staff']): DeliveryHandlers {
    return {
      senders: Object.fromEntries(channels.map((c) => [c, this.sender(c)])),
      onFailed: (job: DeliveryJob, reason: string) => {
        this.failed.push({ key: job.key, reason });
      },
    };
  }

  /** The parts sent successfully for `key`, in order. */
  sent(key: string): unknown[] {
    return this.calls.filter((c) => c.key === key && c.endedAt !== undefined && !c.error).map((c) => c.part);
  }

  callsOf(key: string): Call[] {
    return this.calls.filter((c) => c.key === key);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(5);
  }
}

const job = (key: string, parts: unknown[] = [`text of ${key}`], channel = 'telegram'): DeliveryJob => ({ key, channel, parts });
const rateLimited = (seconds: number) => new DeliveryError(`429 Too Many Requests: retry after ${seconds}`, { retryAfterSeconds: seconds });

/** The behaviour every delivery queue must have; run against the SQLite outbox and BullMQ. */
export function deliveryQueueContract(name: string, openBackend: () => Promise<DeliveryBackend>) {
  describe(`${name} delivery queue`, () => {
    let backend: DeliveryBackend | undefined;
    let queues: DeliveryQueue[] = [];
    let fake: FakePlatform;
    const open = (options: DeliveryQueueOptions = {}): DeliveryQueue => {
      if (!backend) throw new Error('no backend');
      const queue = backend.create({ ...FAST, ...options, retry: { ...FAST.retry, ...options.retry } });
      queues.push(queue);
      return queue;
    };

    beforeEach(async () => {
      backend = await openBackend();
      queues = [];
      fake = new FakePlatform();
    });
    afterEach(async () => {
      for (const queue of queues) await queue.stop();
      await backend?.close();
      backend = undefined;
    });

    it('delivers a job once, its parts in order', async () => {
      const queue = open();
      queue.start(fake.handlers());
      await queue.enqueue(job('answer:1', [{ text: 'Chào anh' }, { text: 'Nghị định 45/2021' }, { text: 'Hết' }]));
      await queue.drained(5000);
      expect(fake.callsOf('answer:1').map((c) => [c.index, c.part])).toEqual([
        [0, { text: 'Chào anh' }],
        [1, { text: 'Nghị định 45/2021' }],
        [2, { text: 'Hết' }],
      ]);
      expect(await queue.stats()).toEqual({ pending: 0, delivered: 1, failed: 0 });
    });

    it('delivers a key once when it is enqueued twice, concurrently, and again after delivery', async () => {
      const queue = open();
      await queue.enqueue(job('twice'));
      await queue.enqueue(job('twice'));
      queue.start(fake.handlers());
      await Promise.all(Array.from({ length: 10 }, () => queue.enqueue(job('burst'))));
      await queue.drained(5000);
      await queue.enqueue(job('twice'));
      await queue.enqueue(job('burst'));
      await sleep(60);
      await queue.drained(5000);
      expect(fake.callsOf('twice')).toHaveLength(1);
      expect(fake.callsOf('burst')).toHaveLength(1);
      expect(await queue.stats()).toEqual({ pending: 0, delivered: 2, failed: 0 });
    });

    it('delivers jobs enqueued while no worker runs once it starts', async () => {
      const queue = open();
      await queue.enqueue(job('early:1'));
      await queue.enqueue(job('early:2', ['x'], 'web'));
      await sleep(50);
      expect(fake.calls).toHaveLength(0);
      expect((await queue.stats()).pending).toBe(2);
      queue.start(fake.handlers());
      await queue.drained(5000);
      expect(fake.sent('early:1')).toHaveLength(1);
      expect(fake.sent('early:2')).toEqual(['x']);
    });

    it('retries a thrown error with growing back-off, then calls onFailed once', async () => {
      const queue = open({ retry: { maxAttempts: 4, baseDelayMs: 40, maxDelayMs: 1000 } });
      fake.failAlways(() => true, () => new Error('502 Bad Gateway'));
      queue.start(fake.handlers());
      await queue.enqueue(job('down'));
      await queue.drained(5000);
      const starts = fake.callsOf('down').map((c) => c.startedAt);
      expect(starts).toHaveLength(4);
      const gaps = starts.slice(1).map((t, i) => t - starts[i]!);
      // equal jitter: retry n waits between half and all of 40·2^(n-1) ms
      gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(20 * 2 ** i - 2));
      expect(gaps[2]!).toBeGreaterThan(gaps[0]!);
      expect(fake.failed).toEqual([{ key: 'down', reason: '502 Bad Gateway' }]);
      expect(await queue.stats()).toEqual({ pending: 0, delivered: 0, failed: 1 });
    });

    it('delivers after transient failures without calling onFailed', async () => {
      const queue = open();
      fake.failNext(() => true, () => new Error('ECONNRESET'), 2);
      queue.start(fake.handlers());
      await queue.enqueue(job('flaky'));
      await queue.drained(5000);
      expect(fake.callsOf('flaky')).toHaveLength(3);
      expect(fake.sent('flaky')).toHaveLength(1);
      expect(fake.failed).toEqual([]);
    });

    it('gives up after one attempt on a permanent DeliveryError', async () => {
      const queue = open();
      fake.failAlways(() => true, () => new DeliveryError('403 Forbidden: bot was blocked by the user', { permanent: true }));
      queue.start(fake.handlers());
      await queue.enqueue(job('blocked'));
      await queue.drained(5000);
      expect(fake.callsOf('blocked')).toHaveLength(1);
      expect(fake.failed).toEqual([{ key: 'blocked', reason: '403 Forbidden: bot was blocked by the user' }]);
    });

    it('fails a job whose channel has no sender, once', async () => {
      const queue = open();
      await queue.enqueue(job('nowhere', ['x'], 'zalo'));
      queue.start(fake.handlers(['telegram']));
      await queue.drained(5000);
      expect(fake.calls).toHaveLength(0);
      expect(fake.failed).toHaveLength(1);
      expect(fake.failed[0]!.reason).toContain('zalo');
    });

    it('retries a 429 after retry-after and pauses only that channel meanwhile', async () => {
      const queue = open();
      fake.failNext((c) => c.key === 'tg:1', () => rateLimited(0.3));
      queue.start(fake.handlers());
      await queue.enqueue(job('tg:1'));
      await waitFor(() => fake.callsOf('tg:1')[0]?.endedAt !== undefined);
      const limitedAt = fake.callsOf('tg:1')[0]!.endedAt!;
      await sleep(40);
      await queue.enqueue(job('tg:2'));
      await queue.enqueue(job('web:1', ['x'], 'web'));
      await queue.drained(5000);
      const pauseEnds = limitedAt + 300 - 2;
      expect(fake.callsOf('web:1')[0]!.startedAt).toBeLessThan(pauseEnds - 100);
      expect(fake.callsOf('tg:1')[1]!.startedAt).toBeGreaterThanOrEqual(pauseEnds);
      expect(fake.callsOf('tg:2')[0]!.startedAt).toBeGreaterThanOrEqual(pauseEnds);
      expect(fake.sent('tg:1')).toHaveLength(1);
      expect(fake.sent('tg:2')).toHaveLength(1);
      expect(fake.failed).toEqual([]);
    });

    it('does not count a 429 as an attempt', async () => {
      const queue = open({ retry: { maxAttempts: 2 } });
      fake.failNext(() => true, () => rateLimited(0.03), 3);
      queue.start(fake.handlers());
      await queue.enqueue(job('patient'));
      await queue.drained(5000);
      expect(fake.callsOf('patient')).toHaveLength(4);
      expect(fake.sent('patient')).toHaveLength(1);
      expect(fake.failed).toEqual([]);
    });

    it('drains a burst against a rate limit near the limit, sending nothing while paused', async () => {
      // A platform that allows one send per 100 ms on telegram and answers 429 with the wait left.
      const windowMs = 100;
      const jobs = 10;
      let nextFree = 0;
      fake.delayMs = 30;
      fake.failAlways(
        (c) => c.channel === 'telegram' && c.startedAt < nextFree,
        () => rateLimited(Math.max(1, nextFree - Date.now()) / 1000),
      );
      fake.failAlways(
        (c) => {
          if (c.channel === 'telegram') nextFree = c.startedAt + windowMs;
          return false;
        },
        () => new Error('unreachable'),
      );
      const queue = open();
      queue.start(fake.handlers());
      const started = Date.now();
      for (let i = 0; i < jobs; i++) await queue.enqueue(job(`burst:${i}`));
      await queue.drained(10_000);
      for (let i = 0; i < jobs; i++) expect(fake.sent(`burst:${i}`)).toHaveLength(1);
      expect(Date.now() - started).toBeLessThan(jobs * windowMs + 1000);
      // After each 429 the channel stays quiet until its retry-after has passed (25 ms allowed for
      // the pause to reach the store); a queue without the pause starts the next job at once, and
      // as each send takes 30 ms, its follow-up lands inside the window checked here.
      for (const hit of fake.calls.filter((c) => c.error instanceof DeliveryError)) {
        const retryAfterMs = Math.ceil(((hit.error as DeliveryError).options.retryAfterSeconds ?? 0) * 1000);
        const during = fake.calls.filter((c) => c.startedAt > hit.endedAt! + 25 && c.startedAt < hit.endedAt! + retryAfterMs - 2);
        expect(during).toEqual([]);
      }
    });

    it('resumes at the part that failed; earlier parts are not resent', async () => {
      const queue = open();
      fake.failNext((c) => c.part === 'p2', () => new Error('500 Internal Server Error'));
      queue.start(fake.handlers());
      await queue.enqueue(job('parts', ['p1', 'p2', 'p3']));
      await queue.drained(5000);
      expect(fake.callsOf('parts').map((c) => c.part)).toEqual(['p1', 'p2', 'p2', 'p3']);
      expect(fake.sent('parts')).toEqual(['p1', 'p2', 'p3']);
    });

    it('after a restart, a new instance delivers a job that was waiting for a retry, once', async () => {
      const first = open({ retry: { baseDelayMs: 300, maxDelayMs: 1000 } });
      fake.failNext((c) => c.part === 'r2', () => new Error('503 Service Unavailable'));
      first.start(fake.handlers());
      await first.enqueue(job('restart', ['r1', 'r2']));
      await waitFor(() => fake.callsOf('restart')[1]?.endedAt !== undefined);
      await first.stop();

      const second = open({ retry: { baseDelayMs: 300, maxDelayMs: 1000 } });
      expect((await second.stats()).pending).toBe(1);
      const after = new FakePlatform();
      second.start(after.handlers());
      await second.drained(5000);
      expect(fake.callsOf('restart').map((c) => c.part)).toEqual(['r1', 'r2']);
      expect(after.callsOf('restart').map((c) => c.part)).toEqual(['r2']);
      expect(await second.stats()).toEqual({ pending: 0, delivered: 1, failed: 0 });
    });

    it('stop() waits for in-flight sends and takes no new job', async () => {
      const queue = open();
      fake.delayMs = 150;
      queue.start(fake.handlers());
      await queue.enqueue(job('inflight'));
      await waitFor(() => fake.calls.length === 1);
      await queue.stop();
      expect(fake.callsOf('inflight')[0]!.endedAt).toBeDefined();
      await queue.enqueue(job('later'));
      await sleep(80);
      expect(fake.callsOf('later')).toHaveLength(0);
      expect(await queue.stats()).toEqual({ pending: 1, delivered: 1, failed: 0 });
    });

    it('sends jobs of different keys in parallel, up to the concurrency', async () => {
      const queue = open({ concurrency: 3 });
      fake.delayMs = 60;
      for (let i = 0; i < 9; i++) await queue.enqueue(job(`parallel:${i}`));
      const started = Date.now();
      queue.start(fake.handlers());
      await queue.drained(5000);
      expect(fake.maxActive).toBe(3);
      expect(Date.now() - started).toBeLessThan(9 * 60);
      for (let i = 0; i < 9; i++) expect(fake.sent(`parallel:${i}`)).toHaveLength(1);
    });

    it('tells where a job stands: pending until sent (also while waiting for a retry), then delivered or failed', async () => {
      const queue = open({ retry: { baseDelayMs: 300, maxDelayMs: 1000 } });
      await queue.enqueue(job('state:ok'));
      await queue.enqueue(job('state:blocked', ['x'], 'web'));
      await queue.enqueue(job('state:flaky'));
      expect(await queue.jobState('state:ok')).toBe('pending');
      expect(await queue.jobState('state:never-enqueued')).toBeUndefined();
      fake.failAlways((c) => c.key === 'state:blocked', () => new DeliveryError('403 Forbidden: bot was blocked by the user', { permanent: true }));
      fake.failNext((c) => c.key === 'state:flaky', () => new Error('502 Bad Gateway'));
      queue.start(fake.handlers());
      await waitFor(() => fake.callsOf('state:flaky')[0]?.endedAt !== undefined);
      expect(await queue.jobState('state:flaky')).toBe('pending');
      await queue.drained(5000);
      expect(await queue.jobState('state:ok')).toBe('delivered');
      expect(await queue.jobState('state:flaky')).toBe('delivered');
      expect(await queue.jobState('state:blocked')).toBe('failed');
    });

    it('backlog() gives the jobs pending per channel and when the oldest was enqueued, nothing pending once drained', async () => {
      const queue = open();
      const before = Date.now();
      await queue.enqueue(job('backlog:tg:1'));
      const between = Date.now();
      await sleep(30);
      await queue.enqueue(job('backlog:tg:2'));
      await queue.enqueue(job('backlog:web:1', ['x'], 'web'));
      const pending = Object.fromEntries((await queue.backlog()).map((b) => [b.channel, b]));
      expect(pending.telegram?.pending).toBe(2);
      expect(pending.web?.pending).toBe(1);
      expect(pending.telegram!.oldestEnqueuedAt).toBeGreaterThanOrEqual(before);
      expect(pending.telegram!.oldestEnqueuedAt).toBeLessThanOrEqual(between);
      queue.start(fake.handlers());
      await queue.drained(5000);
      for (const b of await queue.backlog()) expect(b.pending, b.channel).toBe(0);
    });

    it('tells onSendFailed of every failed send, with its channel and how it is treated', async () => {
      const told: string[] = [];
      const queue = open({ onSendFailed: (channel, kind) => told.push(`${channel} ${kind}`) });
      fake.failNext((c) => c.key === 'told:flaky', () => new Error('502 Bad Gateway'));
      fake.failNext((c) => c.key === 'told:limited', () => rateLimited(0.03));
      fake.failAlways((c) => c.key === 'told:blocked', () => new DeliveryError('403 Forbidden: bot was blocked by the user', { permanent: true }));
      queue.start(fake.handlers());
      await queue.enqueue(job('told:flaky'));
      await queue.enqueue(job('told:limited', ['x'], 'web'));
      await queue.enqueue(job('told:blocked', ['x'], 'staff'));
      await queue.drained(5000);
      expect(told.sort()).toEqual(['staff permanent', 'telegram retry', 'web rate-limited']);
    });

    it('drained() waits for pending jobs and rejects on timeout; stats() counts each state', async () => {
      const queue = open();
      await queue.enqueue(job('ok'));
      await queue.enqueue(job('bad'));
      await expect(queue.drained(100)).rejects.toThrow(/drained/);
      expect(await queue.stats()).toEqual({ pending: 2, delivered: 0, failed: 0 });
      fake.failAlways((c) => c.key === 'bad', () => new DeliveryError('400 Bad Request: chat not found', { permanent: true }));
      fake.delayMs = 50;
      queue.start(fake.handlers());
      await queue.drained(5000);
      expect(fake.calls.every((c) => c.endedAt !== undefined)).toBe(true);
      expect(await queue.stats()).toEqual({ pending: 0, delivered: 1, failed: 1 });
    });
  });
}
