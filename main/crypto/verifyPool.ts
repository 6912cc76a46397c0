import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { packMessages, startWorker } from './workerFile';

// Ed25519 verification dominates checking a journal (about 130 µs of the
// ~190 µs an entry costs with node:crypto), so large journals spread it over
// worker threads (verifyWorker.ts), which use the same library as this thread.

/** A batch for a worker: messages end to end, offsets[i]..offsets[i+1] is message i. */
export interface VerifyJob {
  job: number;
  keys: string[];
  messages: Uint8Array;
  offsets: Uint32Array;
  signatures: Uint8Array;
}

/** ok[i] is 1 where signature i is valid. */
export interface VerifyVerdicts {
  job: number;
  ok: Uint8Array;
}

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
      const worker = startWorker('verifyWorker');
      worker.on('message', (msg: VerifyVerdicts) => {
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
    const { joined: messages, offsets } = packMessages(checks.map((c) => c.message));
    const signatures = new Uint8Array(checks.length * 64);
    checks.forEach((c, i) => {
      // A wrong-length signature can never verify; leave its slot zero and let the worker say no.
      if (c.signature.length === 64) signatures.set(c.signature, i * 64);
    });
    const job = this.nextJob++;
    const ok = await new Promise<Uint8Array>((resolve, reject) => {
      this.pending.set(job, { resolve, reject });
      const request: VerifyJob = { job, keys: checks.map((c) => c.publicKey), messages, offsets, signatures };
      worker.postMessage(request, [messages.buffer, signatures.buffer]);
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
