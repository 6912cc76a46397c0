// Journal benchmarks (ARCHITECTURE.md, "Journal" and "Performance budget").
// Real files in a temp dir, real Ed25519 through the library the app loads
// (libsodium via sodium-native; node:crypto when it cannot load), the store's
// own durability settings (WAL, synchronous=FULL). Every throughput figure is
// set against a raw primitive rate of the same library measured in this same
// run; all-cores figures against cores x that rate (rawEd25519.ts).
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type { JsonValue } from '../../shared/canonical';
import type { EntryDraft } from '../../shared/entries';
import { checkEntryExceptSignature, compareOrder, orderKeyOf, signEntry, verifyEntry, type Entry } from '../../shared/journal';
import { FOLD_VERSION, Projector, applyEntry, emptyState, stateHash } from '../../shared/state';
import { ed25519Implementation, generateKeyPair, nodeCrypto, signerFromSeed, verifySignaturesParallel } from '../../main/crypto';
import { systemClock } from '../../main/clock';
import { JournalStore, SCHEMA_VERSION, exportJsonl, readJsonl, verifyEntries, verifyEntriesParallel, type VerifyFailure } from '../../main/journal';
import { JOURNAL_FILE, Workspace, loadDemo, resourcesDir } from '../../main/workspace';
import { MIX, Workload, workloadContext } from './workload';
import { allCores, rawRates } from './rawEd25519';
import { QUICK, measureRate, median, progress, rateFigure, rebase, round, targetMet, timed, timedAsync, type Target } from './harness';

const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const SIZES = QUICK
  ? {
      baselineMs: 400,
      warmupMs: 100,
      batched: 5_000,
      batch1Max: 200,
      batch1MaxMs: 1_000,
      storeAppend: 5_000,
      signOnly: 2_000,
      verifyMin: 5_000,
      big: 50_000,
      bigBatch: 5_000,
      opens: 3,
    }
  : {
      baselineMs: 2_000,
      warmupMs: 500,
      batched: 25_000,
      batch1Max: 2_000,
      batch1MaxMs: 5_000,
      storeAppend: 25_000,
      signOnly: 10_000,
      verifyMin: 50_000,
      big: 1_000_000,
      bigBatch: 5_000,
      opens: 3,
    };

/** Bump when the generated 1M journal's shape changes; part of the cache key. v3: the creator's seed is kept (SIGNER_SEED_FILE). */
const BIG_DATA_VERSION = 'v3';
/** The big workspace creator's (admin's) key seed, kept beside the cached journal so the append benchmark can write to a copy. A bench-only key. */
const SIGNER_SEED_FILE = 'signer-seed';

type Drafts = ReadonlyArray<{ kind: string; body: JsonValue }>;
const asItems = (drafts: EntryDraft[]): Drafts => drafts as unknown as Drafts;

// ---------------------------------------------------------------- baselines

interface Rate {
  ops: number;
  seconds: number;
  perSec: number;
}

interface Baselines {
  messageBytes: number;
  /** The library the app signs and verifies with in this process (libsodium when sodium-native loads). */
  ed25519Sign: Rate;
  ed25519Verify: Rate;
  /** node:crypto, the fallback: a secondary figure. */
  ed25519SignNodeCrypto: Rate;
  ed25519VerifyNodeCrypto: Rate;
  sqliteInsert1000PerTxn: Rate;
  sqliteInsert1PerTxn: Rate;
}

function baselines(when: string, tmp: string): Baselines {
  const used = ed25519Implementation();
  progress(`baselines (${when}): Ed25519 sign/verify raw, ${used} and node:crypto, 300-byte messages, ${SIZES.baselineMs} ms each`);
  const opts = { warmupMs: SIZES.warmupMs, minMs: SIZES.baselineMs };
  const node = rawRates('node:crypto', opts)!;
  const lib = used === 'node:crypto' ? node : rawRates(used, opts)!;
  progress(`  ${used}: sign ${lib.sign.perSec}/s, verify ${lib.verify.perSec}/s; node:crypto: sign ${node.sign.perSec}/s, verify ${node.verify.perSec}/s`);

  // Raw better-sqlite3 inserts shaped like journal rows (random 64-hex UNIQUE id, ~900-byte row),
  // WAL + synchronous=FULL as the store sets them.
  progress(`baselines (${when}): better-sqlite3 insert, WAL, synchronous=FULL, ${SIZES.baselineMs} ms each`);
  const file = join(tmp, `sqlite-baseline-${when}.sqlite`);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE t (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, payload TEXT NOT NULL) STRICT');
  const insert = db.prepare('INSERT INTO t (id, payload) VALUES (?, ?)');
  const payload = 'x'.repeat(900);
  const ids = Array.from({ length: 4096 }, () => randomBytes(32).toString('hex'));
  let serial = 0;
  const rows = db.transaction((n: number) => {
    for (let k = 0; k < n; k++) insert.run(`${ids[serial & 4095]!.slice(0, 56)}${(serial++).toString(16).padStart(8, '0')}`, payload);
  });
  const many = measureRate(() => rows(1000), { warmupMs: SIZES.warmupMs, minMs: SIZES.baselineMs, chunk: 1 });
  const one = measureRate(() => rows(1), { warmupMs: SIZES.warmupMs, minMs: SIZES.baselineMs, chunk: 16 });
  db.close();
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  const sqlite1000 = { ops: many.ops * 1000, seconds: many.seconds, perSec: round(many.perSec * 1000) };
  progress(`  ${sqlite1000.perSec} rows/s at 1,000 rows per transaction, ${one.perSec} rows/s at 1 row per transaction`);
  return {
    messageBytes: 300,
    ed25519Sign: lib.sign,
    ed25519Verify: lib.verify,
    ed25519SignNodeCrypto: node.sign,
    ed25519VerifyNodeCrypto: node.verify,
    sqliteInsert1000PerTxn: sqlite1000,
    sqliteInsert1PerTxn: one,
  };
}

/**
 * A short measurement of one raw primitive right before a section, so a
 * figure can also be read against the machine's speed at that moment (the
 * machine is shared; load changes during a run).
 */
