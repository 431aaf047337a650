import type { DeliveryJob } from './delivery-job.js';
import type { DeliveryLogger } from './ports.js';

/**
 * What a sender throws to tell the queue more than "it failed": `retryAfterSeconds` for a rate
 * limit (HTTP 429: the channel pauses that long, and it does not use up an attempt), `permanent`
 * for an error a retry cannot fix (blocked bot, deleted chat, bad request). Any other thrown
 * error is retried with back-off.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly options: { retryAfterSeconds?: number; permanent?: boolean } = {},
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** How the queue treats a failed send. */
export type Failure =
  | { kind: 'rate-limited'; reason: string; retryAfterMs: number }
  | { kind: 'permanent'; reason: string }
  | { kind: 'retry'; reason: string };

/** Reads a thrown value as a rate limit, a permanent failure, or a failure worth retrying. */
export function classifyFailure(error: unknown): Failure {
  const reason = error instanceof Error ? error.message || error.name : String(error);
  if (error instanceof DeliveryError) {
    if (error.options.permanent) return { kind: 'permanent', reason };
    const seconds = error.options.retryAfterSeconds;
    if (seconds !== undefined && Number.isFinite(seconds) && seconds > 0) {
      return { kind: 'rate-limited', reason, retryAfterMs: Math.ceil(seconds * 1000) };
    }
  }
  return { kind: 'retry', reason };
}

/** Calls `onFailed` for a job that gave up; an error it throws is logged, never passed on. */
export async function notifyFailed(
  onFailed: (job: DeliveryJob, reason: string) => Promise<void> | void,
  job: DeliveryJob,
  reason: string,
  logger?: DeliveryLogger,
): Promise<void> {
  logger?.error({ key: job.key, channel: job.channel, reason }, 'delivery gave up');
  try {
    await onFailed(job, reason);
  } catch (error) {
    logger?.error({ key: job.key, channel: job.channel, err: error }, 'delivery onFailed handler threw');
  }
}

/** Calls `onDelivered` for a job whose parts were all sent; an error it throws is logged, never passed on. */
export async function notifyDelivered(onDelivered: ((job: DeliveryJob) => Promise<void> | void) | undefined, job: DeliveryJob, logger?: DeliveryLogger): Promise<void> {
  if (!onDelivered) return;
  try {
    await onDelivered(job);
  } catch (error) {
    logger?.error({ key: job.key, channel: job.channel, err: error }, 'delivery onDelivered handler threw');
  }
}
