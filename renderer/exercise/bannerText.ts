import { simOffsetAt } from '../../shared/exercise';
import { formatOffset } from '../../shared/report';
import type { ExerciseState } from '../../shared/state';

// The banner's words, from the journaled exercise and the wall clock alone:
// scenario time is a projection of the clock segments, so the banner ticks
// on its own between state changes and agrees with every other peer.

export function exerciseSpeed(ex: Readonly<ExerciseState>): number {
  return ex.segments[ex.segments.length - 1]?.speed ?? 1;
}

/** Scenario offset (ms) to show: frozen at the end once the exercise has ended. */
export function shownOffset(ex: Readonly<ExerciseState>, wallNow: number): number {
  return ex.status === 'ended' ? (ex.endedAt ?? 0) : simOffsetAt(ex.segments, wallNow);
}

/** "EXERCISE — Database failover under peak load — T+12:30 — 60× — running" */
export function exerciseBannerText(ex: Readonly<ExerciseState>, wallNow: number): string {
  return `EXERCISE — ${ex.title} — ${formatOffset(shownOffset(ex, wallNow))} — ${exerciseSpeed(ex)}× — ${ex.status}`;
}
