import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { HLC_ZERO, MAX_CLOCK_SKEW_MS, ManualClock, checkSkew, compareHlc, observeHlc, tickHlc, type Hlc } from '../../../../shared/clock';

const T0 = 1_700_000_000_000;

describe('ManualClock', () => {
  it('reads, sets and advances', () => {
    const clock = new ManualClock(T0);
    expect(clock.now()).toBe(T0);
    clock.advance(250);
    expect(clock.now()).toBe(T0 + 250);
    clock.set(T0 - 10_000);
    expect(clock.now()).toBe(T0 - 10_000);
  });
});

describe('compareHlc', () => {
  it('orders by wall time, then counter', () => {
    expect(compareHlc({ wall: 1, count: 9 }, { wall: 2, count: 0 })).toBeLessThan(0);
    expect(compareHlc({ wall: 2, count: 0 }, { wall: 2, count: 1 })).toBeLessThan(0);
    expect(compareHlc({ wall: 2, count: 1 }, { wall: 2, count: 1 })).toBe(0);
    expect(compareHlc({ wall: 3, count: 0 }, { wall: 2, count: 5 })).toBeGreaterThan(0);
  });
});

describe('tickHlc', () => {
  it('follows the wall clock when it moves forward', () => {
    expect(tickHlc(HLC_ZERO, T0)).toEqual({ wall: T0, count: 0 });
    expect(tickHlc({ wall: T0, count: 7 }, T0 + 1)).toEqual({ wall: T0 + 1, count: 0 });
  });

  it('counts when the wall clock stands still', () => {
    expect(tickHlc({ wall: T0, count: 0 }, T0)).toEqual({ wall: T0, count: 1 });
    expect(tickHlc({ wall: T0, count: 1 }, T0)).toEqual({ wall: T0, count: 2 });
  });

  it('never goes backwards when the wall clock does (NTP step, manual change)', () => {
    const clock = new ManualClock(T0);
    let hlc = tickHlc(HLC_ZERO, clock.now());
    clock.set(T0 - 60 * 60 * 1000); // an hour back
    const after = tickHlc(hlc, clock.now());
    expect(compareHlc(after, hlc)).toBeGreaterThan(0);
    expect(after).toEqual({ wall: T0, count: 1 });
    hlc = after;
    clock.advance(30 * 60 * 1000); // still behind the last HLC
    expect(tickHlc(hlc, clock.now())).toEqual({ wall: T0, count: 2 });
    clock.set(T0 + 5); // caught up
    expect(tickHlc({ wall: T0, count: 2 }, clock.now())).toEqual({ wall: T0 + 5, count: 0 });
  });

  it('is strictly monotonic for any sequence of wall-clock readings', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1e6 }), { minLength: 1, maxLength: 60 }), (readings) => {
        let last: Hlc = HLC_ZERO;
        let maxReading = 0;
        for (const now of readings) {
          const next = tickHlc(last, now);
          maxReading = Math.max(maxReading, now);
          expect(compareHlc(next, last)).toBeGreaterThan(0);
          // The wall part is the largest reading so far: the HLC stays close to real time.
          expect(next.wall).toBe(Math.max(maxReading, last.wall));
          last = next;
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('observeHlc', () => {
  it('adopts a later HLC seen on an incoming entry', () => {
    expect(observeHlc({ wall: T0, count: 3 }, { wall: T0 + 10, count: 1 })).toEqual({ wall: T0 + 10, count: 1 });
    expect(observeHlc({ wall: T0, count: 3 }, { wall: T0, count: 4 })).toEqual({ wall: T0, count: 4 });
  });

  it('keeps its own HLC when the incoming one is not later', () => {
    const mine = { wall: T0, count: 3 };
    expect(observeHlc(mine, { wall: T0 - 1, count: 99 })).toEqual(mine);
    expect(observeHlc(mine, { wall: T0, count: 3 })).toEqual(mine);
  });

  it('makes the next local event sort after the observed one, even with a slow wall clock', () => {
    const clock = new ManualClock(T0);
    let mine = tickHlc(HLC_ZERO, clock.now());
    const remote = { wall: T0 + 90_000, count: 4 }; // a peer 90 s ahead
    mine = observeHlc(mine, remote);
    clock.advance(1000);
    const next = tickHlc(mine, clock.now());
    expect(compareHlc(next, remote)).toBeGreaterThan(0);
    expect(next).toEqual({ wall: T0 + 90_000, count: 5 });
  });

  it('never issues an HLC below one it has seen or issued (any interleaving)', () => {
    const event = fc.oneof(
      fc.record({ tick: fc.integer({ min: 0, max: 1e6 }) }),
      fc.record({ seen: fc.record({ wall: fc.integer({ min: 0, max: 1e6 }), count: fc.integer({ min: 0, max: 50 }) }) }),
    );
    fc.assert(
      fc.property(fc.array(event, { maxLength: 80 }), (events) => {
        let mine: Hlc = HLC_ZERO;
        let highest: Hlc = HLC_ZERO;
        for (const e of events) {
          if ('tick' in e) {
            const next = tickHlc(mine, e.tick);
            expect(compareHlc(next, highest)).toBeGreaterThan(0);
            mine = next;
            highest = next;
          } else {
            mine = observeHlc(mine, e.seen);
            expect(compareHlc(mine, e.seen)).toBeGreaterThanOrEqual(0);
            if (compareHlc(e.seen, highest) > 0) highest = e.seen;
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('checkSkew', () => {
  it('is five minutes by default', () => {
    expect(MAX_CLOCK_SKEW_MS).toBe(5 * 60 * 1000);
  });

  it('accepts entries from the past, the present and up to five minutes ahead', () => {
    expect(checkSkew({ wall: T0 - 86_400_000, count: 0 }, T0)).toBeNull();
    expect(checkSkew({ wall: T0, count: 0 }, T0)).toBeNull();
    expect(checkSkew({ wall: T0 + MAX_CLOCK_SKEW_MS, count: 99 }, T0)).toBeNull();
  });

  it('holds back an entry more than five minutes ahead, with a reason', () => {
    const reason = checkSkew({ wall: T0 + MAX_CLOCK_SKEW_MS + 1, count: 0 }, T0);
    expect(reason).not.toBeNull();
    expect(reason).toMatch(/clock skew/);
    expect(reason).toMatch(/limit 300 s/);
    expect(checkSkew({ wall: T0 + 60 * 60 * 1000, count: 0 }, T0)).toBe('clock skew: entry is 3600 s ahead of this device (limit 300 s)');
  });

  it('accepts the entry once the local clock has caught up', () => {
    const clock = new ManualClock(T0);
    const seen = { wall: T0 + 10 * 60 * 1000, count: 0 };
    expect(checkSkew(seen, clock.now())).not.toBeNull();
    clock.advance(5 * 60 * 1000);
    expect(checkSkew(seen, clock.now())).toBeNull();
  });

  it('takes a custom limit', () => {
    expect(checkSkew({ wall: T0 + 2000, count: 0 }, T0, 1000)).toMatch(/2 s ahead .*limit 1 s/);
    expect(checkSkew({ wall: T0 + 1000, count: 0 }, T0, 1000)).toBeNull();
  });
});
