import { describe, expect, it } from 'vitest';
import { backoffDelay, ManualClock } from '../../../../shared/clock';
import { mergeMax, missingCount, sameVector, seqOf, TokenBucket } from '../../../../shared/sync';

describe('version vectors', () => {
  it('count what one side lacks and merge upwards only', () => {
    const mine = { a: 3, b: 1 };
    const theirs = { a: 5, c: 2 };
    expect(missingCount(theirs, mine)).toBe(4);
    expect(missingCount(mine, theirs)).toBe(1);
    expect(mergeMax(mine, theirs)).toBe(true);
    expect(mine).toEqual({ a: 5, b: 1, c: 2 });
    expect(mergeMax(mine, { a: 1 })).toBe(false);
    expect(sameVector({ a: 1, b: 0 }, { a: 1 })).toBe(true);
    expect(seqOf({}, 'constructor')).toBe(0);
  });
});

describe('token bucket', () => {
  it('allows a burst, then the sustained rate, on the injected clock', () => {
    const clock = new ManualClock(0);
    const bucket = new TokenBucket(clock, 5, 10);
    for (let i = 0; i < 5; i++) expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
    clock.advance(100);
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
    clock.set(-1_000); // a clock stepping back mints nothing
    expect(bucket.take()).toBe(false);
  });
});

describe('reconnect backoff', () => {
  it('doubles up to the cap with half of each delay jittered', () => {
    const policy = { baseMs: 100, maxMs: 1_000 };
    expect(backoffDelay(policy, 1, () => 0)).toBe(50);
    expect(backoffDelay(policy, 1, () => 0.999999)).toBe(100);
    expect(backoffDelay(policy, 4, () => 0.5)).toBe(600);
    expect(backoffDelay(policy, 51, () => 0)).toBe(500);
  });
});
