import type { Cluster, SimNode } from './simCluster';
import type { VirtualTime } from './virtualTime';

// What a simulation run looks at: when every device first held everything
// (as their journals report stores), and, once it is over, every journal's
// entry ids and state hash against what was appended.

export interface Reached {
  /** Virtual ms when every relay, and every device, first held every entry; wall ms for the latter. */
  relays: number | null;
  all: number | null;
  allWall: number | null;
}

export interface Holdings {
  /** Entries missing / unexpected, summed over relays and over peers; devices missing any. */
  missing: { relays: number; peers: number; devices: number };
  extra: { relays: number; peers: number };
  /** Distinct state hashes over every device. */
  hashes: number;
}

/** When every relay, and every device, first held `expected` entries (virtual ms, and wall ms for all). */
export function watchConvergence(c: Cluster, expected: number, time: VirtualTime): Reached {
  const out: Reached = { relays: null, all: null, allWall: null };
  let relaysLeft = c.relays.length;
  let left = c.relays.length + c.peers.length;
  const watch = (node: SimNode, isRelay: boolean) => {
    let done = false;
    node.journal.onStored(() => {
      if (done || node.held < expected) return;
      done = true;
      if (isRelay && --relaysLeft === 0) out.relays = time.now();
      if (--left === 0) {
        out.all = time.now();
        out.allWall = performance.now();
      }
    });
  };
  for (const r of c.relays) watch(r, true);
  for (const p of c.peers) watch(p, false);
  return out;
}

/** Every journal's ids against the expected set, and its state hash. */
export function verify(c: Cluster, expected: ReadonlySet<string>): Holdings {
  const missing: Holdings['missing'] = { relays: 0, peers: 0, devices: 0 };
  const extra: Holdings['extra'] = { relays: 0, peers: 0 };
  const hashes = new Set<string>();
  const check = (node: SimNode, kind: 'relays' | 'peers') => {
    const ids = new Set((node.ws.store.db.prepare('SELECT id FROM entries').pluck().all() as unknown[]).map(String));
    let lacks = 0;
    for (const id of expected) if (!ids.has(id)) lacks += 1;
    for (const id of ids) if (!expected.has(id)) extra[kind] += 1;
    missing[kind] += lacks;
    if (lacks > 0) missing.devices += 1;
    hashes.add(node.ws.stateHash());
  };
  for (const r of c.relays) check(r, 'relays');
  for (const p of c.peers) check(p, 'peers');
  return { missing, extra, hashes: hashes.size };
}