function adjacentRate(kind: 'sign' | 'verify'): number {
  const rates = rawRates(ed25519Implementation(), { warmupMs: 200, minMs: Math.min(1000, SIZES.baselineMs) / 2 })!;
  return rates[kind].perSec;
}

function withAdjacent(fig: Record<string, unknown>, perSec: number): Record<string, unknown> {
  fig.adjacentBaselinePerSec = perSec;
  fig.adjacentRatio = round((fig.perSec as number) / perSec, 3);
  return fig;
}

// ---------------------------------------------------------------- append

interface AppendOutcome {
  results: Record<string, unknown>;
  /** The workspace the append benchmark filled (closed), for the verify benchmark. */
  exportFile: string;
  exportedEntries: number;
  expectedStateHash: string;
  exportMs: number;
}

async function appendBench(tmp: string, base: Baselines): Promise<AppendOutcome> {
  const signBase = { name: 'baselines.ed25519Sign.perSec', perSec: base.ed25519Sign.perSec };
  const dir = join(tmp, 'append-ws');
  const signer = signerFromSeed(generateKeyPair().seed);
  const ws = Workspace.create({ dir, name: 'Bench append', creatorName: 'Bench', signer, clock: systemClock });
  loadDemo(ws, resourcesDir(), systemClock);
  const durability = {
    journalMode: ws.store.db.pragma('journal_mode', { simple: true }),
    synchronous: ws.store.db.pragma('synchronous', { simple: true }) === 2 ? 'FULL' : ws.store.db.pragma('synchronous', { simple: true }),
  };
  const work = new Workload(ws.state, 1);
  const checkpointRowid = (): number => (ws.store.db.prepare('SELECT max_rowid AS r FROM checkpoint').get() as { r: number } | undefined)?.r ?? 0;

  // Warm-up: JIT, statement caches, the first checkpoint of the demo state.
  for (let i = 0; i < 2; i++) work.stored(ws.appendMany(work.batch(1000)));

  const signNow = adjacentRate('sign');
  progress(`append: Workspace.appendMany, ${SIZES.batched} entries in batches of 1,000 (sign rate just before: ${signNow}/s)`);
  const batchMs: number[] = [];
  let headerBytes = 0;
  let bodyBytes = 0;
  let checkpoints = 0;
  let lastCp = checkpointRowid();
  for (let done = 0; done < SIZES.batched; done += 1000) {
    const drafts = work.batch(1000);
    const t = timed(() => ws.appendMany(drafts));
    batchMs.push(t.ms);
    work.stored(t.result);
    const cp = checkpointRowid();
    if (cp !== lastCp) checkpoints += 1;
    lastCp = cp;
    if (done === 0) {
      for (const e of t.result) {
        headerBytes += JSON.stringify(e.header).length;
        bodyBytes += JSON.stringify(e.body).length;
      }
    }
  }
  const batchedMs = batchMs.reduce((a, b) => a + b, 0);
  const batched = rateFigure(
    'Workspace.appendMany, 1,000 entries per transaction (sign + fold + store, durable)',
    SIZES.batched,
    batchedMs,
    signBase,
    {
      metric: 'ratio',
      op: '>=',
      value: 0.5,
    },
    {
      batchMs: { median: round(median(batchMs)), max: round(Math.max(...batchMs)) },
      checkpointsWrittenDuringRun: checkpoints,
    },
  );
  withAdjacent(batched, signNow);
  progress(`  ${batched.perSec} entries/s (ratio to the sign rate just before: ${batched.adjacentRatio})`);

  // The bulk path: the same batches, signed on all cores (Workspace.appendManyParallel).
  progress(`append: Workspace.appendManyParallel, ${SIZES.batched} entries in batches of 1,000 (signing on worker threads)`);
  work.stored(await ws.appendManyParallel(work.batch(1000))); // warm-up: starts the signing pool
  const parallelMs: number[] = [];
  for (let done = 0; done < SIZES.batched; done += 1000) {
    const drafts = work.batch(1000);
    const t = await timedAsync(() => ws.appendManyParallel(drafts));
    parallelMs.push(t.ms);
    work.stored(t.result);
  }
  const parallel = rateFigure(
    'Workspace.appendManyParallel, 1,000 entries per transaction (signatures on all cores, then fold + store, durable)',
    SIZES.batched,
    parallelMs.reduce((a, b) => a + b, 0),
    signBase,
    { metric: 'ratio', op: '>=', value: 0.5 },
    { batchMs: { median: round(median(parallelMs)), max: round(Math.max(...parallelMs)) }, cores: cpus().length },
  );
  withAdjacent(parallel, signNow);
  progress(`  ${parallel.perSec} entries/s (ratio to the sign rate just before: ${parallel.adjacentRatio})`);

  progress(`append: batch size 1 (one transaction per entry), up to ${SIZES.batch1Max} entries or ${SIZES.batch1MaxMs} ms`);
  let single = 0;
  let singleMs = 0;
  while (single < SIZES.batch1Max && singleMs < SIZES.batch1MaxMs) {
    const drafts = work.batch(1);
    const t = timed(() => ws.appendMany(drafts));
    singleMs += t.ms;
    work.stored(t.result);
    single += 1;
  }
  const batch1 = rateFigure('Workspace.appendMany, 1 entry per transaction (durable)', single, singleMs, signBase, null);
  progress(`  ${batch1.perSec} entries/s`);

  // The journal store alone: sign + insert, no fold, no checkpoints. Its own file.
  progress(`append: JournalStore.append (no fold), ${SIZES.storeAppend} entries in batches of 1,000`);
  const store = JournalStore.open(join(tmp, 'store-only.sqlite'), nodeCrypto, { create: true });
  const storeSigner = signerFromSeed(generateKeyPair().seed);
  const storeWork = new Workload(ws.state, 2);
  store.append(ws.id, storeSigner, systemClock, asItems(storeWork.batch(1000))); // warm-up
  let storeMs = 0;
  for (let done = 0; done < SIZES.storeAppend; done += 1000) {
    const items = asItems(storeWork.batch(1000));
    storeMs += timed(() => store.append(ws.id, storeSigner, systemClock, items)).ms;
  }
  store.close();
  const storeOnly = rateFigure('JournalStore.append, 1,000 entries per transaction (sign + store, no fold)', SIZES.storeAppend, storeMs, signBase, null);
  progress(`  ${storeOnly.perSec} entries/s`);

  // Attribution: signEntry alone (canonical JSON + 2x SHA-256 + Ed25519), no database.
  const signWork = new Workload(ws.state, 3);
  const drafts = signWork.batch(SIZES.signOnly);
  const signOnly = timed(() => {
    let prev: string | null = null;
    let seq = 0;
    for (const d of drafts) {
      seq += 1;
      const e: Entry = signEntry(
        nodeCrypto,
        storeSigner,
        { ws: ws.id, seq, prev, hlc: { wall: 1_700_000_000_000, count: seq }, kind: d.kind },
        d.body as JsonValue,
      );
      prev = e.id;
    }
  });
  const signEntryOnly = rateFigure('signEntry alone (canonical JSON, 2x SHA-256, Ed25519; no database)', SIZES.signOnly, signOnly.ms, signBase, null);

  // Top up to the size the verify benchmark needs (not timed).
  while (ws.store.count() < SIZES.verifyMin) work.stored(ws.appendMany(work.batch(1000)));
  const exportFile = join(tmp, 'export.jsonl');
  const exp = timed(() => exportJsonl(ws.store, exportFile));
  const expectedStateHash = ws.stateHash();
  ws.close();

  return {
    results: {
      workload: {
        mix: MIX,
        note: 'realistic traffic against the demo workspace; every entry valid under the fold',
        avgHeaderBytes: round(headerBytes / 1000),
        avgBodyBytes: round(bodyBytes / 1000),
        durability,
      },
      batched1000: batched,
      batched1000Parallel: parallel,
      batch1: withAdjacent(batch1, signNow),
      storeAppendNoFold: withAdjacent(storeOnly, signNow),
      signEntryOnly: withAdjacent(signEntryOnly, signNow),
    },
    exportFile,
    exportedEntries: exp.result,
    expectedStateHash,
    exportMs: exp.ms,
  };
}

