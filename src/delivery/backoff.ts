import type { RetryPolicy } from './ports.js';

/** 8 attempts, 0.5 s doubling to at most 60 s between them (about a minute and a half in all). */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = { maxAttempts: 8, baseDelayMs: 500, maxDelayMs: 60_000 };

/** The default policy with `overrides` applied; throws a RangeError on a value that makes no sense. */
export function retryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const policy = { ...DEFAULT_RETRY_POLICY, ...overrides };
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) throw new RangeError('maxAttempts must be an integer ≥ 1');
  if (!(policy.baseDelayMs >= 0) || !(policy.maxDelayMs >= policy.baseDelayMs)) {
    throw new RangeError('retry delays must satisfy 0 ≤ baseDelayMs ≤ maxDelayMs');
  }
  return policy;
}

/**
 * The wait before retry number `attempt` (1 = after the first failure): the exponential ceiling
 * `baseDelayMs · 2^(attempt-1)`, capped at `maxDelayMs`, with "equal jitter" — half of it fixed,
 * half random — so it never exceeds the cap, its lower bound grows, and a burst of failures does
 * not retry in lock-step.
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
