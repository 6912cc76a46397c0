// Small timing helpers shared by the benchmark files. Benchmarks are not
// tests: they print figures, they do not assert (beyond sanity checks that
// make a figure meaningless when they fail).

/** Progress goes to stderr so stdout carries exactly one JSON document. */
export function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

/** Quick mode (BENCH_QUICK=1): small sizes, for checking the harness itself. Figures are not comparable. */
export const QUICK = process.env.BENCH_QUICK === '1';

export function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface RateResult {
  ops: number;
  seconds: number;
  perSec: number;
}

/**
 * Run `op` repeatedly: `warmupMs` untimed, then at least `minMs` timed.
 * The clock is read every `chunk` calls so the reading costs nothing measurable.
 */
export function measureRate(op: (i: number) => void, opts: { warmupMs: number; minMs: number; chunk?: number }): RateResult {
  const chunk = opts.chunk ?? 64;
  let i = 0;
  const warmEnd = performance.now() + opts.warmupMs;
  while (performance.now() < warmEnd) for (let k = 0; k < chunk; k++) op(i++);
  let ops = 0;
  const start = performance.now();
  let now = start;
  while (now - start < opts.minMs) {
    for (let k = 0; k < chunk; k++) op(i++);
    ops += chunk;
    now = performance.now();
  }
  const seconds = (now - start) / 1000;
  return { ops, seconds: round(seconds, 3), perSec: round(ops / seconds) };
}

/** Time one call; returns its result and the milliseconds it took. */
export function timed<T>(fn: () => T): { result: T; ms: number } {
  const start = performance.now();
  const result = fn();
  return { result, ms: performance.now() - start };
}

export async function timedAsync<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const start = performance.now();
  const result = await fn();
  return { result, ms: performance.now() - start };
}

export interface Target {
  /** Which field of the figure the target applies to. */
  metric: string;
  op: '>=' | '<=';
  value: number;
}

export function targetMet(target: Target, actual: number): boolean {
  return target.op === '>=' ? actual >= target.value : actual <= target.value;
}

/** A throughput figure compared with a raw baseline rate measured in the same run. */
export function rateFigure(
  name: string,
  entries: number,
  ms: number,
  baseline: { name: string; perSec: number },
  target: Target | null,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const perSec = entries / (ms / 1000);
  const ratio = perSec / baseline.perSec;
  return {
    what: name,
    entries,
    seconds: round(ms / 1000, 3),
    perSec: round(perSec),
    baseline: baseline.name,
    baselinePerSec: baseline.perSec,
    ratio: round(ratio, 3),
    target,
    met: target === null ? null : targetMet(target, target.metric === 'ratio' ? ratio : perSec),
    ...extra,
  };
}

/**
 * Point every figure whose `baseline` is `name` at a new baseline rate and
 * recompute its ratio and verdict (used to settle on the fastest of several
 * measurements of the same raw primitive taken during the run).
 */
export function rebase(node: unknown, name: string, perSec: number): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const item of node) rebase(item, name, perSec);
    return;
  }
  const o = node as Record<string, unknown>;
  if (o.baseline === name && typeof o.perSec === 'number') {
    const ratio = o.perSec / perSec;
    o.baselinePerSec = perSec;
    o.ratio = round(ratio, 3);
    const target = o.target as Target | null | undefined;
    if (target) o.met = targetMet(target, target.metric === 'ratio' ? ratio : o.perSec);
  }
  for (const value of Object.values(o)) rebase(value, name, perSec);
}
