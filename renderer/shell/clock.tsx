import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { Clock } from '../../shared/clock';

/** The wall clock of the page. The one place in the renderer that reads it; components take it from context. */
export const systemClock: Clock = {
  // eslint-disable-next-line no-restricted-syntax -- this is the injectable clock's real implementation
  now: () => Date.now(),
};

const ClockContext = createContext<Clock>(systemClock);

export function ClockProvider({ clock, children }: { clock: Clock; children: ReactNode }) {
  return <ClockContext.Provider value={clock}>{children}</ClockContext.Provider>;
}

/** The current time, re-read every `intervalMs`. */
export function useNow(intervalMs = 1000): number {
  const clock = useContext(ClockContext);
  const [now, setNow] = useState(() => clock.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(clock.now()), intervalMs);
    return () => clearInterval(timer);
  }, [clock, intervalMs]);
  return now;
}

/** 1h 02m 03s */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}h ${pad(m)}m ${pad(s)}s` : `${m}m ${pad(s)}s`;
}
