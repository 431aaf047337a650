import type { RateCounter } from '../../storage/ports.js';

/** Wrong passwords on one account in {@link LOGIN_WINDOW_SECONDS} before it is refused until the window ends. */
export const LOGIN_FAILURES_PER_ACCOUNT = 10;
export const LOGIN_WINDOW_SECONDS = 15 * 60;

const failuresKey = (login: string) => `staff-login-failed:${login}`;

/**
 * Wrong passwords per account, in the shared counters (so the limit holds across processes): after
 * ten, even the right password is refused for the rest of the window, whichever address guesses.
 * Logging in successfully counts nothing. The per-address limit is the route's rate limit.
 */
export const accountThrottled = async (counters: RateCounter, login: string): Promise<boolean> => (await counters.peek(failuresKey(login))) >= LOGIN_FAILURES_PER_ACCOUNT;

export const recordFailedLogin = (counters: RateCounter, login: string): Promise<number> => counters.hit(failuresKey(login), LOGIN_WINDOW_SECONDS);
