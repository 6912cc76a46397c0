import { join } from 'node:path';
import { signerFromSeed } from '../../../main/crypto';
import { Federation, memoryCursorStore } from '../../../main/federation';
import { Reconnector, SyncNode, WorkspaceJournal, type SyncEvent } from '../../../main/sync';
import { Workspace } from '../../../main/workspace';
import { toBase64Url } from '../../../shared/bytes';
import type { Signer } from '../../../shared/journal';
import { copyWorkspace } from '../../bench/syncWorkload';
import type { MemoryHub } from './memoryHub';
import { PeerLinks } from './memoryLink';
import { MemoryStream } from './memoryStream';
import type { VirtualTime } from './virtualTime';

// The devices of one simulated workspace, all in this process, each the
// real thing over a real journal: relays (Workspace + WorkspaceJournal +
// SyncNode serving their room's peers + Federation over the in-process hub)
// and peers (Workspace + WorkspaceJournal + SyncNode, kept connected to
// their relay by a Reconnector, as a host's PeerSync does). Only the
// network is simulated: the hub (memoryHub.ts) and the peer links
// (memoryLink.ts), on virtual time.

export interface SimNode {
  name: string;
  device: string;
  ws: Workspace;
  journal: WorkspaceJournal;
  sync: SyncNode;
  /** Entries it holds, as its journal reported them. */
  held: number;
}

export interface SimRelay extends SimNode {
  federation: Federation;
}

export interface SimPeer extends SimNode {
  relay: number;
  reconnector: Reconnector;
}

export interface ClusterOptions {
  /** An empty directory for every journal (in RAM where the OS offers it: there may be a thousand). */
  root: string;
  relays: number;
  peersPerRelay: number;
  time: VirtualTime;
  hub: MemoryHub;
  /** One-way delay of a peer's link to its relay. */
  linkDelayMs: number;
  rng: () => number;
  /** Federation's log lines, each prefixed with its relay. */
  log: (line: string) => void;
  /** Every sync event of every device (a rejected session is worth a look). */
  onSyncEvent: (node: string, event: SyncEvent) => void;
}

export interface Cluster {
  workspaceId: string;
  /** Entry ids every device starts with: the genesis and the roster. */
  baseIds: string[];
  relays: SimRelay[];
  peers: SimPeer[];
  links: PeerLinks;
  start(): void;
  /** Stop everything (running virtual time while Federation's pulls end) and close every journal. */
  close(): Promise<void>;
}

/** Found the workspace on relay 0's key, every other relay and every peer a responder; returns its dir and ids. */
function found(dir: string, time: VirtualTime, founder: Signer, members: readonly Signer[]): { ids: string[] } {
  const ws = Workspace.create({ dir, name: 'Federation simulation', creatorName: 'Relay 0', signer: founder, clock: time });
  try {
    ws.appendMany(
      members.map((s, i) => ({ kind: 'roster.memberPut', body: { member: s.publicKey, name: `Device ${i + 1}`, roles: ['responder'], teams: [] } })),
    );
    return { ids: (ws.store.db.prepare('SELECT id FROM entries').pluck().all() as unknown[]).map(String) };
  } finally {
    ws.close();
  }
}

export function buildCluster(opts: ClusterOptions): Cluster {
  const { time, hub, rng } = opts;
  const randomBytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(rng() * 256));
  const newSigner = () => signerFromSeed(toBase64Url(randomBytes(32)));
  const relaySigners = Array.from({ length: opts.relays }, newSigner);
  const peerSigners = Array.from({ length: opts.relays * opts.peersPerRelay }, newSigner);
  const baseDir = join(opts.root, 'founded');
  const { ids: baseIds } = found(baseDir, time, relaySigners[0]!, [...relaySigners.slice(1), ...peerSigners]);
  const links = new PeerLinks(time, () => time.now(), opts.linkDelayMs);

  const open = (name: string, signer: Signer): SimNode => {
    const ws = Workspace.open({ dir: copyWorkspace(baseDir, join(opts.root, name.replace(/ /g, '-'))), clock: time, signer });
    const journal = new WorkspaceJournal(ws);
    const sync = new SyncNode({ journal, signer, clock: time, timers: time, randomBytes });
    sync.onEvent((e) => opts.onSyncEvent(name, e));
    return { name, device: signer.publicKey, ws, journal, sync, held: ws.store.count() };
  };
  /** Count what each journal reports stored (on the node itself, not a copy of it). */
  const track = <T extends SimNode>(node: T): T => {
    node.journal.onStored((entries) => {
      node.held += entries.length;
    });
    return node;
  };

  const relays: SimRelay[] = relaySigners.map((signer, r) => {
    const node = open(`relay ${r}`, signer);
    const federation = new Federation({
      journal: node.journal,
      stream: new MemoryStream(hub, node.ws.id, signer.publicKey),
      cursor: memoryCursorStore(),
      clock: time,
      timers: time,
      random: rng,
      log: (line) => opts.log(`relay ${r}: ${line}`),
    });
    return track({ ...node, federation });
  });
  const peers: SimPeer[] = peerSigners.map((signer, i) => {
    const relay = Math.floor(i / opts.peersPerRelay);
    const node = open(`peer ${relay}.${i % opts.peersPerRelay}`, signer);
    const reconnector = new Reconnector({
      dial: links.dialer(signer.publicKey, (link) => relays[relay]!.sync.attach(link)),
      attach: (link) => node.sync.attach(link),
      timers: time,
      random: rng,
    });
    return track({ ...node, relay, reconnector });
  });

  return {
    workspaceId: relays[0]!.ws.id,
    baseIds,
    relays,
    peers,
    links,
    start() {
      for (const r of relays) r.federation.start();
      for (const p of peers) p.reconnector.start();
    },
    async close() {
      for (const p of peers) p.reconnector.stop();
      for (const n of [...relays, ...peers]) n.sync.close();
      await time.runWhile(Promise.all(relays.map((r) => r.federation.close())), 60_000);
      for (const n of [...relays, ...peers]) n.ws.close();
    },
  };
}
