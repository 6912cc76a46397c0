import type { Clock } from '../../shared/clock';
import { advanceRun, type RunJournal } from '.';
import { nodeTimers, type Timers, nodeScheduler, type Scheduler } from '../clock';
import { feedJournal, type ServiceFeed } from '../workspace';

// Takes this device's playbook runs further inside a running core
// (`commandpost serve`): after every change to the workspace (an approval, an
// action's result, a task done, a service back to healthy, from this console,
// a peer or the CLI beside it) and when a wait step or a check's deadline
// comes due. Everything it decides comes from the journal (main/playbook
// driver), so a restart simply picks the runs up again.

export type PlaybookFeed = ServiceFeed;

export interface PlaybookServiceOptions {
  feed: PlaybookFeed;
  clock: Clock;
  log: (line: string) => void;
  /** Wake-ups for wait steps and check deadlines. */
  timers?: Timers;
  /** Runs a pass after the current turn, so a burst of changes costs one pass. */
  scheduler?: Pick<Scheduler, 'soon'>;
}

/** The feed replaces its Workspace when another process writes: always read the current one. */
export class PlaybookService {
  private readonly journal: RunJournal;
  private readonly timers: Timers;
  private readonly scheduler: Pick<Scheduler, 'soon'>;
  private unsubscribe: (() => void) | null = null;
  private cancelWake: (() => void) | null = null;
  private wakeAt: number | null = null;
  private queued = false;
  private closed = false;
  /** The last error logged per run, so a run stuck on the same problem is reported once, not on every change. */
  private readonly reported = new Map<string, string>();

  constructor(private readonly opts: PlaybookServiceOptions) {
    this.journal = feedJournal(opts.feed);
    this.timers = opts.timers ?? nodeTimers;
    this.scheduler = opts.scheduler ?? nodeScheduler;
  }

  /** Listen for changes and take up the runs a previous process left running. */
  start(): void {
    if (this.closed || this.unsubscribe !== null) return;
    // The listener only queues a pass: the driver's own appends and catch-up emit changes while it runs.
    this.unsubscribe = this.opts.feed.onChange(() => this.queue());
    this.queue();
  }

  close(): void {
    this.closed = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.cancelWake?.();
    this.cancelWake = null;
  }

  /** One pass over this device's running runs, now; what tests and `queue` call. */
  pass(): void {
    if (this.closed) return;
    const me = this.journal.me;
    const runs = Object.values(this.journal.state.playbooks?.runs ?? {}).filter((r) => r.status === 'running' && r.startedBy === me);
    let next: number | null = null;
    for (const run of runs) {
      try {
        const result = advanceRun(this.journal, run.id, { now: () => this.opts.clock.now() });
        for (const line of result.log) this.opts.log(`playbook ${run.playbook} run ${run.id.slice(0, 8)}: ${line}`);
        if (result.until !== null) next = next === null ? result.until : Math.min(next, result.until);
        this.reported.delete(run.id);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        if (this.reported.get(run.id) !== message) this.opts.log(`playbook ${run.playbook} run ${run.id.slice(0, 8)}: could not take it further: ${message}`);
        this.reported.set(run.id, message);
      }
    }
    this.armWake(next);
  }

  private queue(): void {
    if (this.queued || this.closed) return;
    this.queued = true;
    this.scheduler.soon(() => {
      this.queued = false;
      this.pass();
    });
  }

  /** One timer, for the earliest moment a run asked to be looked at again. */
  private armWake(at: number | null): void {
    if (at === this.wakeAt && this.cancelWake !== null) return;
    this.cancelWake?.();
    this.cancelWake = null;
    this.wakeAt = at;
    if (at === null || this.closed) return;
    this.cancelWake = this.timers.setTimeout(
      () => {
        this.cancelWake = null;
        this.wakeAt = null;
        this.pass();
      },
      Math.max(0, at - this.opts.clock.now()),
    );
  }
}
