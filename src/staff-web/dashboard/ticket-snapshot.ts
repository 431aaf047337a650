import type { Ticket } from '../../tickets/ticket.js';
import type { TicketChanges } from '../live/ticket-changes.js';

/**
 * Every ticket, kept in memory and brought up to date from the store's change log: when the change
 * number moved (any process, the CLI too, moves it on every filing and change), only the tickets
 * changed since are read again, so the dashboard of 50,000 tickets does not parse them all for each
 * view. Everything is read again when the log no longer reaches back (or a change was not logged).
 * The number is read before the tickets, so a change during a read is caught next time. On Redis a
 * ticket's write and its log entry are two writes: a process killed between them leaves a change
 * the log never tells, so everything is also read again every {@link FULL_READ_EVERY_MS}.
 */
export const FULL_READ_EVERY_MS = 10 * 60 * 1000;

export function ticketSnapshot(
  tickets: { all(): Promise<Ticket[]>; get(code: string): Promise<Ticket | undefined> },
  changes: TicketChanges,
  now: () => number = Date.now,
): { all(): Promise<Ticket[]> } {
  let state: { version: number; byCode: Map<string, Ticket>; list: Ticket[] | undefined; readAt: number } | undefined;
  // One refresh at a time: two views at once share it.
  let refreshing: Promise<Ticket[]> | undefined;

  async function readAll(): Promise<void> {
    const version = await changes.version();
    const all = await tickets.all();
    state = { version, byCode: new Map(all.map((t) => [t.code, t])), list: all, readAt: now() };
  }

  async function refresh(): Promise<Ticket[]> {
    const version = await changes.version();
    if (state === undefined || now() - state.readAt >= FULL_READ_EVERY_MS) await readAll();
    else if (version !== state.version) {
      const delta = await changes.since(state.version);
      if (delta === undefined) await readAll();
      else {
        const changed = await Promise.all(delta.codes.map((code) => tickets.get(code)));
        delta.codes.forEach((code, i) => {
          const ticket = changed[i];
          if (ticket) state!.byCode.set(code, ticket);
          else state!.byCode.delete(code);
        });
        state.version = delta.version;
        state.list = undefined;
      }
    }
    return (state!.list ??= [...state!.byCode.values()]);
  }

  return {
    all() {
      refreshing ??= refresh().finally(() => (refreshing = undefined));
      return refreshing;
    },
  };
}