// ---------------------------------------------------------------- verify

/** The baseline of the all-cores verify figures: cores x the raw single-thread verify rate of the same library. */
const ALL_CORES_VERIFY = 'baselines.ed25519VerifyAllCores.perSec';

async function verifyBench(app: AppendOutcome, base: Baselines): Promise<Record<string, unknown>> {
  const verifyBase = { name: 'baselines.ed25519Verify.perSec', perSec: base.ed25519Verify.perSec };
  const allCoresBase = { name: ALL_CORES_VERIFY, perSec: allCores(base.ed25519Verify.perSec).perSec };
  const n = app.exportedEntries;
  const verifyNow = adjacentRate('verify');
  progress(`verify: readJsonl + verifyEntries over an export of ${n} entries (verify rate just before: ${verifyNow}/s)`);
  const failures: VerifyFailure[] = [];
  const read = await timedAsync(() => readJsonl(app.exportFile, (f) => failures.push(f)));
  const ver = timed(() => verifyEntries(nodeCrypto, read.result, failures));
  const report = ver.result;
  if (report.failures.length > 0) throw new Error(`verify: the export failed verification: ${report.failures[0]?.reason}`);
  const full = rateFigure(
    'readJsonl + verifyEntries (parse, schema, signatures, hashes, chains, fold)',
    n,
    read.ms + ver.ms,
    verifyBase,
    {
      metric: 'ratio',
      op: '>=',
      value: 0.8,
    },
    {
      readJsonlMs: round(read.ms),
      verifyEntriesMs: round(ver.ms),
      stateHashMatchesWorkspace: report.stateHash === app.expectedStateHash,
      rejectedInvalid: report.rejectedInvalid.length,
    },
  );
  withAdjacent(full, verifyNow);
  progress(`  full pipeline ${full.perSec} entries/s (ratio to the verify rate just before: ${full.adjacentRatio})`);

  // What `commandpost journal verify` runs: the same checks, signatures on all cores.
  progress('verify: readJsonl + verifyEntriesParallel (signatures on worker threads; the CLI path)');
  const failuresP: VerifyFailure[] = [];
  const readP = await timedAsync(() => readJsonl(app.exportFile, (f) => failuresP.push(f)));
  const verP = await timedAsync(() => verifyEntriesParallel(nodeCrypto, readP.result, failuresP));
  if (verP.result.failures.length > 0) throw new Error(`verify: the export failed parallel verification: ${verP.result.failures[0]?.reason}`);
  const parallel = rateFigure(
    'readJsonl + verifyEntriesParallel (as above, Ed25519 checks on all cores), against cores x the raw single-thread verify rate',
    n,
    readP.ms + verP.ms,
    allCoresBase,
    {
      metric: 'ratio',
      op: '>=',
      value: 0.8,
    },
    {
      readJsonlMs: round(readP.ms),
      verifyEntriesParallelMs: round(verP.ms),
      cores: cpus().length,
      stateHashMatchesWorkspace: verP.result.stateHash === app.expectedStateHash,
    },
  );
  withAdjacent(parallel, allCores(verifyNow).perSec);
  progress(`  parallel pipeline ${parallel.perSec} entries/s (ratio to cores x the verify rate just before: ${parallel.adjacentRatio})`);

  // The worker pool alone: prepared signatures, no parsing or fold, on all cores.
  const rawChecks = read.result.slice(0, Math.min(n, 50_000)).map(({ wire }) => {
    const c = checkEntryExceptSignature(nodeCrypto, wire);
    return { publicKey: c.entry.header.author, message: c.headerBytes, signature: c.signature };
  });
  progress(`verify: verifySignaturesParallel over ${rawChecks.length} prepared signatures (the worker pool alone)`);
  const pool = await timedAsync(() => verifySignaturesParallel(rawChecks));
  if (pool.result.some((ok) => !ok)) throw new Error('verify: the worker pool refused a valid signature');
  const poolFig = rateFigure(
    'verifySignaturesParallel (worker threads, one per core, including their start), against cores x the raw single-thread verify rate',
    rawChecks.length,
    pool.ms,
    allCoresBase,
    { metric: 'ratio', op: '>=', value: 0.8 },
    { cores: allCores(1).cores, library: ed25519Implementation() },
  );
  progress(`  pool ${poolFig.perSec} signatures/s (ratio ${poolFig.ratio})`);

  progress('verify: verifyEntry per entry (signature + id + body hash only)');
  const pure = timed(() => read.result.map(({ wire, line }) => verifyEntry(nodeCrypto, wire, line)));
  const pureFig = rateFigure('verifyEntry per entry (header schema, id, Ed25519, body hash)', n, pure.ms, verifyBase, null);
  withAdjacent(pureFig, verifyNow);
  progress(`  pure ${pureFig.perSec} entries/s (ratio to the verify rate just before: ${pureFig.adjacentRatio})`);

  // Attribution of the rest of verifyEntries: the authorization fold alone, in total order.
  const foldOnly = timed(() => {
    const state = emptyState();
    const ordered = [...pure.result].sort((a, b) => compareOrder(orderKeyOf(a.header), orderKeyOf(b.header)));
    for (const e of ordered) applyEntry(state, e, nodeCrypto);
    return stateHash(nodeCrypto, state);
  });

  // Attribution of the parse phase: bare JSON.parse of every line.
  const text = readFileSync(app.exportFile, 'utf8');
  const parseOnly = timed(() => {
    let k = 0;
    for (const line of text.split('\n')) if (line !== '') k += (JSON.parse(line) as unknown) === null ? 0 : 1;
    return k;
  });

  return {
    entries: n,
    exportBytes: statSync(app.exportFile).size,
    exportMs: round(app.exportMs),
    fullPipeline: full,
    fullPipelineParallel: parallel,
    signaturesParallel: poolFig,
    signatureAndHashOnly: pureFig,
    breakdownMs: {
      readJsonl: round(read.ms),
      ofWhichBareJsonParse: round(parseOnly.ms),
      verifyEntriesTotal: round(ver.ms),
      ofWhichVerifyEntry: round(pure.ms),
      ofWhichSortFoldAndStateHash: round(foldOnly.ms),
      ofWhichChainsAndRedactionsRemainder: round(ver.ms - pure.ms - foldOnly.ms),
      note:
        'the ofWhich parts are measured in separate passes over the same entries; the remainder is an estimate (negative: the passes differed ' +
        'by run-to-run noise)',
    },
  };
}

