/** One-shot timers, injected so a simulation can run sessions on virtual time. */
export interface Timers {
  /** Run fn after ms milliseconds; the returned function cancels it. */
  setTimeout(fn: () => void, ms: number): () => void;
}

export const nodeTimers: Timers = {
  setTimeout(fn, ms) {
    const timer = setTimeout(fn, ms);
    // Heartbeats and reconnect waits alone must not keep a CLI process alive.
    timer.unref();
    return () => clearTimeout(timer);
  },
};
