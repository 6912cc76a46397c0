import type { ClockSegment } from '../exercise/simClock';
import type { InjectPayload } from '../exercise/injectSchema';
import type { WorkspaceState } from './state';

// Projection slice of a tabletop exercise (issue 7). Optional and created by
// exercise.start, so workspaces that never ran an exercise fold to exactly
// the state (and state hash) they had before. Its presence is what marks a
// workspace as an exercise: the console shows a banner and dispatch forces
// every connector to the sandbox whenever it is there.

export interface FiredInject {
  /** Scenario offset (ms) at which it fired. */
  at: number;
  /** Scheduled offset for scenario injects (after jitter); null for ad-hoc ones. */
  dueAt: number | null;
  source: 'scenario' | 'adhoc';
  entry: string;
  by: string;
  payload: InjectPayload;
}

/** A partition or connector failure in force from `from` until `until` (scenario offsets, ms). */
export interface ExerciseDisruption {
  inject: string;
  from: number;
  until: number;
  payload: InjectPayload;
}

export interface ExerciseState {
  /** SHA-256 of the scenario text in the exercise.start entry (which holds the text). */
  scenario: string;
  scenarioId: string;
  title: string;
  seed: string;
  /** The exercise.start entry. */
  entry: string;
  startedBy: string;
  /** Wall time of the start: scenario time 0. */
  origin: number;
  segments: ClockSegment[];
  status: 'running' | 'paused' | 'ended';
  /** Scenario offset at which it ended; null while it runs. */
  endedAt: number | null;
  /** The scenario's participant ids, sorted. */
  participants: string[];
  /** Scenario participant id -> member key playing it. */
  cast: Record<string, string>;
  /** Scenario inject id -> offset (ms) at which it is due, jitter applied with the seed. */
  schedule: Record<string, number>;
  fired: Record<string, FiredInject>;
  /** Partitions and connector failures, in firing order (the sync layer and dispatcher read these). */
  disruptions: ExerciseDisruption[];
  notes: number;
}

/** The exercise this workspace runs, or null: the one check the UI and dispatcher need. */
export function exerciseOf(state: Readonly<WorkspaceState>): ExerciseState | null {
  return state.exercise ?? null;
}