// ---------------------------------------------------------------- 1M workspace

interface BigMeta {
  key: string;
  entries: number;
  authors: number;
  generatedAt: string;
  method: string;
  writers: { entries: number; seconds: number; perSec: number; perSecPer100k: number[] }[];
  mergeSeconds: number;
  totalSeconds: number;
  /** checkpointFingerprint() of the code that wrote the checkpoint now stored, if any. */
  checkpointFingerprint?: string;
}

interface BigDataset {
  dir: string;
  meta: BigMeta;
  reused: boolean;
  staleRemoved: string[];
}

/** SHA-256 over the named source files and folders (recursively), to notice edits that change a format. */
function sourceFingerprint(paths: readonly string[]): string {
  const hash = createHash('sha256');
  const visit = (rel: string): void => {
    const abs = join(REPO_ROOT, rel);
    if (!existsSync(abs)) return;
    if (statSync(abs).isDirectory()) {
      for (const name of readdirSync(abs).sort()) visit(join(rel, name));
    } else if (rel.endsWith('.ts')) {
      hash.update(`${rel}\0`).update(readFileSync(abs)).update('\0');
    }
  };
  for (const p of paths) visit(p);
  return hash.digest('hex').slice(0, 12);
}

/** The stored rows depend on the schema; a migration edited in place must not reuse an old file. */
function bigKey(): string {
  return `journal-${BIG_DATA_VERSION}-n${SIZES.big}-schema${SCHEMA_VERSION}-${sourceFingerprint(['main/journal/migrations'])}`;
}

/**
 * What a persisted checkpoint's content depends on. A checkpoint written by
 * other fold code is not trusted even when FOLD_VERSION did not change: it is
 * deleted and rewritten by the no-checkpoint open (which is measured anyway).
 */
function checkpointFingerprint(): string {
  return `fold${FOLD_VERSION}-${sourceFingerprint(['shared/state', 'shared/entries', 'main/journal/checkpointStore.ts', 'main/workspace/workspace.ts'])}`;
}

/** The cached 1M-entry workspace: reused when present, generated (and cached) when not. */
async function prepareBig(): Promise<BigDataset> {
  const cacheRoot = join(REPO_ROOT, 'bench-results', 'cache');
  const key = bigKey();
  const cacheDir = join(cacheRoot, key);
  mkdirSync(cacheRoot, { recursive: true });
  const staleRemoved: string[] = [];
  for (const name of readdirSync(cacheRoot)) {
    // Other keys of the same size are outdated versions (or interrupted generations): they only take disk space.
    if (name !== key && name.startsWith('journal-') && name.includes(`-n${SIZES.big}-`)) {
      rmSync(join(cacheRoot, name), { recursive: true, force: true });
      staleRemoved.push(name);
    }
  }
  const reused = existsSync(join(cacheDir, 'meta.json'));
  if (reused) progress(`big: reusing cached ${SIZES.big}-entry workspace ${cacheDir}`);
  else await generateBig(cacheDir, key);
  const meta = JSON.parse(readFileSync(join(cacheDir, 'meta.json'), 'utf8')) as BigMeta;
  return { dir: join(cacheDir, 'ws'), meta, reused, staleRemoved };
}

function checkpointState(file: string): 'current' | 'stale' | 'none' {
  const db = new Database(file, { fileMustExist: true });
  try {
    const cp = db.prepare('SELECT fold_version, max_rowid FROM checkpoint WHERE id = 1').get() as { fold_version: number; max_rowid: number } | undefined;
    const max = (db.prepare('SELECT COALESCE(MAX(rowid), 0) AS n FROM entries').get() as { n: number }).n;
    if (cp === undefined) return 'none';
    return cp.fold_version === FOLD_VERSION && cp.max_rowid === max ? 'current' : 'stale';
  } finally {
    db.close();
  }
}

interface GenResult {
  entries: number;
  ms: number;
  segmentPerSec: number[];
}

function genInChild(args: string[], seed: string): Promise<GenResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(BENCH_DIR, 'genChild.ts'), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, BENCH_SIGNER_SEED: seed },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`genChild exited with ${code}`));
      else resolve(JSON.parse(out.trim().split('\n').pop()!) as GenResult);
    });
  });
}

