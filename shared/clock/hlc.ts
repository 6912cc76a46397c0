// Hybrid logical clock (Kulkarni et al.): wall-clock milliseconds plus a
// counter. The author's public key breaks ties when two entries carry the same
// (wall, count), giving the journal one total order on every peer.

export interface Hlc {
  readonly wall: number;
  readonly count: number;
}

export const HLC_ZERO: Hlc = { wall: 0, count: 0 };

/** Entries whose wall clock is further ahead of ours than this are held back. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

export function compareHlc(a: Hlc, b: Hlc): number {
  return a.wall - b.wall || a.count - b.count;
}

/** The timestamp for a new local event: never below any HLC already seen. */
export function tickHlc(last: Hlc, nowMs: number): Hlc {
  if (nowMs > last.wall) return { wall: nowMs, count: 0 };
  return { wall: last.wall, count: last.count + 1 };
}

/** Merge an HLC seen on an incoming entry into ours (receive rule). */
export function observeHlc(last: Hlc, seen: Hlc): Hlc {
  return compareHlc(seen, last) > 0 ? { wall: seen.wall, count: seen.count } : last;
}

/** Null if acceptable, else why the entry must wait (one bad clock must not pin everybody's order). */
export function checkSkew(seen: Hlc, nowMs: number, maxSkewMs = MAX_CLOCK_SKEW_MS): string | null {
  const ahead = seen.wall - nowMs;
  return ahead > maxSkewMs ? `clock skew: entry is ${Math.round(ahead / 1000)} s ahead of this device (limit ${maxSkewMs / 1000} s)` : null;
}
