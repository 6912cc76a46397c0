import type { Clock } from '../clock';

// The simulated clock of an exercise. Scenario time is a projection of wall
// time: the journal records when the facilitator started, paused, resumed or
// changed speed (each at its entry's wall time), and scenario time at any wall
// instant follows from those segments alone. Every peer, the scheduler and the
// report therefore agree on "T+05:00" without trusting anyone's running timer.

export const MIN_SPEED = 1;
export const MAX_SPEED = 60;

/** From `wall` on, scenario time runs from `sim` at `speed` (or stands still). */
export interface ClockSegment {
  /** Wall time (ms since the epoch) at which this segment begins. */
  wall: number;
  /** Scenario offset (ms since the exercise started) at that wall time. */
  sim: number;
  speed: number;
  running: boolean;
}

/** Scenario offset (ms since start) at wall time `wall`; 0 before the first segment. */
export function simOffsetAt(segments: readonly ClockSegment[], wall: number): number {
  let current: ClockSegment | undefined;
  // Segments are few (one per pause/resume/speed change) and in wall order.
  for (const s of segments) {
    if (s.wall > wall) break;
    current = s;
  }
  if (current === undefined) return 0;
  return current.running ? current.sim + (wall - current.wall) * current.speed : current.sim;
}

/** The segments after a clock change at wall time `wall`. Pure: returns a new array. */
export function changeClock(segments: readonly ClockSegment[], wall: number, change: { running?: boolean; speed?: number }): ClockSegment[] {
  const last = segments[segments.length - 1];
  const sim = simOffsetAt(segments, wall);
  const next: ClockSegment = { wall, sim, speed: change.speed ?? last?.speed ?? MIN_SPEED, running: change.running ?? last?.running ?? true };
  // A change at the very wall time of the last segment replaces it: the earlier one never lasted.
  const kept = last !== undefined && last.wall === wall ? segments.slice(0, -1) : segments.slice();
  return [...kept, next];
}

/** Wall time at which scenario offset `sim` is reached if nothing changes; null if the clock stands still before it. */
export function wallAtOffset(segments: readonly ClockSegment[], sim: number): number | null {
  const last = segments[segments.length - 1];
  if (last === undefined) return null;
  if (sim <= last.sim) return last.wall;
  if (!last.running) return null;
  return last.wall + Math.ceil((sim - last.sim) / last.speed);
}

/** What a SimClock reads: the exercise's origin and clock segments, or null when no exercise runs. */
export interface SimTimeline {
  /** Wall time at which the exercise started: scenario time 0 reads as this instant. */
  readonly origin: number;
  readonly segments: readonly ClockSegment[];
}

/**
 * A Clock that tells scenario time: origin + offset. It reads the timeline on
 * every call (the journal may have paused it meanwhile) and the wall clock it
 * is given, so it holds no timer and no state of its own.
 */
export class SimClock implements Clock {
  constructor(
    private readonly wall: Clock,
    private readonly timeline: () => SimTimeline | null,
  ) {}

  /** Scenario offset in ms since the exercise started (0 when none runs). */
  offset(): number {
    const t = this.timeline();
    return t === null ? 0 : simOffsetAt(t.segments, this.wall.now());
  }

  now(): number {
    const t = this.timeline();
    return t === null ? this.wall.now() : t.origin + simOffsetAt(t.segments, this.wall.now());
  }
}