/**
 * Generate the big journal quickly, with real signatures and durable commits
 * through the store's own code: the demo set-up goes through the Workspace
 * (which also puts a second device on the roster), then two writer processes
 * (one per core) each append half through JournalStore.append in batches of
 * 5,000, the first into the workspace's journal, the second into a file of its
 * own whose rows are then merged in (what sync would have stored). No
 * checkpoint is written here: the first no-checkpoint open writes it (every
 * item once; later checkpoints write only the items changed since).
 */
async function generateBig(cacheDir: string, key: string): Promise<void> {
  const started = performance.now();
  const partial = `${cacheDir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  const wsDir = join(partial, 'ws');
  const file = join(wsDir, JOURNAL_FILE);
  progress(`big: generating a ${SIZES.big}-entry workspace with two writer processes (cached afterwards under ${cacheDir})`);
  const seedA = generateKeyPair().seed;
  const keyB = generateKeyPair();
  const ws = Workspace.create({ dir: wsDir, name: 'Bench 1M', creatorName: 'Bench device A', signer: signerFromSeed(seedA), clock: systemClock });
  loadDemo(ws, resourcesDir(), systemClock);
  ws.append('roster.memberPut', { member: keyB.publicKey, name: 'Bench device B', roles: ['responder'], teams: ['platform'] });
  const contextA = join(partial, 'context-a.json');
  const contextB = join(partial, 'context-b.json');
  writeFileSync(contextA, JSON.stringify(workloadContext(ws.state)));
  // The second writer never touches the demo tasks, so the two chains never race on one task.
  writeFileSync(contextB, JSON.stringify(workloadContext(ws.state, { withTasks: false })));
  const id = ws.id;
  const remaining = SIZES.big - ws.store.count();
  ws.close();
  // Stale from the first bulk batch on; the first open refolds and writes a fresh one.
  const db = new Database(file, { fileMustExist: true });
  db.exec('DELETE FROM checkpoint');
  db.close();

  const half = Math.floor(remaining / 2);
  const fileB = join(partial, 'writer-b.sqlite');
  const batch = String(SIZES.bigBatch);
  const [a, b] = await Promise.all([
    genInChild([file, id, contextA, String(remaining - half), batch, '7'], seedA),
    genInChild([fileB, id, contextB, String(half), batch, '8', '--create'], keyB.seed),
  ]);

  progress("  merging the second writer's rows into the workspace journal");
  const merge = timed(() => {
    const main = new Database(file, { fileMustExist: true });
    try {
      const columns = (main.pragma('table_info(entries)') as { name: string }[]).map((c) => c.name).filter((c) => c !== 'rowid');
      const list = columns.join(', ');
      main.exec(`ATTACH DATABASE '${fileB.replaceAll("'", "''")}' AS b`);
      main.transaction(() => main.exec(`INSERT INTO main.entries (${list}) SELECT ${list} FROM b.entries ORDER BY rowid`))();
      main.exec('DETACH DATABASE b');
      return (main.prepare('SELECT count(*) AS n FROM entries').get() as { n: number }).n;
    } finally {
      main.close();
    }
  });
  rmSync(fileB, { force: true });
  for (const f of [contextA, contextB]) rmSync(f, { force: true });
  if (merge.result !== SIZES.big) throw new Error(`big: generated ${merge.result} entries, expected ${SIZES.big}`);

  const writer = (r: GenResult) => ({
    entries: r.entries,
    seconds: round(r.ms / 1000),
    perSec: round(r.entries / (r.ms / 1000)),
    perSecPer100k: r.segmentPerSec,
  });
  const meta: BigMeta = {
    key,
    entries: merge.result,
    authors: 2,
    generatedAt: new Date().toISOString(),
    method:
      'Workspace.create + loadDemo + roster.memberPut (device B); then two processes in parallel, each JournalStore.append in batches of 5,000 ' +
      '(real Ed25519, durable commits; generation connection with cache_size 128 MiB); rows of B merged into A by INSERT ... SELECT; checkpoint ' +
      'written by the first open',
    writers: [writer(a), writer(b)],
    mergeSeconds: round(merge.ms / 1000),
    totalSeconds: round((performance.now() - started) / 1000),
  };
  writeFileSync(join(partial, SIGNER_SEED_FILE), seedA);
  writeFileSync(join(partial, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
  rmSync(cacheDir, { recursive: true, force: true });
  renameSync(partial, cacheDir);
  progress(`  generated in ${meta.totalSeconds} s`);
}

interface ChildResult {
  openMs: number;
  stateReadyMs: number;
  totalMs: number;
  startupMs: number;
  services: number;
  stateSections: Record<string, number>;
  rejected: number;
  applied: number;
  entries: number;
  rssMB: number;
  checkpointMs?: number;
  processWallMs: number;
}

function openInChild(dir: string, flags: string[] = []): ChildResult {
  const start = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(BENCH_DIR, 'openChild.ts'), dir, ...flags], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
    timeout: 10 * 60_000,
  });
  const wall = performance.now() - start;
  if (r.status !== 0) throw new Error(`openChild failed (status ${r.status}): ${r.stderr || r.error?.message}`);
  const lines = r.stdout.trim().split('\n');
  return { ...(JSON.parse(lines[lines.length - 1]!) as Omit<ChildResult, 'processWallMs'>), processWallMs: wall };
}

