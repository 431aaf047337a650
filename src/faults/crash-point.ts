/**
 * Fault injection for the crash tests. When HTX_CRASH_AT names a point, the process kills itself
 * with SIGKILL on reaching it — as a power cut or `kill -9` would, with nothing flushed or cleaned
 * up — so a test can restart it and check that nothing was lost or done twice. Unset (always, in
 * production), it does nothing.
 */
export function crashPoint(name: string): void {
  if (process.env['HTX_CRASH_AT'] === name) process.kill(process.pid, 'SIGKILL');
}

/** The points between two writes where the crash tests kill the process. */
export const CRASH_POINTS = [
  /** A member's turn ran (a ticket may be filed) but its session is not saved yet. */
  'turn:before-commit',
  /** The turn is committed but its replies are not sent yet. */
  'turn:after-commit',
  /** The replies were sent but not yet recorded as sent. */
  'turn:after-send',
  /** A delivery was taken from the queue and is about to be sent. */
  'delivery:before-send',
  /** A delivery's part was sent but its progress is not stored yet. */
  'delivery:after-send',
] as const;
