import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../shared/clock';
import { SimClock, changeClock, connectorFor, simOffsetAt, wallAtOffset, type ClockSegment } from '../../../../shared/exercise';

const T0 = 1_767_225_600_000;

describe('simulated clock', () => {
  it('maps wall time to scenario time through start, speed, pause and resume', () => {
    let segs: ClockSegment[] = [{ wall: T0, sim: 0, speed: 1, running: true }];
    expect(simOffsetAt(segs, T0 - 5)).toBe(0);
    expect(simOffsetAt(segs, T0 + 10_000)).toBe(10_000);
    segs = changeClock(segs, T0 + 10_000, { speed: 60 });
    expect(simOffsetAt(segs, T0 + 11_000)).toBe(10_000 + 60_000);
    segs = changeClock(segs, T0 + 20_000, { running: false });
    const frozen = simOffsetAt(segs, T0 + 20_000);
    expect(frozen).toBe(10_000 + 600_000);
    expect(simOffsetAt(segs, T0 + 99_000)).toBe(frozen);
    segs = changeClock(segs, T0 + 100_000, { running: true });
    expect(simOffsetAt(segs, T0 + 101_000)).toBe(frozen + 60_000);
    expect(wallAtOffset(segs, frozen + 120_000)).toBe(T0 + 102_000);
  });

  it('implements Clock: origin plus scenario offset, wall time when no exercise runs', () => {
    const wall = new ManualClock(T0);
    let timeline: { origin: number; segments: ClockSegment[] } | null = null;
    const clock = new SimClock(wall, () => timeline);
    expect(clock.now()).toBe(T0);
    timeline = { origin: T0, segments: [{ wall: T0, sim: 0, speed: 30, running: true }] };
    wall.advance(2_000);
    expect(clock.offset()).toBe(60_000);
    expect(clock.now()).toBe(T0 + 60_000);
  });

  it('never runs backwards, whatever the facilitator does', () => {
    const change = fc.record({
      dt: fc.integer({ min: 0, max: 100_000 }),
      op: fc.constantFrom('pause', 'resume', 'speed'),
      speed: fc.integer({ min: 1, max: 60 }),
    });
    fc.assert(
      fc.property(fc.array(change, { maxLength: 20 }), fc.array(fc.integer({ min: 0, max: 3_000_000 }), { minLength: 2, maxLength: 20 }), (changes, probes) => {
        let segs: ClockSegment[] = [{ wall: T0, sim: 0, speed: 1, running: true }];
        let wall = T0;
        for (const c of changes) {
          wall += c.dt;
          segs = changeClock(segs, wall, c.op === 'speed' ? { speed: c.speed } : { running: c.op === 'resume' });
        }
        const sorted = [...probes].sort((a, b) => a - b).map((p) => simOffsetAt(segs, T0 + p));
        for (let i = 1; i < sorted.length; i++) expect(sorted[i]!).toBeGreaterThanOrEqual(sorted[i - 1]!);
      }),
    );
  });
});

describe('sandbox rule', () => {
  it('sends every action of an exercise to the sandbox, and real ones where they asked', () => {
    for (const c of ['kubernetes', 'slack', 'webhook', 'command', 'sandbox']) {
      expect(connectorFor(true, c)).toBe('sandbox');
      expect(connectorFor(false, c)).toBe(c);
    }
  });
});