function checkpointBytes(file: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    // The projection is kept as one row per item (migration 005).
    return (db.prepare('SELECT COALESCE(SUM(length(value)), 0) AS n FROM projection_rows').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

function openBench(tmp: string, big: BigDataset): Record<string, unknown> {
  const file = join(big.dir, JOURNAL_FILE);

  // 1. Without a checkpoint: a full refold (plus writing a fresh checkpoint), in a child process.
  //    A journal without a usable checkpoint (freshly generated, or written by other fold code)
  //    is measured in place and gains its checkpoint that way; otherwise a copy is measured.
  const fingerprint = checkpointFingerprint();
  let checkpointRewrittenBecause: string | null = null;
  if (checkpointState(file) === 'none') checkpointRewrittenBecause = 'freshly generated journal';
  else if (big.meta.checkpointFingerprint !== fingerprint || checkpointState(file) !== 'current') {
    checkpointRewrittenBecause = 'checkpoint written by other fold/state code (source fingerprint changed)';
    const db = new Database(file, { fileMustExist: true });
    db.exec('DELETE FROM checkpoint');
    db.close();
  }
  const before = checkpointState(file);
  let noCp: ChildResult;
  let noCpOn: string;
  if (before === 'none') {
    progress(`open: without a checkpoint (in place: ${checkpointRewrittenBecause}), one child run`);
    noCp = openInChild(big.dir, ['--time-checkpoint']);
    noCpOn = `the cached journal itself (${checkpointRewrittenBecause})`;
  } else {
    progress('open: without a checkpoint (copy of the journal, DELETE FROM checkpoint), one child run');
    const copyDir = join(tmp, 'nocheckpoint-ws');
    mkdirSync(copyDir, { recursive: true });
    for (const suffix of ['', '-wal', '-shm']) {
      if (existsSync(`${file}${suffix}`)) copyFileSync(`${file}${suffix}`, join(copyDir, `${JOURNAL_FILE}${suffix}`));
    }
    const db = new Database(join(copyDir, JOURNAL_FILE), { fileMustExist: true });
    db.exec('DELETE FROM checkpoint');
    db.close();
    noCp = openInChild(copyDir, ['--time-checkpoint']);
    noCpOn = 'a copy of the cached journal with its checkpoint row deleted';
    rmSync(copyDir, { recursive: true, force: true });
  }
  progress(`  ${Math.round(noCp.totalMs)} ms (a second checkpoint with nothing changed: ~${Math.round(noCp.checkpointMs ?? 0)} ms)`);

  // 2. The measured open must take the checkpoint path: make sure the checkpoint covers every row.
  let checkpointRefreshed = false;
  if (checkpointState(file) !== 'current') {
    progress('open: checkpoint missing or stale; refreshing it (not timed)');
    Workspace.open({ dir: big.dir, clock: systemClock }).close();
    checkpointRefreshed = true;
    if (checkpointState(file) !== 'current') throw new Error('open: could not write a current checkpoint');
  }
  if (big.meta.checkpointFingerprint !== fingerprint) {
    big.meta.checkpointFingerprint = fingerprint;
    writeFileSync(join(big.dir, '..', 'meta.json'), `${JSON.stringify(big.meta, null, 2)}\n`);
  }

  // 3. Cold opens on the checkpoint path, each in a fresh process.
  progress(`open: ${SIZES.opens} cold opens in child processes (checkpoint path)`);
  const runs: ChildResult[] = [];
  for (let i = 0; i < SIZES.opens; i++) {
    const r = openInChild(big.dir);
    runs.push(r);
    progress(`  run ${i + 1}: ${Math.round(r.totalMs)} ms (process wall ${Math.round(r.processWallMs)} ms)`);
  }
  const first = runs[0]!;
  const med = median(runs.map((r) => r.totalMs));
  const target: Target = { metric: 'medianMs', op: '<=', value: 1500 };
  return {
    what: 'Workspace.open + ws.state + Object.keys(ws.state.services).length, in a fresh child process (OS page cache warm)',
    entries: first.entries,
    datasetReused: big.reused,
    dataset: {
      cacheKey: big.meta.key,
      generatedAt: big.meta.generatedAt,
      authors: big.meta.authors,
      method: big.meta.method,
      generationSeconds: big.meta.totalSeconds,
      generationWriters: big.meta.writers,
      generationMergeSeconds: big.meta.mergeSeconds,
      staleCachesRemoved: big.staleRemoved,
      checkpointRewrittenBecause,
      checkpointRefreshedBeforeRun: checkpointRefreshed,
      checkpointFingerprint: fingerprint,
      journalBytes: statSync(file).size,
      checkpointStateBytes: checkpointBytes(file),
      services: first.services,
      stateSections: first.stateSections,
      rejectedByFold: first.rejected,
    },
    samplesMs: runs.map((r) => round(r.totalMs)),
    medianMs: round(med),
    breakdownMedianMs: {
      workspaceOpen: round(median(runs.map((r) => r.openMs))),
      stateReady: round(median(runs.map((r) => r.stateReadyMs)), 3),
      processStartupBeforeOpen: round(median(runs.map((r) => r.startupMs))),
      processWall: round(median(runs.map((r) => r.processWallMs))),
    },
    childRssMB: first.rssMB,
    baseline: 'open.noCheckpoint.totalMs (refold of the whole journal)',
    baselineMs: round(noCp.totalMs),
    ratio: round(med / noCp.totalMs, 3),
    target,
    met: targetMet(target, med),
    noCheckpoint: {
      totalMs: round(noCp.totalMs),
      measuredOn: noCpOn,
      includes: 'full refold + writing a fresh checkpoint (what an operator sees after a fold-version bump or a lost checkpoint)',
      // The open already wrote every item; this second checkpoint writes only what changed since (nothing): the fixed cost of one.
      secondCheckpointWriteMs: round(noCp.checkpointMs ?? 0),
      childRssMB: noCp.rssMB,
      rejectedByFold: noCp.rejected,
    },
  };
}

// ---------------------------------------------------------------- refold

function refoldBench(big: BigDataset): Record<string, unknown> {
  const store = JournalStore.open(join(big.dir, JOURNAL_FILE), nodeCrypto, { create: false });
  try {
    progress('refold: raw row scan in total order (baseline)');
    const scanStmt = store.db.prepare('SELECT rowid, id, header, sig, body, redacted_by FROM entries ORDER BY wall, count, author, seq');
    const scan = timed(() => {
      let n = 0;
      for (const _row of scanStmt.iterate()) n += 1;
      return n;
    });
    const entries = scan.result;
    const scanPerSec = round(entries / (scan.ms / 1000));
    progress(`  ${scanPerSec} rows/s`);

    progress('refold: store.entriesAfter(null) (scan + JSON.parse of header and body)');
    const parsed = timed(() => {
      let n = 0;
      for (const _e of store.entriesAfter(null)) n += 1;
      return n;
    });

    progress(`refold: new Projector(nodeCrypto, store).refold() over ${entries} entries`);
    const projector = new Projector(nodeCrypto, store);
    const fold = timed(() => projector.refold());
    const state = projector.state;
    const services = Object.keys(state.services).length;
    const rejected = Object.keys(state.rejected).length;
    if (projector.count !== entries) throw new Error(`refold folded ${projector.count} of ${entries} entries`);

    // Attribution: the fold ends with one structuredClone snapshot; checkpoints serialise the state.
    const clone = timed(() => structuredClone(state));
    const json = timed(() => JSON.stringify(state).length);
    const fig = rateFigure(
      'new Projector(nodeCrypto, store).refold() (EntrySource = JournalStore)',
      entries,
      fold.ms,
      {
        name: 'refold.rawScan.perSec (SELECT in total order, no parsing)',
        perSec: scanPerSec,
      },
      null,
      {
        services,
        rejected,
        targetNote: 'no target set in the brief; see open.noCheckpoint for the operator-visible cost',
      },
    );
    progress(`  ${fig.perSec} entries/s`);
    return {
      ...fig,
      rawScan: { rows: entries, seconds: round(scan.ms / 1000, 3), perSec: scanPerSec },
      scanAndParse: { rows: parsed.result, seconds: round(parsed.ms / 1000, 3), perSec: round(parsed.result / (parsed.ms / 1000)) },
      breakdownMs: {
        scan: round(scan.ms),
        jsonParseOfRows: round(parsed.ms - scan.ms),
        foldApplyIncludingFinalSnapshot: round(fold.ms - parsed.ms),
        oneStructuredCloneOfFinalState: round(clone.ms),
        oneJsonStringifyOfFinalState: round(json.ms),
      },
      finalStateJsonBytes: json.result,
    };
  } finally {
    store.close();
  }
}

// ---------------------------------------------------------------- append vs journal size

const SIZE_BATCHES = QUICK ? 6 : 20;

/** A workspace being appended to in timed batches of 1,000. */
class BatchRun {
  readonly batchMs: number[] = [];
  checkpoints = 0;
  private readonly work: Workload;
  private lastCheckpoint: number;

  constructor(
    readonly ws: Workspace,
    seed: number,
  ) {
    this.work = new Workload(ws.state, seed);
    // Warm-up: JIT, statement caches.
    for (let i = 0; i < 2; i++) this.work.stored(ws.appendMany(this.work.batch(1000)));
    this.lastCheckpoint = this.checkpointRowid();
  }

  batch(): void {
    const drafts = this.work.batch(1000);
    const t = timed(() => this.ws.appendMany(drafts));
    this.batchMs.push(t.ms);
    this.work.stored(t.result);
    const cp = this.checkpointRowid();
    if (cp !== this.lastCheckpoint) this.checkpoints += 1;
    this.lastCheckpoint = cp;
  }

  get ms(): number {
    return this.batchMs.reduce((x, y) => x + y, 0);
  }

  private checkpointRowid(): number {
    return (this.ws.store.db.prepare('SELECT max_rowid AS r FROM checkpoint').get() as { r: number } | undefined)?.r ?? 0;
  }
}

/**
 * The cost of an append must not grow with the journal (issue 14): the same
 * durable appendMany (sign + fold + store, 1,000 entries per transaction,
 * checkpoints included) on a fresh demo workspace and on a copy of the cached
 * 1M-entry workspace, opened from its checkpoint (the cached file itself is
 * never written). Batches alternate between the two, so the load of this
 * shared machine weighs on both alike; the ratio is also given per batch
 * (medians), which one slow moment does not move.
 */
export function appendAtSizeBench(tmp: string, big: Pick<BigDataset, 'dir'> & { meta: Pick<BigMeta, 'entries'> }, base: Baselines): Record<string, unknown> {
  const signBase = { name: 'baselines.ed25519Sign.perSec', perSec: base.ed25519Sign.perSec };
  const seedFile = join(big.dir, '..', SIGNER_SEED_FILE);
  if (!existsSync(seedFile))
    throw new Error(`append at size: the cached big workspace has no ${SIGNER_SEED_FILE}; delete bench-results/cache to regenerate it`);
  const seed = readFileSync(seedFile, 'utf8').trim();

  progress(`append at size: copying the ${big.meta.entries}-entry workspace, opening it and a fresh demo workspace`);
  const copyDir = join(tmp, 'size-big');
  mkdirSync(copyDir, { recursive: true });
  const copy = timed(() => {
    for (const suffix of ['', '-wal', '-shm']) {
      const from = join(big.dir, `${JOURNAL_FILE}${suffix}`);
      if (existsSync(from)) copyFileSync(from, join(copyDir, `${JOURNAL_FILE}${suffix}`));
    }
  });
  const opened = timed(() => Workspace.open({ dir: copyDir, clock: systemClock, signer: signerFromSeed(seed) }));
  const freshDir = join(tmp, 'size-fresh');
  const freshWs = Workspace.create({
    dir: freshDir,
    name: 'Bench fresh',
    creatorName: 'Bench',
    signer: signerFromSeed(generateKeyPair().seed),
    clock: systemClock,
  });
  loadDemo(freshWs, resourcesDir(), systemClock);
  const fresh = new BatchRun(freshWs, 11);
  const bigRun = new BatchRun(opened.result, 21);

  const signNow = adjacentRate('sign');
  progress(`append at size: ${SIZE_BATCHES} x 1,000 entries on each, alternating (sign rate just before: ${signNow}/s)`);
  for (let i = 0; i < SIZE_BATCHES; i++) {
    fresh.batch();
    bigRun.batch();
  }
  freshWs.close();
  opened.result.close();
  rmSync(freshDir, { recursive: true, force: true });
  rmSync(copyDir, { recursive: true, force: true });

  const n = SIZE_BATCHES * 1000;
  const target = { metric: 'ratio', op: '>=', value: 0.5 } as const;
  const figure = (what: string, run: BatchRun) =>
    withAdjacent(
      rateFigure(what, n, run.ms, signBase, target, {
        batchMs: { median: round(median(run.batchMs)), max: round(Math.max(...run.batchMs)) },
        checkpointsWrittenDuringRun: run.checkpoints,
      }),
      signNow,
    );
  const freshFig = figure('appendMany on a fresh demo workspace, 1,000 per transaction (sign + fold + store, durable)', fresh);
  const bigFig = figure(`appendMany on a copy of the ${big.meta.entries}-entry workspace, 1,000 per transaction (sign + fold + store, durable)`, bigRun);
  bigFig.notTimed = { copyOfCachedJournalMs: round(copy.ms), workspaceOpenMs: round(opened.ms) };
  const ratio = (bigFig.perSec as number) / (freshFig.perSec as number);
  const medianRatio = median(fresh.batchMs) / median(bigRun.batchMs);
  const sizeTarget: Target = { metric: 'ratio', op: '>=', value: 0.9 };
  progress(`  fresh ${freshFig.perSec} entries/s, big ${bigFig.perSec} entries/s (big/fresh ${round(ratio, 3)}; per-batch medians ${round(medianRatio, 3)})`);
  return {
    note: 'replaces the derived stateCopiesAtBigJournal figure: measured directly, batches alternating between the two workspaces',
    fresh: freshFig,
    big: bigFig,
    bigOverFresh: { ratio: round(ratio, 3), perBatchMedianRatio: round(medianRatio, 3), target: sizeTarget, met: targetMet(sizeTarget, ratio) },
  };
}

// ---------------------------------------------------------------- entry point

export default async function journalBench(): Promise<Record<string, unknown>> {
  const tmp = mkdtempSync(join(tmpdir(), 'cp-bench-'));
  try {
    const loadStart = loadavg();
    const base = baselines('start', tmp);
    const app = await appendBench(tmp, base);
    const ver = await verifyBench(app, base);
    rmSync(app.exportFile, { force: true });
    const big = await prepareBig();
    const open = openBench(tmp, big);
    const refold = refoldBench(big);
    app.results.atJournalSize = appendAtSizeBench(tmp, big, base);
    const baseEnd = baselines('end', tmp);

    // Ratios are taken against the fastest measurement of each primitive in this run
    // (the machine is shared; a busy moment during one baseline must not flatter the ratios).
    const best = (k: keyof Omit<Baselines, 'messageBytes'>) => Math.max(base[k].perSec, baseEnd[k].perSec);
    const sections = { append: app.results, verify: ver };
    rebase(sections, 'baselines.ed25519Sign.perSec', best('ed25519Sign'));
    rebase(sections, 'baselines.ed25519Verify.perSec', best('ed25519Verify'));
    rebase(sections, ALL_CORES_VERIFY, allCores(best('ed25519Verify')).perSec);
    // Secondary comparison for the append figures: the raw SQLite insert rate at the same batch size.
    const vsSqlite = (fig: unknown, k: 'sqliteInsert1000PerTxn' | 'sqliteInsert1PerTxn') => {
      const f = fig as { perSec: number; vsSqlite?: unknown };
      f.vsSqlite = { baseline: `baselines.${k}.perSec`, baselinePerSec: best(k), ratio: round(f.perSec / best(k), 3) };
    };
    vsSqlite(app.results.batched1000, 'sqliteInsert1000PerTxn');
    vsSqlite(app.results.batched1000Parallel, 'sqliteInsert1000PerTxn');
    vsSqlite(app.results.storeAppendNoFold, 'sqliteInsert1000PerTxn');
    vsSqlite(app.results.batch1, 'sqliteInsert1PerTxn');
    const both = (k: keyof Omit<Baselines, 'messageBytes'>) => ({ perSec: best(k), atStart: base[k], atEnd: baseEnd[k] });
    const baselinesOut = {
      messageBytes: base.messageBytes,
      ed25519Library: `${ed25519Implementation()} (raw, single thread, warmed up): what the app uses in this process`,
      ed25519Sign: both('ed25519Sign'),
      ed25519Verify: both('ed25519Verify'),
      ed25519VerifyAllCores: { ...allCores(best('ed25519Verify')), what: 'cores x ed25519Verify.perSec: the baseline of the all-cores verify figures' },
      ed25519SignNodeCrypto: both('ed25519SignNodeCrypto'),
      ed25519VerifyNodeCrypto: both('ed25519VerifyNodeCrypto'),
      sqliteInsert1000PerTxn: { ...both('sqliteInsert1000PerTxn'), unit: 'rows/s', shape: 'random 64-hex UNIQUE id + 900-byte text, WAL, synchronous=FULL' },
      sqliteInsert1PerTxn: { ...both('sqliteInsert1PerTxn'), unit: 'rows/s', shape: 'as above, one row per transaction' },
      note:
        'each primitive is measured at the start and at the end of the run; perSec is the faster of the two and is what every ratio and verdict ' +
        'uses. Figures marked adjacentRatio are also compared with a 1 s measurement taken just before them (load changes during a run on a shared machine).',
      loadAverage1m: { atStart: round(loadStart[0]!, 2), atEnd: round(loadavg()[0]!, 2), cpus: cpus().length },
    };

    const targets = {
      'append.batched1000 (appendMany, one thread) ratio >= 0.5': (app.results.batched1000 as { met: boolean }).met,
      'append.batched1000Parallel (appendManyParallel, all cores) ratio >= 0.5': (app.results.batched1000Parallel as { met: boolean }).met,
      'append.atJournalSize.bigOverFresh >= 0.9': (app.results.atJournalSize as { bigOverFresh: { met: boolean } }).bigOverFresh.met,
      'append.atJournalSize.big (1M-entry workspace) ratio >= 0.5': (app.results.atJournalSize as { big: { met: boolean } }).big.met,
      'verify.fullPipeline (verifyEntries, one thread) ratio >= 0.8': (ver.fullPipeline as { met: boolean }).met,
      'verify.fullPipelineParallel (verifyEntriesParallel, the CLI path) / (cores x raw verify) >= 0.8': (ver.fullPipelineParallel as { met: boolean }).met,
      'verify.signaturesParallel (the worker pool) / (cores x raw verify) >= 0.8': (ver.signaturesParallel as { met: boolean }).met,
      'open.medianMs <= 1500': open.met as boolean,
    };
    return {
      quick: QUICK,
      baselines: baselinesOut,
      append: app.results,
      verify: ver,
      open,
      refold,
      targets: { ...targets, allMet: Object.values(targets).every(Boolean) },
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
