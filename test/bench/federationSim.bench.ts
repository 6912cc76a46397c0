// Federation simulation (issue 15): 20 relays x 50 peers of one workspace,
// all in this process over the real journal, sync and federation code (each
// device a Workspace on SQLite), the hub stream and the links simulated on
// virtual time (test/support/federation/simulation.ts). Peers append at
// seeded moments while the hub cuts groups of relays off and peers lose
// their links; everything heals at the end of the active period, and the
// run reports how long after that every device held every entry, in
// virtual ms (what the protocols' own waits cost) and in wall ms (what one
// process took to do the work of 1,020 devices).
//
//   npm run -s bench -- federation-sim [--seed=N] [--relays=N] [--peers=N] [--entries=N] [--partitions=N] [--peer-cuts=N] [--active-s=N]
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { runSimulation } from '../support/federation/simulation';
import { QUICK, progress, round } from './harness';

const DEFAULTS = { seed: 15, relays: 20, peers: 50, entries: 200, partitions: 5, peerCuts: 20, activeS: 30 };
const QUICK_SIZES = { seed: 15, relays: 4, peers: 5, entries: 100, partitions: 3, peerCuts: 3, activeS: 20 };

/** A flag's value: a whole number, or the run would simulate something else than it reports. */
const Count = z.coerce.number().int().nonnegative();

function options(): typeof DEFAULTS {
  // run.ts passes its own argv through; only --name=value flags are ours (the rest name benchmarks).
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((a) => a.startsWith('--')),
    options: Object.fromEntries(['seed', 'relays', 'peers', 'entries', 'partitions', 'peer-cuts', 'active-s'].map((k) => [k, { type: 'string' as const }])),
    strict: false,
  });
  const base = QUICK ? QUICK_SIZES : DEFAULTS;
  const num = (flag: string, d: number): number => {
    if (values[flag] === undefined) return d;
    const parsed = Count.safeParse(values[flag]);
    if (!parsed.success) throw new Error(`--${flag}=${String(values[flag])}: ${parsed.error.issues[0]?.message ?? 'not a whole number'}`);
    return parsed.data;
  };
  return {
    seed: num('seed', base.seed),
    relays: Math.max(1, num('relays', base.relays)),
    peers: Math.max(1, num('peers', base.peers)),
    entries: num('entries', base.entries),
    partitions: num('partitions', base.partitions),
    peerCuts: num('peer-cuts', base.peerCuts),
    activeS: Math.max(1, num('active-s', base.activeS)),
  };
}

export default async function federationSimBench(): Promise<Record<string, unknown>> {
  const o = options();
  progress(`federation-sim: ${o.relays} relays x ${o.peers} peers, ${o.entries} entries, seed ${o.seed}`);
  const report = await runSimulation({
    seed: o.seed,
    relays: o.relays,
    peersPerRelay: o.peers,
    entries: o.entries,
    relayPartitions: o.partitions,
    peerCuts: o.peerCuts,
    activeMs: o.activeS * 1000,
    // Past the longest wait of the code under test (a delivery lost in a cut comes again after JetStream's 60 s ack wait).
    settleLimitMs: 300_000,
    progress,
  });
  const after = `${String(report.convergeAfterHealMs)} virtual ms after the heal (${String(report.convergeAfterHealWallMs)} ms wall)`;
  progress(`federation-sim: converged ${String(report.converged)}, ${after}`);
  return {
    federationSim: {
      what: 'virtual ms from the last heal until every relay and peer held every entry; wall ms for this process to compute it',
      ...report,
      convergeAfterHealS: report.convergeAfterHealMs === null ? null : round(report.convergeAfterHealMs / 1000, 2),
    },
  };
}
