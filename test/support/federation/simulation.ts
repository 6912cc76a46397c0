import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SyncEvent } from '../../../main/sync';
import { seededRandom } from '../seededRandom';
import { MemoryHub } from './memoryHub';
import { verify, watchConvergence } from './simChecks';
import { buildCluster, type Cluster } from './simCluster';
import { appendsAround, drawPlan, type PlanShape } from './simPlan';
import { schedule } from './simSchedule';
import { VirtualTime } from './virtualTime';

// Issue 15: R relays x P peers of one workspace, all in this process over
// the real journal, sync and federation code (simCluster.ts), with the
// network simulated on virtual time: peers append at seeded moments, the
// hub cuts relays off and peers lose their links, everything heals, and
// the run times how long every device takes to hold every entry. Virtual
// time is what the protocols' own waits cost (pull waits, retry delays,
// reconnect backoff, link delays); the computing itself takes none of it,
// so wall time is reported beside it (one process doing the work of
// R x (P + 1) devices, one after another).

/** 2025-06-15T15:06:40Z: the virtual clock's start. */
const T0 = 1_750_000_000_000;

export interface SimulationOptions extends PlanShape {
  seed: number;
  /** Give up this long (virtual) after the heal. */
  settleLimitMs: number;
  /** A peer link's one-way delay, and the hub's round trip (virtual ms). */
  linkDelayMs?: number;
  hubRttMs?: number;
  /** Where the journals go (a fresh directory under it, removed afterwards); RAM-backed /dev/shm by default. */
  tempRoot?: string;
  progress?: (line: string) => void;
}

/** Sync rejections a cut link may cause; anything else is a finding. */
const EXPECTED_REJECTIONS: ReadonlySet<string> = new Set(['timeout']);

export interface PartitionReport {
  relays: number[];
  fromMs: number;
  toMs: number;
  /** Entries appended during it in the rooms cut off, and in the others. */
  appendedInside: number;
  appendedOutside: number;
}

export interface SimulationReport {
  seed: number;
  relays: number;
  peersPerRelay: number;
  /** Journals in the run (relays + peers), each a real Workspace on SQLite. */
  workspaces: number;
  /** Entries every device started with (genesis and roster), and the note.add entries peers appended during the run. */
  baseEntries: number;
  entries: number;
  partitions: PartitionReport[];
  peerCuts: number;
  /** Virtual ms from the start to the last heal. */
  healAtMs: number;
  converged: boolean;
  /** Virtual ms from the last heal until every device held every entry (null: not within settleLimitMs). */
  convergeAfterHealMs: number | null;
  /** The same for the relays alone. */
  relaysConvergeAfterHealMs: number | null;
  /** Virtual ms from a peer's link healing to its next session with its relay (the Reconnector's backoff): the longest, and how many were timed. */
  peerReconnectMs: { max: number | null; count: number };
  /** Wall-clock ms this process took to compute that stretch. */
  convergeAfterHealWallMs: number | null;
  /** One state hash over every device. */
  allEqual: boolean;
  distinctStateHashes: number;
  /** Entries missing / unexpected, summed over relays and over peers; devices missing any. */
  missing: { relays: number; peers: number; devices: number };
  extra: { relays: number; peers: number };
  stream: { messages: number; distinct: number; missing: number; extra: number; duplicatePublishes: number; redeliveries: number };
  federation: { published: number; received: number; refused: number; unpublished: number };
  /** Sessions rejected for anything but a timeout, and entries federation refused (the first 20): there should be none. */
  unexpectedRejections: string[];
  virtualEvents: number;
  wallMs: { setup: number; active: number; settle: number; verify: number; total: number };
  rssMB: number;
}

