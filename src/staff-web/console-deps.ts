import type { Translate } from '../conversation/ports.js';
import type { Locale } from '../conversation/session.js';
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
}
