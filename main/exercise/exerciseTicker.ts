import type { Clock } from '../../shared/clock';
import { nextDueAt, wallAtOffset } from '../../shared/exercise';
import { exerciseOf, own, type ExerciseState, type WorkspaceState } from '../../shared/state';
import { fireDue } from '.';
import { nodeTimers, type Timers } from '../clock';
import type { ChangeFeed } from '../workspace';

// The host's inject scheduler: while this device facilitates a running
// exercise, it fires each scenario inject when scenario time reaches it, as
// `commandpost exercise drive` does, so a facilitator in the console needs no
// second process. It sleeps until the next inject falls due, and any journal
// change (pause, resume, speed, an inject fired by hand or by the CLI) wakes
// it to work the time out again. What is due is derived from the journal
// alone, so a restart, or a second facilitator racing this one, fires nothing
// twice (the fold refuses a second entry for an inject).

export interface ExerciseTickerOptions {
  feed: Pick<ChangeFeed, 'workspace' | 'appendMany' | 'onChange'>;
  clock: Clock;
  timers?: Timers;
  log: (line: string) => void;
  /**
   * Longest sleep between looks (ms). Journal changes wake the ticker at
   * once; this only bounds the damage of a wall clock that jumps.
   */
  maxWaitMs?: number;
}

const DEFAULT_MAX_WAIT_MS = 1_000;
const MIN_WAIT_MS = 5;

function facilitates(state: Readonly<WorkspaceState>, me: string | null): boolean {
  const member = me === null ? undefined : own(state.members, me);
  return member?.active === true && member.roles.includes('facilitator');
}

export class ExerciseTicker {
  private cancel: (() => void) | null = null;
  private unsubscribe: (() => void) | null = null;
  private closed = false;
  private readonly timers: Timers;
  private readonly maxWait: number;
  /** The last failure logged, so a persistent one is logged once, not every second. */
  private lastError = '';

  constructor(private readonly opts: ExerciseTickerOptions) {
    this.timers = opts.timers ?? nodeTimers;
    this.maxWait = opts.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
  }

  start(): void {
    if (this.unsubscribe !== null || this.closed) return;
    // Not inline: the feed is in the middle of telling its listeners, and firing appends to it.
    this.unsubscribe = this.opts.feed.onChange(() => this.schedule(0));
    this.tick();
  }

  close(): void {
    this.closed = true;
    this.unsubscribe?.();
    this.cancel?.();
    this.cancel = null;
  }

  /** Fire what is due, then sleep until the next inject (or maxWait). */
  private tick(): void {
    if (this.closed) return;
    this.cancel = null;
    let wait = this.maxWait;
    try {
      const { feed, clock } = this.opts;
      const ws = feed.workspace;
      const ex = exerciseOf(ws.state);
      if (ex?.status === 'running' && facilitates(ws.state, ws.me)) {
        for (const line of fireDue(ws, clock, (drafts) => feed.appendMany(drafts))) this.opts.log(`exercise: inject ${line}`);
        // The append may have made the feed reopen the workspace: read the state afresh.
        wait = this.untilNext(exerciseOf(feed.workspace.state));
      }
      this.lastError = '';
    } catch (err) {
      const message = (err as Error).message;
      if (message !== this.lastError) this.opts.log(`exercise: firing due injects failed (retrying): ${message}`);
      this.lastError = message;
    }
    this.schedule(wait);
  }

  private schedule(ms: number): void {
    if (this.closed) return;
    this.cancel?.();
    this.cancel = this.timers.setTimeout(() => this.tick(), ms);
  }

  private untilNext(ex: Readonly<ExerciseState> | null): number {
    if (ex === null || ex.status !== 'running') return this.maxWait;
    const next = nextDueAt(ex);
    const wall = next === null ? null : wallAtOffset(ex.segments, next);
    if (wall === null) return this.maxWait;
    // At least MIN_WAIT_MS: should the fold keep refusing a due inject, this must not spin.
    return Math.min(this.maxWait, Math.max(MIN_WAIT_MS, wall - this.opts.clock.now()));
  }
}