export async function runSimulation(opts: SimulationOptions): Promise<SimulationReport> {
  const say = opts.progress ?? (() => undefined);
  const started = performance.now();
  const rng = seededRandom(opts.seed);
  const plan = drawPlan(rng, opts);
  const time = new VirtualTime(T0);
  const hub = new MemoryHub({ clock: time, timers: time, rttMs: opts.hubRttMs ?? 2 });
  const base = opts.tempRoot ?? (existsSync('/dev/shm') ? '/dev/shm' : tmpdir());
  const root = mkdtempSync(join(base, 'cp-fedsim-'));
  const rejections: string[] = [];
  /** Peers whose link healed and who are not back in a session yet: when it healed. */
  const healedLinks = new Map<string, number>();
  const reconnects: number[] = [];
  const refusals: string[] = [];
  let cluster: Cluster | null = null;
  try {
    cluster = buildCluster({
      root,
      relays: opts.relays,
      peersPerRelay: opts.peersPerRelay,
      time,
      hub,
      linkDelayMs: opts.linkDelayMs ?? 5,
      rng,
      log: (line) => {
        if (line.includes('refused')) refusals.push(line);
      },
      onSyncEvent: (node, e: SyncEvent) => {
        if (e.type === 'rejected' && !EXPECTED_REJECTIONS.has(e.code)) rejections.push(`${node}: ${e.code}: ${e.message}`);
        const healed = healedLinks.get(node);
        if (e.type === 'authenticated' && healed !== undefined) {
          reconnects.push(time.now() - healed);
          healedLinks.delete(node);
        }
      },
    });
    const c = cluster;
    const setupMs = performance.now() - started;
    say(`federation sim: ${c.relays.length} relays, ${c.peers.length} peers opened in ${Math.round(setupMs)} ms; running ${opts.activeMs} virtual ms`);

    const expected = c.baseIds.length + plan.appends.length;
    const reached = watchConvergence(c, expected, time);
    const appended = schedule(c, plan, hub, time, T0, (peer) => healedLinks.set(peer, time.now()));
    c.start();
    const activeStart = performance.now();
    // A line every 5 virtual seconds: a big run takes minutes of wall time.
    const tick = () => {
      say(`federation sim: ${(time.now() - T0) / 1000} virtual s, ${Math.round((performance.now() - activeStart) / 1000)} s wall, ${time.events} events`);
      if (reached.all === null) time.setTimeout(tick, 5_000);
    };
    time.setTimeout(tick, 5_000);
    await time.runUntil(T0 + opts.activeMs);
    const healWall = performance.now();
    say(`federation sim: healed at ${opts.activeMs} virtual ms (${Math.round(healWall - activeStart)} ms wall); waiting for convergence`);
    await time.runUntil(T0 + opts.activeMs + opts.settleLimitMs, () => reached.all !== null);
    // Whatever a relay still has to publish (nothing, if the stream is the only way entries travel between rooms); looked at
    // every 100 virtual ms, not after every event: each look walks every relay's version vector.
    let published = false;
    const look = () => {
      published = c.relays.every((r) => r.federation.status().unpublished === 0);
      if (!published) time.setTimeout(look, 100);
    };
    look();
    await time.runUntil(time.now() + opts.settleLimitMs, () => published);
    const settleWall = performance.now();

    const held = verify(c, new Set([...c.baseIds, ...appended]));
    const streamIds = hub.stream(c.workspaceId).held();
    const streamSet = new Set(streamIds);
    const expectedIds = new Set([...c.baseIds, ...appended]);
    const fed = c.relays.map((r) => r.federation.status());
    const verifyWall = performance.now();
    const after = (t: number | null) => (t === null ? null : t - (T0 + opts.activeMs));
    return {
      seed: opts.seed,
      relays: opts.relays,
      peersPerRelay: opts.peersPerRelay,
      workspaces: c.relays.length + c.peers.length,
      baseEntries: c.baseIds.length,
      entries: appended.length,
      partitions: plan.partitions.map((p) => ({ relays: p.relays, fromMs: p.from, toMs: p.to, ...renamed(appendsAround(plan, p)) })),
      peerCuts: plan.peerCuts.length,
      healAtMs: opts.activeMs,
      converged: reached.all !== null,
      convergeAfterHealMs: after(reached.all),
      relaysConvergeAfterHealMs: after(reached.relays),
      peerReconnectMs: { max: reconnects.length === 0 ? null : Math.max(...reconnects), count: reconnects.length },
      convergeAfterHealWallMs: reached.allWall === null ? null : Math.round(reached.allWall - healWall),
      allEqual: held.hashes === 1,
      distinctStateHashes: held.hashes,
      missing: held.missing,
      extra: held.extra,
      stream: {
        messages: streamIds.length,
        distinct: streamSet.size,
        missing: [...expectedIds].filter((id) => !streamSet.has(id)).length,
        extra: streamIds.filter((id) => !expectedIds.has(id)).length,
        duplicatePublishes: hub.stream(c.workspaceId).duplicates,
        redeliveries: hub.stream(c.workspaceId).redeliveries(),
      },
      federation: {
        published: fed.reduce((n, s) => n + s.published, 0),
        received: fed.reduce((n, s) => n + s.received, 0),
        refused: fed.reduce((n, s) => n + s.refused, 0),
        unpublished: fed.reduce((n, s) => n + s.unpublished, 0),
      },
      unexpectedRejections: [...rejections, ...refusals].slice(0, 20),
      virtualEvents: time.events,
      wallMs: {
        setup: Math.round(setupMs),
        active: Math.round(healWall - activeStart),
        settle: Math.round(settleWall - healWall),
        verify: Math.round(verifyWall - settleWall),
        total: Math.round(verifyWall - started),
      },
      rssMB: Math.round(process.memoryUsage().rss / 1e6),
    };
  } finally {
    await cluster?.close();
    rmSync(root, { recursive: true, force: true });
  }
}

const renamed = (a: { inside: number; outside: number }) => ({ appendedInside: a.inside, appendedOutside: a.outside });
