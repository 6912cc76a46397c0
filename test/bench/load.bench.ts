// Relay load (issue 14, item 6): 20 peers, each its own process, write 50
// entries a second for 60 s through ONE relay (a `commandpost serve` host
// with peer sync), while 5 console clients hold the relay's API socket as
// browsers would. Reported: entries lost (every journal's entry ids against
// every id appended; must be 0), identical state hashes, propagation from the
// author's append to each other peer's store (p50/p99), the CPU the relay and
// peers used, and throughput. See loadCluster.ts for how the room is built.
//
//   npm run bench -- load [--peers=N] [--rate=N] [--seconds=N] [--consoles=N] [--tick-ms=N] [--settle-s=N]
//
// Flags shorten the run for development (BENCH_QUICK=1: 5 x 20/s x 5 s).
// The peers' clocks are one machine's: their times compare directly.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { QUICK, progress, round, targetMet, type Target } from './harness';
import { runLoad, type LoadResult } from './loadCluster';

// settleS: how long everything may take to arrive once the writing stopped (a shared machine starves the peers of CPU).
const DEFAULTS = QUICK
  ? { peers: 5, rate: 20, seconds: 5, consoles: 1, tickMs: 100, settleS: 120 }
  : { peers: 20, rate: 50, seconds: 60, consoles: 5, tickMs: 100, settleS: 900 };

const TARGETS = {
  lost: { metric: 'value', op: '<=', value: 0 },
} satisfies Record<string, Target>;

function options(): typeof DEFAULTS {
  // run.ts passes its own argv through; only --name=value flags are ours (the rest name benchmarks).
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((a) => a.startsWith('--')),
    options: {
      peers: { type: 'string' },
      rate: { type: 'string' },
      seconds: { type: 'string' },
      consoles: { type: 'string' },
      'tick-ms': { type: 'string' },
      'settle-s': { type: 'string' },
    },
    strict: false,
  });
  const num = (v: unknown, d: number) => (typeof v === 'string' ? Number(v) : d);
  return {
    peers: num(values.peers, DEFAULTS.peers),
    rate: num(values.rate, DEFAULTS.rate),
    seconds: num(values.seconds, DEFAULTS.seconds),
    consoles: num(values.consoles, DEFAULTS.consoles),
    tickMs: num(values['tick-ms'], DEFAULTS.tickMs),
    settleS: num(values['settle-s'], DEFAULTS.settleS),
  };
}

function percentiles(values: readonly number[]): Record<string, number> {
  const sorted = Float64Array.from(values).sort();
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
  return { samples: sorted.length, p50: round(at(50), 1), p90: round(at(90), 1), p99: round(at(99), 1), max: round(at(100), 1) };
}

function report(o: ReturnType<typeof options>, r: LoadResult, load: { atStart: number; atEnd: number }): Record<string, unknown> {
  const lost = r.holdings.reduce((n, h) => n + h.missing, 0);
  const hashes = new Set([...r.holdings.map((h) => h.stateHash), ...r.consoles.map((c) => c.stateHash)]);
  const cpuTotal = r.cpuSeconds.relay + r.cpuSeconds.peers + r.cpuSeconds.thisProcess;
  const deliveries = r.propagationMs.length;
  return {
    quick: QUICK,
    what:
      `${o.peers} peer processes x ${o.rate} entries/s x ${o.seconds} s through one relay (startHost with peer sync, own process), ` +
      `${o.consoles} console clients on its API socket; one transaction per peer every ${o.tickMs} ms`,
    expectedEntries: r.expectedEntries,
    appended: r.appended,
    settled: r.settled,
    entriesLost: {
      value: lost,
      target: TARGETS.lost,
      met: targetMet(TARGETS.lost, lost) && r.settled,
      journalsMissingEntries: r.holdings.filter((h) => h.missing > 0).map((h) => `${h.name}: ${h.missing}`),
      unexpectedEntries: r.holdings.reduce((n, h) => n + h.unexpected, 0),
      consolesMissingEntries: r.consoles.map((c) => c.missing),
      note: "every journal's entry ids (relay and peers, read after they closed) compared with every id any peer appended",
    },
    ...(r.logs !== null ? { logsWhenNotSettled: r.logs } : {}),
    identicalStateHashes: hashes.size === 1,
    distinctStateHashes: hashes.size,
    propagationMs: {
      what: "author asks to append -> each other peer's journal stored it (through the relay: two hops, two verifications)",
      ...percentiles(r.propagationMs),
    },
    consoleEventMs: { what: 'author asks to append -> state:changed with the entry at a console client', ...percentiles(r.consoleMs) },
    consoleEvents: r.consoles.map((c) => ({ events: c.events, megabytes: round(c.bytes / 1e6, 1) })),
    throughput: {
      appendSeconds: round(r.appendSeconds, 1),
      settleSeconds: round(r.settleSeconds, 1),
      appendedPerSecond: round(r.appended / r.appendSeconds),
      relayStoredPerSecond: round(r.appended / r.settleSeconds),
      peerDeliveriesPerSecond: round(deliveries / r.settleSeconds),
      note: 'per second of the run from the start signal to the moment every journal and console held everything',
    },
    cpu: {
      machineCores: cpus().length,
      coresUsed: round(cpuTotal / r.settleSeconds, 2),
      relayCores: round(r.cpuSeconds.relay / r.settleSeconds, 2),
      peersCores: round(r.cpuSeconds.peers / r.settleSeconds, 2),
      consoleClientsCores: round(r.cpuSeconds.thisProcess / r.settleSeconds, 2),
      loadAverage1m: load,
      note: 'CPU seconds (user + system) over the run / its wall seconds; the machine is shared, so figures are noisy',
    },
  };
}

export default async function loadBench(): Promise<Record<string, unknown>> {
  const o = options();
  const root = mkdtempSync(join(tmpdir(), 'cp-bench-load-'));
  const atStart = loadavg()[0] ?? 0;
  try {
    const r = await runLoad({ root, ...o, settleTimeoutMs: o.settleS * 1000, progress });
    return { load: report(o, r, { atStart: round(atStart, 2), atEnd: round(loadavg()[0] ?? 0, 2) }) };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
