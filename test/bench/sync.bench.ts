// Peer sync benchmarks (ARCHITECTURE.md "Sync"; issue 5, item 8). Two devices
// share a journal and each wrote new entries apart; they reconnect over
// loopback WebSockets. A runs in this process, B in its own process (the
// peer program of the multi-process tests), so each side verifies on its own
// core as two laptops would. In the same run the same data is reconciled by a
// naive full exchange, and live propagation is measured on the synced pair.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../../main/clock';
import { generateKeyPair, signerFromSeed } from '../../main/crypto';
import { SyncNode, WorkspaceJournal, type PeerSession } from '../../main/sync';
import { Workspace } from '../../main/workspace';
import type { Signer } from '../../shared/journal';
import { seqOf, type VersionVector } from '../../shared/sync';
import { makeDevice, type DeviceDirs } from '../integration/sync/process/fixture';
import { PeerProcess, withTimeout } from '../integration/sync/process/peerProcess';
import { QUICK, median, progress, round, targetMet, timed, type Target } from './harness';
import { rawVerifyRate, verifyBound } from './rawEd25519';
import { clientSocket, copyWorkspace, dialCounted, naiveExchange, twoJournals, type WireCount } from './syncWorkload';

const SIZES = QUICK ? { shared: 2_000, own: 500, live: 30 } : { shared: 100_000, own: 10_000, live: 200 };
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NAIVE_PEER = fileURLToPath(new URL('./naivePeer.ts', import.meta.url));

const newCount = (): WireCount => ({ framesOut: 0, framesIn: 0, bytesOut: 0, bytesIn: 0 });
const covers = (have: Readonly<VersionVector>, want: Readonly<VersionVector>) => Object.entries(want).every(([a, s]) => seqOf(have, a) >= s);
const union = (x: Readonly<VersionVector>, y: Readonly<VersionVector>): VersionVector => {
  const out: VersionVector = { ...x };
  for (const [a, s] of Object.entries(y)) out[a] = Math.max(s, seqOf(out, a));
  return out;
};

/**
 * A's journal, timing its imports (verify, store) and the fold of what they
 * left waiting (settle, once B's catch-up is complete): where convergence
 * time goes on this side.
 */
class TimedJournal extends WorkspaceJournal {
  importMs = 0;
  settleMs = 0;
  override import(wires: Parameters<WorkspaceJournal['import']>[0]): ReturnType<WorkspaceJournal['import']> {
    const start = performance.now();
    try {
      return super.import(wires);
    } finally {
      this.importMs += performance.now() - start;
    }
  }

