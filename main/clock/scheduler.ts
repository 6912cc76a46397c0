/** Timers, injected so tests and other hosts can drive the change feed. */
export interface Scheduler {
  /** Run fn every ms milliseconds until the returned function is called. */
  every(ms: number, fn: () => void): () => void;
  /** Run fn soon, after the current event-loop turn (after pending I/O callbacks). */
  soon(fn: () => void): void;
}

export const nodeScheduler: Scheduler = {
  every(ms, fn) {
    const timer = setInterval(fn, ms);
    return () => clearInterval(timer);
  },
  soon(fn) {
    setImmediate(fn);
  },
};
