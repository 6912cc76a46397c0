// The one backoff of the code base: peer reconnects (main/sync) and connector
// retries (main/connectors) wait the same way.

export interface BackoffPolicy {
  /** Delay ceiling for the first retry. */
  baseMs: number;
  /** Delay ceiling never exceeds this. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, maxMs: 30_000 };

/**
 * Delay before retry number `attempt` (1 = the first retry): exponential,
 * ceiling min(max, base * 2^(attempt-1)), with "equal jitter" (half of it
 * fixed, half random) so that clients cut off by the same outage do not all
 * knock at once when it heals, yet none retries at once. `random` returns
 * [0, 1), injected so tests and simulations replay the same waits.
 */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: () => number): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(Math.max(0, attempt - 1), 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
