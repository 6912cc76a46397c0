import { setImmediate as nextMacrotask } from 'node:timers/promises';
import type { Clock } from '../../../shared/clock';
import type { Timers } from '../../../main/clock';

interface Task {
  at: number;
  order: number;
  fn: () => void;
  cancelled: boolean;
}

/**
 * Virtual time for code that awaits: a discrete-event queue that is also the
 * Clock and the Timers of everything in the simulation. Federation's loops
 * are async (a pull, then an import, then the next pull), so between two
 * events the promise continuations the first one released must run before
 * the clock moves on; runUntil lets the microtask queue drain after every
 * event. Sync's own simulation (test/integration/sync/simScheduler.ts) runs
 * synchronous code only and needs none of that. Events due at the same
 * instant run in the order they were scheduled, so with seeded inputs a run
 * is the same every time.
 */
export class VirtualTime implements Clock, Timers {
  private t: number;
  private order = 0;
  /** Pending events, latest first. */
  private readonly queue: Task[] = [];
  /** Events run so far. */
  events = 0;

  constructor(start: number) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): () => void {
    const task: Task = { at: this.t + Math.max(0, ms), order: this.order++, fn, cancelled: false };
    this.push(task);
    return () => {
      task.cancelled = true;
    };
  }

  /**
   * Run events until virtual time `until` (then leave the clock there), or
   * until `stop` holds, checked after every event once its continuations
   * ran. Returns whether `stop` held.
   */
  async runUntil(until: number, stop: () => boolean = () => false): Promise<boolean> {
    for (;;) {
      // Continuations of the last event (a resolved pull, an awaited publish) run now, before the clock moves.
      await nextMacrotask();
      if (stop()) return true;
      const top = this.queue.at(-1);
      if (top === undefined || top.at > until) break;
      this.queue.pop();
      if (top.cancelled) continue;
      this.t = Math.max(this.t, top.at);
      this.events += 1;
      top.fn();
    }
    if (until > this.t) this.t = until;
    return stop();
  }

  /** Run events until `work` settles (it waits on virtual timers), at most `limitMs` of virtual time. */
  async runWhile<T>(work: Promise<T>, limitMs: number): Promise<T> {
    let settled = false;
    const watched = work.finally(() => {
      settled = true;
    });
    // Observed here too, so a rejection is not reported as unhandled while time runs.
    watched.catch(() => undefined);
    if (!(await this.runUntil(this.t + limitMs, () => settled))) throw new Error(`still not done after ${limitMs} ms of virtual time`);
    return watched;
  }

  /** Into the queue, kept latest first so the next event is popped off the end. */
  private push(task: Task): void {
    const q = this.queue;
    let lo = 0;
    let hi = q.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const m = q[mid]!;
      // Same instant: the task scheduled first runs first, so it sits nearer the end.
      if (m.at > task.at || (m.at === task.at && m.order > task.order)) lo = mid + 1;
      else hi = mid;
    }
    q.splice(lo, 0, task);
  }
}
