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

/** Verify many Ed25519 signatures on all cores; resolves to one verdict per check, in order. */
export async function verifySignaturesParallel(checks: readonly SignatureCheck[], threads = availableParallelism()): Promise<boolean[]> {
  const workers = Array.from({ length: Math.max(1, Math.min(threads, 8)) }, () => new Worker(WORKER_SOURCE, { eval: true }));
  try {
    const chunk = Math.ceil(checks.length / workers.length);
    const parts = await Promise.all(
      workers.map((worker, w) => {
        const slice = checks.slice(w * chunk, (w + 1) * chunk);
        return runChunk(worker, w, slice);
      }),
    );
    return parts.flat();
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

function runChunk(worker: Worker, job: number, slice: readonly SignatureCheck[]): Promise<boolean[]> {
  if (slice.length === 0) return Promise.resolve([]);
  const offsets = new Uint32Array(slice.length + 1);
  let total = 0;
  slice.forEach((c, i) => {
    offsets[i] = total;
    total += c.message.length;
  });
  offsets[slice.length] = total;
  const messages = new Uint8Array(total);
  const signatures = new Uint8Array(slice.length * 64);
  slice.forEach((c, i) => {
    messages.set(c.message, offsets[i]!);
    // A wrong-length signature can never verify; leave its slot zero and let the worker say no.
    if (c.signature.length === 64) signatures.set(c.signature, i * 64);
  });
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', (msg: { job: number; ok: Uint8Array }) => {
      resolve(Array.from(msg.ok, (v, i) => v === 1 && slice[i]!.signature.length === 64));
    });
    worker.postMessage({ job, keys: slice.map((c) => c.publicKey), messages, offsets, signatures }, [messages.buffer, signatures.buffer]);
  });
}
