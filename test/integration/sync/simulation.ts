import type { Clock } from '../../../shared/clock';
import { toBase64Url } from '../../../shared/bytes';
import { Reconnector, SyncNode, type SyncLimits } from '../../../main/sync';
import { sameVector, type VersionVector } from '../../../shared/sync';
import { makePeers, T0, type TestPeer } from './peers';
import { SimNetwork } from './simNetwork';
import { SimScheduler, seededRandom } from './simScheduler';

export interface SimOptions {
  peers: number;
  entriesPerPeer: number;
  /** Virtual ms during which peers write and partitions come and go. */
  activeMs: number;
  /** Give up converging after this many virtual ms past activeMs. */
  settleMs: number;
}

export const DEFAULT_SIM: SimOptions = { peers: 5, entriesPerPeer: 3, activeMs: 6_000, settleMs: 120_000 };

/** Small batches and windows, short timers: more protocol paths per virtual second. */
const SIM_LIMITS: Partial<SyncLimits> = {
  batchEntries: 2,
  window: 2,
  heartbeatMs: 400,
  ackTimeoutMs: 800,
  idleTimeoutMs: 2_500,
  handshakeTimeoutMs: 1_500,
};

/**
 * Losses and partitions cause timeouts; a device that joined from the
 * genesis alone refuses peers until the roster reaches it. Anything else is a bug.
 */
const EXPECTED_REJECTIONS: ReadonlySet<string> = new Set(['timeout', 'not-a-member']);

export interface SimOutcome {
  seed: number;
  converged: boolean;
  virtualMs: number;
  hashes: string[];
  vectors: VersionVector[];
  counts: number[];
  written: string[];
  missing: { peer: number; id: string }[];
  equivocations: number;
  rejections: string[];
  messages: number;
  peers: TestPeer[];
}

/**
 * One seeded run: `peers` devices on a random connected topology over a lossy,
 * reordering, duplicating, partitioning network, all writing while links
 * come and go; then the network heals and the run waits for convergence.
 */
export function runSimulation(seed: number, opts: SimOptions = DEFAULT_SIM): SimOutcome {
  const rng = seededRandom(seed);
  const sched = new SimScheduler(T0);
  const clocks: Clock[] = Array.from({ length: opts.peers }, () => {
    const skew = Math.floor((rng() - 0.5) * 4_000);
    return { now: () => sched.now + skew };
  });
  const randomBytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(rng() * 256));
  const peers = makePeers(opts.peers, clocks, { rosterEverywhere: rng() < 0.5, keyBytes: randomBytes });
  const net = new SimNetwork(sched, rng, {
    minDelayMs: 1,
    maxDelayMs: 5 + Math.floor(rng() * 80),
    drop: rng() * 0.08,
    duplicate: rng() * 0.08,
  });
  const rejections: string[] = [];
  const nodes = peers.map((p, i) => {
    const node = new SyncNode({ journal: p.journal, signer: p.signer, clock: clocks[i]!, timers: sched, randomBytes, limits: SIM_LIMITS });
    node.onEvent((e) => {
      if (e.type === 'rejected' && !EXPECTED_REJECTIONS.has(e.code)) rejections.push(`peer ${i}: ${e.code}: ${e.message}`);
    });
    net.listen(i, (link) => node.attach(link));
    return node;
  });

  // A random spanning tree (so everything must be relayed somewhere), plus a few extra links.
  const edges: [number, number][] = [];
  for (let i = 1; i < opts.peers; i++) edges.push([Math.floor(rng() * i), i]);
  for (let i = 0; i < opts.peers; i++)
    for (let j = i + 1; j < opts.peers; j++) if (rng() < 0.15 && !edges.some(([a, b]) => a === i && b === j)) edges.push([i, j]);
  const dialers = edges.map(
    ([a, b]) =>
      new Reconnector({
        dial: (done) => net.dial(a, b, done),
        attach: (link) => nodes[a]!.attach(link),
        timers: sched,
        random: rng,
        backoff: { baseMs: 50, maxMs: 1_000 },
      }),
  );
  for (const d of dialers) d.start();

  // Partitions: cut a random link for a while, a few times.
  for (let k = 0; k < 4; k++) {
    const [a, b] = edges[Math.floor(rng() * edges.length)]!;
    const at = Math.floor(rng() * opts.activeMs);
    const span = 200 + Math.floor(rng() * 2_000);
    sched.setTimeout(() => net.cut(a, b), at);
    sched.setTimeout(() => net.heal(a, b), at + span);
  }

  // Writes at random moments; a peer that has not yet learnt it is a member tries again later.
  const written: string[] = [];
  peers.forEach((p, i) => {
    for (let k = 0; k < opts.entriesPerPeer; k++) {
      const write = () => {
        if (p.ws.state.members[p.signer.publicKey]?.active !== true) {
          sched.setTimeout(write, 100);
          return;
        }
        const e =
          k % 2 === 0
            ? p.journal.append('incident.open', { title: `peer ${i} incident ${k}`, severity: 1 + (k % 5) })
            : p.journal.append('note.add', { text: `peer ${i} note ${k} ${toBase64Url(randomBytes(6))}` });
        written.push(e.id);
      };
      sched.setTimeout(write, Math.floor(rng() * opts.activeMs));
    }
  });

  sched.runUntil(T0 + opts.activeMs);
  net.healAll();
  const expected = 1 + (opts.peers - 1) + opts.peers * opts.entriesPerPeer;
  const settled = (): boolean => {
    const vv0 = peers[0]!.journal.versionVector();
    return peers.every((p) => p.ws.store.count() === expected && sameVector(p.journal.versionVector(), vv0));
  };
  const deadline = T0 + opts.activeMs + opts.settleMs;
  while (!settled() && sched.now < deadline) sched.runUntil(sched.now + 250);
  const converged = settled();

  for (const d of dialers) d.stop();
  for (const n of nodes) n.close();
  const hashes = peers.map((p) => p.ws.stateHash());
  const missing: { peer: number; id: string }[] = [];
  peers.forEach((p, i) => {
    for (const id of written) if (p.ws.store.get(id) === null) missing.push({ peer: i, id });
  });
  return {
    seed,
    converged: converged && new Set(hashes).size === 1,
    virtualMs: sched.now - T0,
    hashes,
    vectors: peers.map((p) => p.journal.versionVector()),
    counts: peers.map((p) => p.ws.store.count()),
    written,
    missing,
    equivocations: peers.reduce((n, p) => n + p.ws.store.equivocations().length, 0),
    rejections,
    messages: net.messages,
    peers,
  };
}
