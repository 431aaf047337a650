import type { DeliveryJob } from './delivery-job.js';

/** Sends one part of a job on its platform; throws (ideally a DeliveryError) when it was not sent. */
export type Sender = (part: unknown, job: DeliveryJob, partIndex: number) => Promise<void>;

/** What the queue calls to deliver: one sender per channel, and what to do when a job gives up. */
export interface DeliveryHandlers {
  senders: Record<string, Sender>;
  /** Called once when a job gives up (permanent error or last attempt): e.g. a visible notice in the staff chat. */
  onFailed: (job: DeliveryJob, reason: string) => Promise<void> | void;
  /** Called after every part of a job was sent (e.g. an announcement's progress); an error it throws is logged. */
  onDelivered?: (job: DeliveryJob) => Promise<void> | void;
}

/** How often and how patiently a failing job is retried; default 8, 500, 60_000; exponential with jitter. */
export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** The few logger methods the queue uses (a pino Logger fits). Never given message texts. */
export interface DeliveryLogger {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** Options both adapters take. */
export interface DeliveryQueueOptions {
  /** How many jobs are sent at the same time (SQLite: in all; BullMQ: per channel). Default 4. */
  concurrency?: number;
  /** Default {@link DEFAULT_RETRY_POLICY}. */
  retry?: Partial<RetryPolicy>;
  /** How often the queue looks for due jobs and drained() looks again, in ms. Default 200. */
  pollIntervalMs?: number;
  /** How long a delivered or failed job's key is remembered (and counted in stats), in ms. Default 7 days. */
  keepFinishedMs?: number;
  /** Where retries and unexpected errors are reported. Default: nowhere. */
  logger?: DeliveryLogger;
  /** Called at the points between two writes (the crash tests kill the process there). */
  fault?: (point: string) => void;
  /** Told of every failed send, with how the queue treats it (metrics). */
  onSendFailed?: (channel: string, kind: 'rate-limited' | 'permanent' | 'retry') => void;
}

/** A channel's jobs pending now, and when the oldest of them was enqueued (ms since the epoch; null when unknown). */
export interface ChannelBacklog {
  channel: string;
  pending: number;
  oldestEnqueuedAt: number | null;
}

/** Where one job stands: waiting, retrying or in flight (pending), delivered, or given up (failed). */
export type DeliveryState = 'pending' | 'delivered' | 'failed';

/** The durable queue every outgoing relay goes through: an outage delays a delivery, never drops or doubles it. */
export interface DeliveryQueue {
  /** Stores the job (durably, before resolving); ignored when its key is already known. */
  enqueue(job: DeliveryJob): Promise<void>;
  /** Jobs were written to the storage's outbox together with the change that caused them: look now, not at the next poll. */
  nudge(): void;
  /** Starts sending stored and new jobs with these handlers. */
  start(handlers: DeliveryHandlers): void;
  /** Stops taking jobs and waits for in-flight sends; pending jobs stay stored for the next start. */
  stop(): Promise<void>;
  /** Resolves when no job is pending or in flight (tests and benchmarks); rejects after `timeoutMs` (default 30 s). */
  drained(timeoutMs?: number): Promise<void>;
  /** Jobs pending (waiting, retrying or in flight), delivered and failed (within keepFinishedMs). */
  stats(): Promise<{ pending: number; delivered: number; failed: number }>;
  /**
   * Where the job with this key stands (e.g. a staff answer: queued, sent or failed); undefined when
   * the queue does not know the key (never enqueued, or finished more than keepFinishedMs ago).
   */
  jobState(key: string): Promise<DeliveryState | undefined>;
  /** Pending jobs by channel (metrics, read at each scrape); a channel with none may be listed with 0 or left out. */
  backlog(): Promise<ChannelBacklog[]>;
}

/** Defaults shared by the adapters. */
export const DELIVERY_DEFAULTS = {
  concurrency: 4,
  pollIntervalMs: 200,
  keepFinishedMs: 7 * 24 * 60 * 60 * 1000,
  drainedTimeoutMs: 30_000,
} as const;
