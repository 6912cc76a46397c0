export interface BackoffPolicy {
  /** Delay ceiling for the first retry. */
  baseMs: number;
  /** Delay ceiling never exceeds this. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, maxMs: 30_000 };

/**
 * Delay before reconnect attempt `attempt` (0 = first retry): exponential,
 * with "equal jitter" (half fixed, half random) so that peers cut off by the
 * same outage do not all knock at once when it heals, yet none retries at 0.
 * `random` returns [0, 1), injected for deterministic tests.
 */
export function backoffDelay(attempt: number, random: () => number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
