import type { MemoryHub } from './memoryHub';
import type { Cluster } from './simCluster';
import type { Plan } from './simPlan';
import type { VirtualTime } from './virtualTime';

/** A device in two overlapping cuts stays cut until both heal: count them. */
function overlapping(cut: (key: string) => void, heal: (key: string) => void): { cut(key: string): void; heal(key: string): void } {
  const depth = new Map<string, number>();
  return {
    cut(key) {
      depth.set(key, (depth.get(key) ?? 0) + 1);
      cut(key);
    },
    heal(key) {
      const n = (depth.get(key) ?? 1) - 1;
      depth.set(key, n);
      if (n === 0) heal(key);
    },
  };
}

/**
 * Put the plan on the clock: appends, the hub's partitions, the peers' cuts
 * (`peerHealed` is told the name of a peer whose link came back). Returns
 * the ids appended, filled in as the appends happen.
 */
export function schedule(c: Cluster, plan: Plan, hub: MemoryHub, time: VirtualTime, t0: number, peerHealed: (name: string) => void): string[] {
  const appended: string[] = [];
  const at = (ms: number, fn: () => void) => time.setTimeout(fn, t0 + ms - time.now());
  const peerOf = (relay: number, peer: number) => c.peers[relay * (c.peers.length / c.relays.length) + peer]!;
  for (const a of plan.appends) {
    const peer = peerOf(a.relay, a.peer);
    at(a.at, () =>
      appended.push(peer.journal.append('note.add', { text: `${peer.name}: queue depth back under 2k after failover (#${appended.length + 1})` }).id),
    );
  }
  const relays = overlapping(
    (device) => hub.cut(device),
    (device) => hub.heal(device),
  );
  for (const p of plan.partitions)
    for (const r of p.relays) {
      const { device } = c.relays[r]!;
      at(p.from, () => relays.cut(device));
      at(p.to, () => relays.heal(device));
    }
  const names = new Map(c.peers.map((p) => [p.device, p.name]));
  const peers = overlapping(
    (device) => c.links.cut(device),
    (device) => {
      c.links.heal(device);
      peerHealed(names.get(device) ?? device);
    },
  );
  for (const cut of plan.peerCuts) {
    const { device } = peerOf(cut.relay, cut.peer);
    at(cut.from, () => peers.cut(device));
    at(cut.to, () => peers.heal(device));
  }
  return appended;
}
