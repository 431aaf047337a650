import type { Sender } from './ports.js';

/** One delivery: the platform messages for one recipient, sent once and in order. */
export interface DeliveryJob {
  /** Idempotency key: enqueueing the same key again is ignored (while the job is pending and for at least 7 days after it was delivered). */
  key: string;
  /** Which sender handles it: 'telegram' | 'zalo' | 'web' | 'staff' … ; a 429 pause applies to this channel only. */
  channel: string;
  /** The platform messages to send, in order; each part is opaque JSON for the sender. */
  parts: unknown[];
  /** 'bulk' (announcements, reminders) waits behind every interactive job; unset means interactive. */
  priority?: DeliveryPriority;
}

/** Interactive jobs (answers to members, staff posts) always go before bulk ones (announcements). */
export type DeliveryPriority = 'interactive' | 'bulk';

/** True for a bulk job (announcements, reminders). */
export const isBulk = (job: Pick<DeliveryJob, 'priority'>): boolean => job.priority === 'bulk';

/** Throws a TypeError unless `job` has a non-empty key and channel and an array of parts. */
export function assertDeliveryJob(job: DeliveryJob): void {
  if (typeof job.key !== 'string' || job.key === '') throw new TypeError('delivery job needs a non-empty key');
  if (typeof job.channel !== 'string' || job.channel === '') throw new TypeError(`delivery job ${job.key} needs a channel`);
  if (!Array.isArray(job.parts)) throw new TypeError(`delivery job ${job.key} needs an array of parts`);
}

/**
 * Sends the parts of `job` from index `fromPart` on, one after the other, and awaits
 * `onSent(index)` after each, so the caller can store the progress before the next part.
 */
export async function sendParts(
  job: DeliveryJob,
  sender: Sender,
  fromPart: number,
  onSent: (partIndex: number) => Promise<void> | void,
): Promise<void> {
  for (let i = fromPart; i < job.parts.length; i++) {
    await sender(job.parts[i], job, i);
    await onSent(i);
  }
}
