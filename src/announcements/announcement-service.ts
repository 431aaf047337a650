import type { Translate } from '../conversation/ports.js';
import type { DeliveryJob } from '../delivery/delivery-job.js';
import type { DeliveryQueue } from '../delivery/ports.js';
import { memberChannel, type MemberPart } from '../relay/payloads.js';
import type { Subscription, SubscriptionStore } from '../subscriptions/subscription.js';
import type { Ticket } from '../tickets/ticket.js';
import { announcementInputSchema, announcementKey, parseAnnouncementKey, type Announcement, type AnnouncementInput, type AnnouncementStore, type Audience, type OutcomeCounts } from './announcement.js';
import { blockedByMember } from './blocked.js';

export interface AnnouncementDeps {
  store: AnnouncementStore;
  subscriptions: SubscriptionStore;
  /** Every ticket (the audience "filed concerns for a conference"). */
  tickets: { all(): Promise<Ticket[]> };
  queue: DeliveryQueue;
  translator: (locale: 'vi' | 'en') => Translate;
  now?: () => Date;
  logger?: { error(details: object, message: string): void };
}

/** An announcement with its live counts, for the console and the CLI. */
export interface AnnouncementProgress {
  announcement: Announcement;
  counts: OutcomeCounts;
}

/** Recipients are handed to the queue in chunks, so a big audience never holds the event loop long. */
const ENQUEUE_CHUNK = 200;

/** Channels that show an announcement's photo, and the longest text sent as its caption (0: after it). */
const PHOTO_CAPTION_MAX: Record<string, number> = { telegram: 1024, zalo: 0 };

/**
 * Announcements to subscribers: composed (draft, or scheduled for now or later), counted before
 * sending, cancelled before they start, and sent through the delivery queue with the bulk priority.
 * Sending first stores the recipient list (frozen), then enqueues one job per member under
 * `announce:<id>:<member>`: a restart in the middle enqueues the list again and the queue ignores
 * the keys it knows, so nobody gets it twice. Outcomes come back from the queue (sent, failed,
 * blocked: the member is then marked and skipped next time). The one place that starts sending is
 * {@link sweep}, run by the app's timer, so the CLI and the console only store the decision.
 */
export class AnnouncementService {
  private readonly now: () => Date;
  private sweeping: Promise<void> | undefined;

