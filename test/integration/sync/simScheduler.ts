import { seededRandom } from '../../support/seededRandom';
import { ManualClock } from '../../../shared/clock';
import type { Timers } from '../../../main/clock';

// Re-exported: the sync tests draw their seeded randomness from here.
export { seededRandom };

interface Task {
  at: number;
  order: number;
  fn: () => void;
  cancelled: boolean;
}

/**
 * Virtual time for the simulation: a discrete-event queue driving a
 * ManualClock. Events at the same instant run in the order they were
 * scheduled, so a run depends on nothing but the seed.
 */
export class SimScheduler implements Timers {
  readonly clock: ManualClock;
  private readonly heap: Task[] = [];
  private order = 0;
  events = 0;

  constructor(start: number) {
    this.clock = new ManualClock(start);
  }

  get now(): number {
    return this.clock.now();
  }

  setTimeout(fn: () => void, ms: number): () => void {
    const task: Task = { at: this.now + Math.max(0, ms), order: this.order++, fn, cancelled: false };
    this.push(task);
    return () => {
      task.cancelled = true;
    };
  }

  /** Run every event due up to `until`, then leave the clock there. */
  runUntil(until: number): void {
    for (;;) {
      const top = this.heap[0];
      if (top === undefined || top.at > until) break;
      this.pop();
      if (top.cancelled) continue;
      this.clock.set(top.at);
      this.events += 1;
      top.fn();
    }
    if (until > this.now) this.clock.set(until);
  }

  private less(a: Task, b: Task): boolean {
    return a.at < b.at || (a.at === b.at && a.order < b.order);
  }

  private push(task: Task): void {
    const h = this.heap;
    h.push(task);
    for (let i = h.length - 1; i > 0;) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop()!;
    if (h.length === 0) return;
    h[0] = last;
    for (let i = 0; ;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
      if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}
