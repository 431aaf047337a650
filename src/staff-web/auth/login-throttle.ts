import type { RateCounter } from '../../storage/ports.js';

/** Attempts on one account in {@link LOGIN_WINDOW_SECONDS} before it is refused until the window ends. */
export const LOGIN_ATTEMPTS_PER_ACCOUNT = 10;
export const LOGIN_WINDOW_SECONDS = 15 * 60;

/**
 * Counts login attempts per account in the shared counters (so the limit holds across processes):
 * after ten, even the right password is refused for the rest of the window. Guessing is throttled
 * whichever address it comes from; the per-address limit is the route's rate limit.
 */
export async function accountThrottled(counters: RateCounter, login: string): Promise<boolean> {
  return (await counters.hit(`staff-login:${login}`, LOGIN_WINDOW_SECONDS)) > LOGIN_ATTEMPTS_PER_ACCOUNT;
}
