import type { EngineDeps, Translate } from '../conversation/ports.js';
import type { ContentService } from '../content/content-service.js';
import type { AnnouncementService } from '../announcements/announcement-service.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import type { Locale } from '../conversation/session.js';
import type { DeliveryQueue } from '../delivery/ports.js';
import type { Storage } from '../storage/ports.js';
import type { StaffActions } from '../tickets/staff-actions.js';
import type { TicketService } from '../tickets/ticket-service.js';

/** What the console's parts use: the same stores and actions as the bot, the Telegram desk and the CLI. */
export interface ConsoleDeps {
  storage: Storage;
  tickets: TicketService;
  actions: StaffActions;
  /** The console's words (console.json beside the bot's translation.json). */
  t: (locale: Locale) => Translate;
  serviceLevelDays: number;
  now: () => Date;
  loginPerAddress: { max: number; timeWindow: number };
  /**
   * Where a delivery stands (the ticket page shows a console answer as queued, sent or failed, or
   * held: waiting for a Zalo OA member to write, outside the OA's reply window).
   */
  deliveries?: { jobState(key: string): Promise<Awaited<ReturnType<DeliveryQueue['jobState']>> | 'held'> };
  /** The Telegram bot's token and API root, to fetch members' Telegram photos for staff; absent when Telegram is off. */
  telegramFiles?: { token: string; apiRoot: string };
  /** The saved replies staff insert into an answer (by title); absent until the store is wired. */
  savedReplies?: () => Promise<Array<{ id: string; title: string; text: string }>>;
  /** Drafts, review and publishing of entries, the organisation and conferences (issue 11). */
  content?: ContentService;
  /** The knowledge base the bot answers from right now (a new one after each publish). */
  knowledge?: () => KnowledgeBase;
  /** What the bot renders answers with (the editor's preview builds the member's view from it). */
  engine?: EngineDeps;
  /** Announcements to subscribers (the announcements page; absent: the page is not offered). */
  announcements?: AnnouncementService;
}
