import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RETRY,
  retryDelay,
  failure,
  isRetryableStatus,
  parseRetryAfter,
  retryDecision,
  withRetries,
  success,
  type ConnectorResult,
} from '../../../../main/connectors';

const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);
const policy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 60_000 };
const retryable = (extra = {}) => failure('http', 'HTTP 503', { retryable: true, status: 503, ...extra }).error;

describe('retry policy (pure)', () => {
  it('retries 408, 429 and 5xx except 501/505; not other 4xx', () => {
    expect([408, 429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 409, 422, 501, 505].some(isRetryableStatus)).toBe(false);
  });

  it('reads Retry-After as seconds or as an HTTP-date', () => {
    expect(parseRetryAfter('7', NOW)).toBe(7000);
    expect(parseRetryAfter('Wed, 15 Jan 2025 12:00:30 GMT', NOW)).toBe(30_000);
    expect(parseRetryAfter('Wed, 15 Jan 2025 11:00:00 GMT', NOW)).toBe(0);
    expect(parseRetryAfter('soon', NOW)).toBeNull();
    expect(parseRetryAfter('-3', NOW)).toBeNull();
    expect(parseRetryAfter(undefined, NOW)).toBeNull();
  });

  it('backs off exponentially with equal jitter (the shared backoff), capped, never retrying at once', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelay(policy, n, () => 0.999999))).toEqual([100, 200, 400, 800, 1000]);
    expect(retryDelay(policy, 3, () => 0)).toBe(200);
    expect(retryDelay(policy, 3, () => 0.5)).toBe(300);
  });

  it('honours Retry-After (never less), gives up past the limit or when it is too long', () => {
    expect(retryDecision(policy, 1, retryable({ retryAfterMs: 5000 }), () => 0.5)).toEqual({ retry: true, delayMs: 5000 });
    expect(retryDecision(policy, 1, retryable(), () => 0.5)).toEqual({ retry: true, delayMs: 75 });
    expect(retryDecision(policy, 4, retryable(), () => 0.5)).toEqual({ retry: false, reason: 'gave up after 4 attempts: HTTP 503' });
    expect(retryDecision(policy, 1, retryable({ retryAfterMs: 120_000 }), () => 0.5)).toEqual({
      retry: false,
      reason: 'vendor asked to wait 120 s, more than the 60 s limit',
    });
    expect(retryDecision(policy, 1, failure('http', 'HTTP 400: bad').error, () => 0.5)).toEqual({ retry: false, reason: 'not retryable: HTTP 400: bad' });
    expect(DEFAULT_RETRY.maxAttempts).toBeGreaterThan(1);
  });

  it('withRetries loops with the injected sleep until success or give-up', async () => {
    const slept: number[] = [];
    const outcomes: ConnectorResult[] = [failure('http', '503', { retryable: true }), failure('timeout', 't', { retryable: true }), success('done')];
    const run = await withRetries(async (n) => outcomes[n - 1]!, { policy, random: () => 0.5, sleep: async (ms) => void slept.push(ms) });
    expect(run).toMatchObject({ attempts: 3, gaveUp: null, result: { ok: true } });
    expect(slept).toEqual([75, 150]);
    const never = await withRetries(async () => failure('http', '503', { retryable: true }), { policy, random: () => 0, sleep: async () => undefined });
    expect(never).toMatchObject({ attempts: 4, gaveUp: 'gave up after 4 attempts: 503' });
  });
});
