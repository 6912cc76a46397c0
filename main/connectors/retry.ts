import type { ConnectorFailure, ConnectorResult } from './connector';
import { backoffDelay } from '../../shared/clock';

// When to try again, as pure functions of the failure, the attempt number,
// the time and a random source, all passed in, so tests pin them. The
// dispatcher (durable outbox) uses retryDecision() to schedule; withRetries()
// is the in-process loop for callers that can simply wait.

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: give up and say so. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 30_000, maxRetryAfterMs: 5 * 60_000 };

/** 408 and 429 are "try later"; other 4xx mean the request itself is wrong. 501/505 will not change either. */
export function isRetryableStatus(status: number): boolean {
  if (status === 408 || status === 429) return true;
  return status >= 500 && status !== 501 && status !== 505;
}

/** Retry-After as delta-seconds or an HTTP-date, in ms from now; null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | null {
  if (value === undefined) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // HTTP-date (IMF-fixdate and the obsolete forms Date.parse reads); never a negative wait.
  if (!/[a-z]/i.test(text)) return null;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

/** The shared backoff (shared/clock) over a connector retry policy's delays; `attempt` 1 is the first retry. */
export function retryDelay(policy: RetryPolicy, attempt: number, random: () => number): number {
  return backoffDelay({ baseMs: policy.baseDelayMs, maxMs: policy.maxDelayMs }, attempt, random);
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; reason: string };

/** After `attempt` attempts (1-based) ended in `failure`, whether and when to try again. */
export function retryDecision(policy: RetryPolicy, attempt: number, failure: ConnectorFailure, random: () => number): RetryDecision {
  if (!failure.retryable) return { retry: false, reason: `not retryable: ${failure.message}` };
  if (attempt >= policy.maxAttempts) return { retry: false, reason: `gave up after ${attempt} attempts: ${failure.message}` };
  if (failure.retryAfterMs !== null) {
    if (failure.retryAfterMs > policy.maxRetryAfterMs) {
      return {
        retry: false,
        reason: `vendor asked to wait ${Math.ceil(failure.retryAfterMs / 1000)} s, more than the ${Math.ceil(policy.maxRetryAfterMs / 1000)} s limit`,
      };
    }
    // Honour the vendor's wait, never less; jitter only on top of our own backoff.
    return { retry: true, delayMs: Math.max(failure.retryAfterMs, retryDelay(policy, attempt, random)) };
  }
  return { retry: true, delayMs: retryDelay(policy, attempt, random) };
}

export interface RetryRun {
  result: ConnectorResult;
  attempts: number;
  /** Why it stopped, when it stopped on a failure. */
  gaveUp: string | null;
}

export interface RetryDeps {
  policy?: RetryPolicy;
  random: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Called after each attempt (to journal it). */
  onAttempt?: (attempt: number, result: ConnectorResult, next: RetryDecision | null) => void;
}

/** Run `attempt` until it succeeds, fails for good, or the policy gives up. */
export async function withRetries(attempt: (n: number) => Promise<ConnectorResult>, deps: RetryDeps): Promise<RetryRun> {
  const policy = deps.policy ?? DEFAULT_RETRY;
  for (let n = 1; ; n++) {
    const result = await attempt(n);
    if (result.ok) {
      deps.onAttempt?.(n, result, null);
      return { result, attempts: n, gaveUp: null };
    }
    const next = retryDecision(policy, n, result.error, deps.random);
    deps.onAttempt?.(n, result, next);
    if (!next.retry) return { result, attempts: n, gaveUp: next.reason };
    await deps.sleep(next.delayMs);
  }
}
