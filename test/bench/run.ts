// `npm run bench [-- NAME...]`: runs every *.bench.ts file in this folder in
// sequence (or only those whose name contains one of NAME), prints ONE JSON
// document with all results on stdout and writes the same document to
// bench-results/latest.json. Arguments starting with -- are not names but a
// benchmark's own flags (e.g. `npm run bench -- load --peers=5 --seconds=10`).
// Progress goes to stderr. BENCH_QUICK=1 shrinks every size (harness check only).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { QUICK, progress, round } from './harness';

type BenchFn = () => Promise<Record<string, unknown>>;

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('../../bench-results/', import.meta.url));

function machine(): Record<string, unknown> {
  const list = cpus();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model ?? 'unknown',
    node: process.version,
    v8: process.versions.v8,
    sqlite: 'better-sqlite3 (bundled SQLite)',
    platform: `${process.platform}-${process.arch}`,
    totalMemMB: Math.round(totalmem() / 1e6),
  };
}

/** Which code was measured: others may be editing the tree while benchmarks run. */
function source(): Record<string, unknown> {
  const git = (...args: string[]) => spawnSync('git', args, { cwd: fileURLToPath(new URL('../../', import.meta.url)), encoding: 'utf8' });
  const head = git('rev-parse', '--short', 'HEAD');
  const status = git('status', '--porcelain', '--untracked-files=no');
  if (head.status !== 0) return { commit: null };
  const modified = status.stdout.split('\n').filter((l) => l.trim() !== '').length;
  return { commit: head.stdout.trim(), modifiedTrackedFiles: modified };
}

/**
 * Benchmarks chosen by one name only, not by any part of their file name:
 * `npm run bench -- federation` must not also start the 20 x 50 simulation.
 */
const NAMED = new Map([['federationSim.bench.ts', 'federation-sim']]);
const chosen = (file: string, name: string): boolean => (NAMED.has(file) ? NAMED.get(file) === name : file.includes(name));

async function main(): Promise<void> {
  const filters = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const files = readdirSync(benchDir)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => filters.length === 0 || filters.some((x) => chosen(f, x)))
    .sort();
  if (files.length === 0) throw new Error(`no benchmark files match ${filters.join(', ')}`);

  const info = machine();
  const src = source();
  const startedAt = new Date().toISOString();
  const start = performance.now();
  const all: Record<string, unknown> = {};
  const perFile: Record<string, { seconds: number; failed?: boolean }> = {};
  for (const file of files) {
    const name = file.replace(/\.bench\.ts$/, '');
    progress(`== ${file}`);
    const mod = (await import(pathToFileURL(join(benchDir, file)).href)) as { default?: BenchFn };
    if (typeof mod.default !== 'function') throw new Error(`${file} has no default export (an async function returning results)`);
    const t0 = performance.now();
    let results: Record<string, unknown>;
    try {
      results = await mod.default();
    } catch (err) {
      // One broken benchmark must not cost the others' results: record it and go on.
      const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
      progress(`== ${file} FAILED: ${message}`);
      results = { [`${name}Error`]: message.split('\n')[0] };
      process.exitCode = 1;
    }
    const seconds = round((performance.now() - t0) / 1000);
    perFile[name] = { seconds, ...(process.exitCode === 1 && `${name}Error` in results ? { failed: true } : {}) };
    progress(`== ${file} done in ${seconds} s`);
    for (const [key, value] of Object.entries(results)) {
      // Files report disjoint sections; on a clash keep both, the later under its file's name.
      if (key in all && key !== 'quick') all[`${name}.${key}`] = value;
      else all[key] = value;
    }
  }
  const doc = {
    machine: info,
    startedAt,
    totalSeconds: round((performance.now() - start) / 1000),
    quick: QUICK,
    source: src,
    files: perFile,
    ...all,
  };
  const text = `${JSON.stringify(doc, null, 2)}\n`;
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'latest.json'), text);
  process.stdout.write(text);
}

// A ref'd timer keeps the process alive while a benchmark awaits work that
// only unref'd worker threads hold (an idle-pool pattern); and once the
// document is out, exit explicitly so a handle leaked by the code under test
// (e.g. a worker pool nobody closed) cannot keep the run hanging.
const keepAlive = setInterval(() => undefined, 60_000);
main()
  .catch((err: unknown) => {
    process.stderr.write(`[bench] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  })
  .finally(() => {
    clearInterval(keepAlive);
    process.stdout.write('', () => process.exit());
  });