  override settle(): void {
    const start = performance.now();
    try {
      super.settle();
    } finally {
      this.settleMs += performance.now() - start;
    }
  }
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

function figure(value: number, target: Target, extra: Record<string, unknown>): Record<string, unknown> {
  return { value: round(value, 2), target, met: targetMet(target, value), ...extra };
}

/** Bytes of the wire JSON of every entry `holder` has above `lacking`: what the other side was missing. */
function missingBytes(ws: Workspace, holder: Readonly<VersionVector>, lacking: Readonly<VersionVector>): { entries: number; bytes: number } {
  let entries = 0;
  let bytes = 0;
  for (const [author, top] of Object.entries(holder)) {
    for (const e of ws.store.entriesByAuthor(author, seqOf(lacking, author) + 1, top)) {
      entries += 1;
      bytes += Buffer.byteLength(JSON.stringify({ id: e.id, header: e.header, sig: e.sig, body: e.body }));
    }
  }
  return { entries, bytes };
}

async function syncRun(dirA: string, signerA: Signer, devB: DeviceDirs): Promise<Record<string, unknown>> {
  const verifyBefore = rawVerifyRate(QUICK);
  const b = new PeerProcess(devB);
  const bVv = (await b.started(60_000)).vv;
  const wsA = Workspace.open({ dir: dirA, clock: systemClock, signer: signerA });
  const journal = new TimedJournal(wsA);
  const aVv = journal.versionVector();
  const target = union(aVv, bVv);
  const node = new SyncNode({ journal, signer: signerA, clock: systemClock });
  const count = newCount();
  const before = { out: 0, in: 0 };
  let firstEntriesMs: number | null = null;
  let convergedMs: number | null = null;
  let session: PeerSession | null = null;
  let onAck: ((vv: VersionVector) => void) | null = null;
  let converged: () => void = () => undefined;
  let failed: (err: Error) => void = () => undefined;
  const done = new Promise<void>((resolve, reject) => {
    converged = resolve;
    failed = reject;
  });
  try {
    progress(`sync: A (this process) and B (child) reconnect: ${SIZES.shared} shared entries, ${SIZES.own} new on each side`);
    const t0 = performance.now();
    session = await dialCounted(node, b.url, count, {
      seen(dir, text) {
        if (firstEntriesMs !== null) {
          if (dir === 'in' && onAck !== null && text.startsWith('{"t":"ack"')) onAck((JSON.parse(text) as { vv: VersionVector }).vv);
          return;
        }
        if (text.startsWith('{"t":"entries"')) firstEntriesMs = performance.now() - t0;
        else before[dir] += 1;
      },
      after() {
        // Both hold everything: A its own journal, and B, by its acks, all that A had.
        if (convergedMs === null && session !== null && covers(journal.versionVector(), target) && covers(session.peerVersionVector, target)) {
          convergedMs = performance.now() - t0;
          converged();
        }
      },
    });
    const live = session;
    live.onClosed(() => failed(new Error(`session closed before convergence: ${String(live.closeReason)}`)));
    await withTimeout(done, 120_000, () => `convergence (A holds ${JSON.stringify(journal.versionVector())}, wants ${JSON.stringify(target)})`);
    const converge = { ...count };
    const sentAtConvergence = session.entriesSent;
    const importMsAtA = journal.importMs;
    const settleMsAtA = journal.settleMs;
    // The fold is part of converging: A must not be left with entries it has stored but not folded.
    if (wsA.foldPending) throw new Error('A converged with imported entries still waiting to be folded');
    const storedAtConvergence = session.progress.received;
    const ms = convergedMs ?? 0;
    const missingAtB = missingBytes(wsA, aVv, bVv);
    const missingAtA = missingBytes(wsA, bVv, aVv);
    const missing = { entries: missingAtA.entries + missingAtB.entries, bytes: missingAtA.bytes + missingAtB.bytes };
    const onWire = converge.bytesOut + converge.bytesIn;
    const roundTrips = Math.max(before.out, before.in);
    progress(`  converged in ${round(ms)} ms; ${onWire} bytes on the wire for ${missing.bytes} bytes of missing entries`);
    const verifyPerSec = Math.max(verifyBefore, rawVerifyRate(QUICK));
    const bound = verifyBound(ms, missing.entries, verifyPerSec);
    progress(
      `  ${String(bound.value)} x the verify-bound limit of ${String(bound.limitMs)} ms (${String(bound.cores)} cores, ${verifyPerSec} verifies/s each)`,
    );

    progress(`live: ${SIZES.live} appends on A, each until B's ack says it is stored`);
    const total: number[] = [];
    const push: number[] = [];
    for (let i = 0; i < SIZES.live; i++) {
      let stored: () => void = () => undefined;
      const acked = new Promise<void>((resolve) => (stored = resolve));
      const start = performance.now();
      const entry = journal.append('note.add', { text: `live note ${i}` });
      const appended = performance.now();
      onAck = (vv) => {
        if (seqOf(vv, signerA.publicKey) >= entry.header.seq) stored();
      };
      await withTimeout(acked, 10_000, () => `B to store live entry ${i}`);
      const end = performance.now();
      total.push(end - start);
      push.push(end - appended);
    }
    onAck = null;
    const far = await b.status();
    if (far.stateHash !== wsA.stateHash()) throw new Error(`A and B hold the same entries but their states differ (${wsA.stateHash()} vs ${far.stateHash})`);
    return {
      reconcile: {
        what:
          'reconnect after both wrote apart: handshake, version vectors, then exactly the missing entries both ways (A in this process, B in a ' +
          'child process)',
        sharedEntries: SIZES.shared,
        newEntriesEachSide: SIZES.own,
        entriesSentByA: sentAtConvergence,
        entriesStoredByA: storedAtConvergence,
        timeToConvergeMs: figure(
          ms,
          { metric: 'value', op: '<=', value: 2000 },
          {
            perSecond: round(missing.entries / (ms / 1000)),
            // B's new entries sort before A's own new ones: A stores each batch (verify, store) and folds
            // them all once B's catch-up is complete (settle: one rewind, one replay of what follows);
            // B's imports land at its tail and fold as they come.
            importMsAtA: round(importMsAtA),
            foldMsAtA: round(settleMsAtA),
            note: 'includes A folding what it received (the states of A and B are checked equal after the run)',
          },
        ),
        convergeVsVerifyBound: bound,
        roundTripsBeforeStreaming: figure(
          roundTrips,
          { metric: 'value', op: '<=', value: 3 },
          {
            protocolFramesBeforeFirstEntries: { sent: before.out, received: before.in },
            plusWebSocketUpgrade: roundTrips + 1,
            firstEntriesAfterMs: round(firstEntriesMs ?? 0, 2),
          },
        ),
        bytesOnWireVsMissing: figure(
          onWire / missing.bytes,
          { metric: 'value', op: '<=', value: 1.2 },
          {
            wireBytes: onWire,
            wireFrames: converge.framesOut + converge.framesIn,
            missingEntries: missing.entries,
            missingEntriesWireJsonBytes: missing.bytes,
            note: 'whole WebSocket frames (header + payload) both ways, from the first hello to convergence',
          },
        ),
      },
      live: {
        what: 'append on A (sign, fold, durable commit) until B\'s ack shows it verified and stored it (one loopback hop more than "stored on B")',
        appends: SIZES.live,
        appendToStoredMs: figure(
          percentile(total, 95),
          { metric: 'value', op: '<=', value: 50 },
          {
            p50: round(median(total), 2),
            p95: round(percentile(total, 95), 2),
            max: round(Math.max(...total), 2),
          },
        ),
        pushToStoredMs: { p50: round(median(push), 2), p95: round(percentile(push, 95), 2) },
      },
      wire: { ...converge, seconds: round(ms / 1000, 3) },
    };
  } finally {
    node.close();
    journal.stop();
    wsA.close();
    await b.quit();
  }
}

async function naiveRun(dirA: string, dirB: string): Promise<{ ms: number; wireBytes: number; storedByA: number; storedByB: number }> {
  progress("naive: the same data, each side sending its whole journal and importing the other's (duplicates skipped)");
  const child = spawn(process.execPath, ['--import', 'tsx', NAIVE_PEER, dirB], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<Record<string, number>> => {
    const line = await lines.next();
    if (line.done === true) throw new Error('naive peer exited early');
    return JSON.parse(line.value) as Record<string, number>;
  };
  const wsA = Workspace.open({ dir: dirA, clock: systemClock, signer: null });
  try {
    const { port } = await next();
    const count = newCount();
    const t0 = performance.now();
    const socket = clientSocket(`ws://127.0.0.1:${port}`);
    const result = await naiveExchange(socket, wsA, count, true);
    const ms = performance.now() - t0;
    const far = await next();
    socket.close();
    progress(`  ${round(ms)} ms, ${count.bytesOut + count.bytesIn} bytes on the wire`);
    return { ms, wireBytes: count.bytesOut + count.bytesIn, storedByA: result.stored, storedByB: far.stored ?? 0 };
  } finally {
    wsA.close();
    child.kill();
  }
}

export default async function syncBench(): Promise<Record<string, unknown>> {
  const tmp = mkdtempSync(join(tmpdir(), 'cp-bench-sync-'));
  const loadStart = loadavg()[0] ?? 0;
  try {
    const signerA = signerFromSeed(generateKeyPair().seed);
    const devB = await makeDevice(tmp, 'blake');
    progress(`sync: generating ${SIZES.shared} shared + 2 x ${SIZES.own} new entries (not measured)`);
    const gen = timed(() => twoJournals(tmp, signerA, devB, SIZES));
    const { dirA, dirB } = gen.result;
    const naiveA = copyWorkspace(dirA, join(tmp, 'naive-a'));
    const naiveB = copyWorkspace(dirB, join(tmp, 'naive-b'));
    const sync = await syncRun(dirA, signerA, devB);
    const naive = await naiveRun(naiveA, naiveB);
    const syncWire = sync.wire as { seconds: number; bytesOut: number; bytesIn: number };
    if (naive.storedByA !== SIZES.own || naive.storedByB !== SIZES.own)
      throw new Error(`naive exchange stored ${naive.storedByA} / ${naive.storedByB}, expected ${SIZES.own} each`);
    return {
      sync: {
        quick: QUICK,
        generationSeconds: round(gen.ms / 1000, 1),
        ...sync,
        naiveFullExchange: {
          what: 'same data, same two processes: each side sends its whole journal, the receiver imports it (verify, then skip duplicates)',
          seconds: round(naive.ms / 1000, 3),
          wireBytes: naive.wireBytes,
          timeRatioNaiveToSync: round(naive.ms / 1000 / syncWire.seconds, 1),
          bytesRatioNaiveToSync: round(naive.wireBytes / (syncWire.bytesOut + syncWire.bytesIn), 1),
        },
        loadAverage1m: { atStart: round(loadStart, 2), atEnd: round(loadavg()[0] ?? 0, 2), cpus: cpus().length },
      },
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
