// What happens in one simulation run, drawn from its seed before it starts:
// who appends when, which relays the hub cuts off and for how long, which
// peers lose their link to their relay. Everything heals at `activeMs` at
// the latest, after the last append: convergence is timed from there.

export interface PlanShape {
  relays: number;
  peersPerRelay: number;
  /** note.add entries the peers append in all. */
  entries: number;
  /** Times the hub cuts a group of relays off. */
  relayPartitions: number;
  /** Times a peer's link to its relay is cut. */
  peerCuts: number;
  /** Virtual ms of appends and partitions. */
  activeMs: number;
}

export interface PlannedAppend {
  at: number;
  relay: number;
  peer: number;
}

/** A partition: the hub cuts these relays off from `from` to `to`. */
export interface PlannedCut {
  relays: number[];
  from: number;
  to: number;
}

/** One peer (index within its relay's room) loses its link to its relay from `from` to `to`. */
export interface PlannedPeerCut {
  relay: number;
  peer: number;
  from: number;
  to: number;
}

export interface Plan {
  appends: PlannedAppend[];
  partitions: PlannedCut[];
  peerCuts: PlannedPeerCut[];
}

/** A window inside the active period: starting in its first 60%, lasting 20% to all of the rest of it, or (healedLast) all of it. */
function window(rng: () => number, activeMs: number, healedLast: boolean): { from: number; to: number } {
  const from = Math.floor((0.05 + rng() * 0.55) * activeMs);
  if (healedLast) return { from, to: activeMs };
  const rest = activeMs - from;
  return { from, to: from + Math.floor((0.2 + rng() * 0.8) * rest) };
}

export function drawPlan(rng: () => number, shape: PlanShape): Plan {
  const appends: PlannedAppend[] = [];
  // Appends stop a little before the heal, so that the last of them is not timed as convergence.
  const lastAppend = Math.floor(shape.activeMs * 0.95);
  for (let i = 0; i < shape.entries; i++)
    appends.push({ at: Math.floor(rng() * lastAppend), relay: Math.floor(rng() * shape.relays), peer: Math.floor(rng() * shape.peersPerRelay) });
  appends.sort((a, b) => a.at - b.at);

  // At most a quarter of the relays in one partition (at least one): the rest go on meanwhile.
  const partitions: PlannedCut[] = [];
  for (let k = 0; k < shape.relayPartitions; k++) {
    const size = 1 + Math.floor(rng() * Math.max(1, Math.floor(shape.relays / 4)));
    const relays = new Set<number>();
    while (relays.size < Math.min(size, shape.relays)) relays.add(Math.floor(rng() * shape.relays));
    // The first partition lasts until the heal: the side cut off and the rest have both appended through it.
    partitions.push({ relays: [...relays].sort((a, b) => a - b), ...window(rng, shape.activeMs, k === 0) });
  }

  const peerCuts: PlannedPeerCut[] = [];
  for (let k = 0; k < shape.peerCuts; k++)
    peerCuts.push({ relay: Math.floor(rng() * shape.relays), peer: Math.floor(rng() * shape.peersPerRelay), ...window(rng, shape.activeMs, k === 0) });
  return { appends, partitions, peerCuts };
}

/** Appends made during a partition by the peers of relays it cut off, and by everyone else. */
export function appendsAround(plan: Plan, cut: PlannedCut): { inside: number; outside: number } {
  const cutOff = new Set(cut.relays);
  let inside = 0;
  let outside = 0;
  for (const a of plan.appends) {
    if (a.at < cut.from || a.at >= cut.to) continue;
    if (cutOff.has(a.relay)) inside += 1;
    else outside += 1;
  }
  return { inside, outside };
}
