import type { FlowsPort } from '../../conversation/tickets-port.js';
import { nextOpenConference } from '../../flows/load-flows.js';
import type { ConferenceStore } from './conference-store.js';

/** How often each process rereads the conferences (another process's admin may have edited them). */
export const CONFERENCES_REFRESH_MS = 60_000;

/**
 * The bot's flows with the conferences of the store instead of the yaml: what an admin creates or
 * edits in the console is what the concern form and the dialogue answers use — at once in this
 * process (refresh after an edit), within a minute in the others.
 */
export function conferencesFromStore(flows: FlowsPort, store: ConferenceStore, everyMs = CONFERENCES_REFRESH_MS) {
  let current = flows.conferences;
  const refresh = async () => {
    current = await store.list();
  };
  const timer = setInterval(() => void refresh().catch(() => undefined), everyMs);
  timer.unref();
  const live: FlowsPort = {
    ...flows,
    get conferences() {
      return current;
    },
    nextOpenConference: (now) => nextOpenConference(current, now),
  };
  return { flows: live, refresh, stop: () => clearInterval(timer) };
}
