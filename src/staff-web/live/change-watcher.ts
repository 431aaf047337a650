import type { TicketChanges } from './ticket-changes.js';

/** How often the store's change number is read while someone watches. */
export const WATCH_EVERY_MS = 400;

/**
 * One reader of the store's change number per process, however many console pages are open: it
 * reads only while someone listens, and tells every listener when the number moved.
 */
export function changeWatcher(changes: TicketChanges, everyMs = WATCH_EVERY_MS) {
  const listeners = new Set<(version: number) => void>();
  let timer: NodeJS.Timeout | undefined;
  let last: number | undefined;
  const look = async () => {
    const version = await changes.version().catch(() => last);
    if (version === undefined) return;
    if (last !== undefined && version !== last) for (const listener of listeners) listener(version);
    last = version;
  };
  return {
    subscribe(listener: (version: number) => void): () => void {
      listeners.add(listener);
      if (!timer) {
        void look();
        timer = setInterval(() => void look(), everyMs);
        timer.unref();
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && timer) {
          clearInterval(timer);
          timer = undefined;
          last = undefined;
        }
      };
    },
  };
}