  constructor(private readonly deps: AnnouncementDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** The subscribers an audience reaches now (blocked members left out). */
  async audience(audience: Audience): Promise<Subscription[]> {
    switch (audience.kind) {
      case 'all':
        return this.deps.subscriptions.active();
      case 'topic':
        return this.deps.subscriptions.active({ topic: audience.topic });
      case 'commune':
        return this.deps.subscriptions.active({ commune: audience.commune });
      case 'conference': {
        const filers = new Set((await this.deps.tickets.all()).filter((t) => t.kind === 'concern' && t.conferenceId === audience.conferenceId && t.memberId).map((t) => t.memberId!));
        return (await this.deps.subscriptions.active()).filter((s) => filers.has(s.memberId));
      }
    }
  }

  /** Stores an announcement: a draft (`sendAt` undefined), or scheduled for `sendAt` (now or later). Throws a ZodError on bad input. */
  async compose(input: AnnouncementInput, author: string, sendAt?: Date): Promise<Announcement> {
    const checked = announcementInputSchema.parse(input);
    return this.deps.store.create({
      ...checked,
      status: sendAt ? 'scheduled' : 'draft',
      createdBy: author,
      createdAt: this.now().toISOString(),
      sendAt: sendAt ? sendAt.toISOString() : null,
      startedAt: null,
      finishedAt: null,
      recipients: null,
      enqueued: false,
    });
  }

  /** Schedules a draft (or moves a scheduled one) to `at`; undefined when it has started or ended. */
  async schedule(id: string, at: Date): Promise<Announcement | undefined> {
    const current = await this.deps.store.get(id);
    if (!current || (current.status !== 'draft' && current.status !== 'scheduled')) return undefined;
    // The send time is part of the body: the transition writes it together with the status.
    return this.deps.store.transition(id, ['draft', 'scheduled'], 'scheduled', { sendAt: at.toISOString() });
  }

  /** Cancels a draft or scheduled announcement; undefined once sending has started. */
  cancel(id: string): Promise<Announcement | undefined> {
    return this.deps.store.transition(id, ['draft', 'scheduled'], 'cancelled', { finishedAt: this.now().toISOString() });
  }

  async progress(id: string): Promise<AnnouncementProgress | undefined> {
    const announcement = await this.deps.store.get(id);
    return announcement && { announcement, counts: await this.deps.store.counts(id) };
  }

  async list(limit = 50): Promise<AnnouncementProgress[]> {
    return Promise.all((await this.deps.store.list(limit)).map(async (announcement) => ({ announcement, counts: await this.deps.store.counts(announcement.id) })));
  }

  /**
   * Starts what is due, hands on what a restart interrupted, and closes what has finished. Runs
   * one at a time in this process; with several processes, the status transition lets one start it.
   */
  sweep(): Promise<void> {
    this.sweeping ??= this.sweepOnce().finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  /** Resolves when no sweep is running (the app's stop). */
  async idle(): Promise<void> {
    await this.sweeping;
  }

  private async sweepOnce(): Promise<void> {
    const now = this.now();
    for (const a of await this.deps.store.list(200)) {
      try {
        if (a.status === 'scheduled' && a.sendAt !== null && Date.parse(a.sendAt) <= now.getTime()) await this.start(a.id);
        else if (a.status === 'sending' && !a.enqueued) await this.enqueueAll(a);
        else if (a.status === 'sending') await this.finishIfDone(a);
      } catch (error) {
        this.deps.logger?.error({ announcement: a.id, err: error instanceof Error ? error.message : String(error) }, 'announcement sweep failed');
      }
    }
  }

  private async start(id: string): Promise<void> {
    const recipients = (await this.audience((await this.deps.store.get(id))!.audience)).map((s) => s.memberId);
    const started = await this.deps.store.transition(id, ['scheduled'], 'sending', { startedAt: this.now().toISOString(), recipients: recipients.length });
    if (!started) return;
    await this.deps.store.addRecipients(id, recipients);
    await this.enqueueAll(started);
  }

  /** Enqueues a job for every recipient still queued (again after a restart: known keys are ignored). */
  private async enqueueAll(a: Announcement): Promise<void> {
    const queued = await this.deps.store.queuedRecipients(a.id);
    const subscriptions = new Map((await this.deps.subscriptions.active()).map((s) => [s.memberId, s]));
    for (let i = 0; i < queued.length; i += ENQUEUE_CHUNK) {
      await Promise.all(
        queued.slice(i, i + ENQUEUE_CHUNK).map(async (memberId) => {
          const subscription = subscriptions.get(memberId);
          // Unsubscribed (or blocked) since the list was frozen: nothing is sent.
          if (!subscription) return this.deps.store.recordOutcome(a.id, memberId, 'failed');
          return this.deps.queue.enqueue(this.job(a, subscription));
        }),
      );
      await new Promise((r) => setImmediate(r));
    }
    const marked = await this.deps.store.transition(a.id, ['sending'], 'sending', { enqueued: true });
    if (marked) await this.finishIfDone(marked);
  }

  private async finishIfDone(a: Announcement): Promise<void> {
    if ((await this.deps.store.counts(a.id)).queued > 0) return;
    await this.deps.store.transition(a.id, ['sending'], 'done', { finishedAt: this.now().toISOString() });
  }

  /** One member's message: the text, the photo and link, and how to stop, in the member's language. */
  private job(a: Announcement, s: Subscription): DeliveryJob {
    const t = this.deps.translator(s.locale);
    const channel = memberChannel(s.memberId);
    const photoLine = a.photo ? t('announcement.photo', { photo: a.photo }) : '';
    const lines = (...extra: string[]) => [a.text, ...extra, a.link ? t('announcement.link', { link: a.link }) : '', t('announcement.stop')].filter(Boolean).join('\n\n');
    const part = (reply: MemberPart['reply']): MemberPart => ({ conversationId: s.memberId, reply });
    const captionMax = a.photo ? PHOTO_CAPTION_MAX[channel] : undefined;
    // Where the platform shows photos, the photo itself (the text as its caption when it fits); elsewhere its address.
    let parts: MemberPart[];
    if (captionMax === undefined) parts = [part({ text: lines(photoLine) })];
    else {
      const photo = { url: a.photo!, fallback: photoLine };
      const text = lines();
      parts = [...text].length <= captionMax ? [part({ text, photo })] : [part({ text: '', photo }), part({ text })];
    }
    return { key: announcementKey(a.id, s.memberId), channel, parts, priority: 'bulk' };
  }

  /** The queue's report of a delivered job: counted when it is an announcement's. */
  async delivered(job: DeliveryJob): Promise<void> {
    const parsed = parseAnnouncementKey(job.key);
    if (parsed) await this.deps.store.recordOutcome(parsed.id, parsed.memberId, 'sent');
  }

  /**
   * The queue's report of a job that gave up: true when it was an announcement's (counted as failed,
   * or blocked with the member marked) or a conference reminder's, so the caller does not also alert
   * staff for each member.
   */
  async failed(job: DeliveryJob, reason: string): Promise<boolean> {
    const parsed = parseAnnouncementKey(job.key);
    const reminded = /^remind:[^:]+:\d+:(.+)$/.exec(job.key)?.[1];
    const blocked = blockedByMember(reason);
    if (reminded !== undefined) {
      if (blocked) await this.deps.subscriptions.markBlocked(reminded, this.now().toISOString());
      return true;
    }
    if (!parsed) return false;
    if (blocked) await this.deps.subscriptions.markBlocked(parsed.memberId, this.now().toISOString());
    await this.deps.store.recordOutcome(parsed.id, parsed.memberId, blocked ? 'blocked' : 'failed');
    return true;
  }
}
