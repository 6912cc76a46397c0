import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

// Ed25519 verification dominates checking a journal (about 130 µs of the
// ~190 µs an entry costs), so large journals spread it over worker threads.
// The worker is inline source using only node:crypto, so it runs the same
// under tsx, vitest, the bundled CLI and Electron, with no file to locate.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createPublicKey, verify } = require('node:crypto');
const keys = new Map();
function key(x) {
  let k = keys.get(x);
  if (k === undefined) {
    try { k = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' }); } catch { k = null; }
    if (keys.size > 10000) keys.clear();
    keys.set(x, k);
  }
  return k;
}
parentPort.on('message', ({ job, keys: authors, messages, offsets, signatures }) => {
  const n = authors.length;
  const ok = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const k = key(authors[i]);
    if (k === null) continue;
    const msg = messages.subarray(offsets[i], offsets[i + 1]);
    const sig = signatures.subarray(i * 64, i * 64 + 64);
    try { ok[i] = verify(null, msg, k, sig) ? 1 : 0; } catch { ok[i] = 0; }
  }
  parentPort.postMessage({ job, ok }, [ok.buffer]);
});
`;

export interface SignatureCheck {
  publicKey: string;
  message: Uint8Array;
  signature: Uint8Array;
}

/** Below this many signatures, starting workers costs more than it saves. */
export const PARALLEL_THRESHOLD = 2_000;

/** Worker threads that verify batches of signatures; verdicts come back in order. */
export class VerifyPool {
  private readonly workers: Worker[];
  private readonly pending = new Map<number, { resolve: (ok: Uint8Array) => void; reject: (err: Error) => void }>();
  private nextJob = 0;
  private turn = 0;

  constructor(threads = Math.max(1, availableParallelism() - 1)) {
    this.workers = Array.from({ length: Math.max(1, Math.min(threads, 8)) }, () => {
      const worker = new Worker(WORKER_SOURCE, { eval: true });
      worker.on('message', (msg: { job: number; ok: Uint8Array }) => {
        this.pending.get(msg.job)?.resolve(msg.ok);
        this.pending.delete(msg.job);
      });
      worker.on('error', (err) => {
        for (const p of this.pending.values()) p.reject(err);
        this.pending.clear();
      });
      return worker;
    });
  }

  get size(): number {
    return this.workers.length;
  }

  /** Verify a batch on the next worker in turn. */
  async verify(checks: readonly SignatureCheck[]): Promise<boolean[]> {
    if (checks.length === 0) return [];
    const worker = this.workers[this.turn++ % this.workers.length]!;
    const offsets = new Uint32Array(checks.length + 1);
    let total = 0;
    checks.forEach((c, i) => {
      offsets[i] = total;
      total += c.message.length;
    });
    offsets[checks.length] = total;
    const messages = new Uint8Array(total);
    const signatures = new Uint8Array(checks.length * 64);
    checks.forEach((c, i) => {
      messages.set(c.message, offsets[i]!);
      // A wrong-length signature can never verify; leave its slot zero and let the worker say no.
      if (c.signature.length === 64) signatures.set(c.signature, i * 64);
    });
    const job = this.nextJob++;
    const ok = await new Promise<Uint8Array>((resolve, reject) => {
      this.pending.set(job, { resolve, reject });
      worker.postMessage({ job, keys: checks.map((c) => c.publicKey), messages, offsets, signatures }, [messages.buffer, signatures.buffer]);
    });
    return Array.from(ok, (v, i) => v === 1 && checks[i]!.signature.length === 64);
  }

  close(): Promise<void> {
    return Promise.all(this.workers.map((w) => w.terminate())).then(() => undefined);
  }
}

/** Verify many Ed25519 signatures on all cores; resolves to one verdict per check, in order. */
export async function verifySignaturesParallel(checks: readonly SignatureCheck[], threads = availableParallelism()): Promise<boolean[]> {
  const pool = new VerifyPool(threads);
  try {
    const chunk = Math.ceil(checks.length / pool.size);
    const parts = await Promise.all(Array.from({ length: pool.size }, (_, w) => pool.verify(checks.slice(w * chunk, (w + 1) * chunk))));
    return parts.flat();
  } finally {
    await pool.close();
  }
}
