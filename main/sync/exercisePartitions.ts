import type { Clock } from '../../shared/clock';
import { activePartitions, mayRelay, partitionsBetween, simOffsetAt } from '../../shared/exercise';
import { formatOffset } from '../../shared/report';
import { exerciseOf, type ExerciseState, type WorkspaceState } from '../../shared/state';

// An exercise's network partitions, as this device's sync enforces them.
// The rule itself is pure (shared/exercise/scheduler.ts); this reads the
// workspace's exercise and the wall clock for it. Scenario time, and so
// whether a partition is in force, follows from the journal alone, so every
// peer draws the same line at the same moment without being told.

export interface ExercisePartitionsOptions {
  /** The current projection (the host's feed may swap the workspace). */
  state: () => Readonly<WorkspaceState>;
  /** This device. */
  me: string;
  clock: Clock;
}

export class ExercisePartitions {
  constructor(private readonly opts: ExercisePartitionsOptions) {}

  private now(): { ex: Readonly<ExerciseState>; offset: number } | null {
    const ex = exerciseOf(this.opts.state());
    if (ex === null || ex.status === 'ended' || ex.disruptions.length === 0) return null;
    return { ex, offset: simOffsetAt(ex.segments, this.opts.clock.now()) };
  }

  /** Whether entries written by `author` may go to device `peer` now (the filter of every outgoing session). */
  mayForward(peer: string, author: string): boolean {
    const now = this.now();
    return now === null || mayRelay(now.ex, now.offset, this.opts.me, peer, author);
  }

  /** Why this device may not talk to `peer` now ("… until T+12:00"), or null if it may. */
  cutOff(peer: string): string | null {
    const now = this.now();
    if (now === null) return null;
    const cuts = partitionsBetween(now.ex, this.opts.me, peer, now.offset);
    if (cuts.length === 0) return null;
    const until = Math.max(...cuts.map((c) => c.until));
    return `exercise network partition (${cuts.map((c) => c.inject).join(', ')}) until ${formatOffset(until)}`;
  }

  /** Identifies the partitions in force: when it changes, what may be sent has changed. */
  key(): string {
    const now = this.now();
    return now === null
      ? ''
      : activePartitions(now.ex, now.offset)
          .map((p) => p.inject)
          .join(',');
  }
}
