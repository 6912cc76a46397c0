import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { packMessages, startWorker } from './workerFile';

// Signing bounds the append rate (docs/architecture.md, performance budget).
// For bulk appends the device key signs on every core: each worker
// (signingWorker.ts) holds the key, prepared once.

export interface SigningWorkerData {
  /** base64url of the 32-byte private seed. */
  seed: string;
}

/** A batch for a worker: messages end to end, offsets[i]..offsets[i+1] is message i. */
export interface SigningJob {
  job: number;
  messages: Uint8Array;
  offsets: Uint32Array;
}

/** 64 bytes per message, in order. */
export interface SigningResult {
  job: number;
  signatures: Uint8Array;
}

export class SigningPool {
  private workers: Worker[] | null = null;
  private nextJob = 0;
  private readonly pending = new Map<number, { resolve: (sigs: Uint8Array) => void; reject: (err: Error) => void }>();

  constructor(
    private readonly seed: string,
    private readonly threads = Math.min(availableParallelism(), 8),
  ) {}

  /** Signatures for the messages, in order. */
  async sign(messages: readonly Uint8Array[]): Promise<Uint8Array[]> {
    const workers = this.start();
    const chunk = Math.ceil(messages.length / workers.length);
    const parts = await Promise.all(workers.map((w, i) => this.run(w, messages.slice(i * chunk, (i + 1) * chunk))));
    return parts.flatMap((sigs) => Array.from({ length: sigs.length / 64 }, (_, i) => sigs.subarray(i * 64, i * 64 + 64)));
  }

  close(): Promise<void> {
    const workers = this.workers ?? [];
    this.workers = null;
    return Promise.all(workers.map((w) => w.terminate())).then(() => undefined);
  }

  private start(): Worker[] {
    if (this.workers !== null) return this.workers;
    this.workers = Array.from({ length: Math.max(1, this.threads) }, () => {
      const workerData: SigningWorkerData = { seed: this.seed };
      const worker = startWorker('signingWorker', { workerData });
      worker.on('message', (msg: SigningResult) => {
        this.pending.get(msg.job)?.resolve(msg.signatures);
        this.pending.delete(msg.job);
        // An idle pool must not keep the process alive; a busy one must (it owes an answer).
        if (this.pending.size === 0) for (const w of this.workers ?? []) w.unref();
      });
      worker.unref();
      worker.on('error', (err) => {
        for (const p of this.pending.values()) p.reject(err);
        this.pending.clear();
        this.workers = null;
      });
      return worker;
    });
    return this.workers;
  }

  private run(worker: Worker, messages: readonly Uint8Array[]): Promise<Uint8Array> {
    if (messages.length === 0) return Promise.resolve(new Uint8Array(0));
    const { joined, offsets } = packMessages(messages);
    const job = this.nextJob++;
    worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(job, { resolve, reject });
      const request: SigningJob = { job, messages: joined, offsets };
      worker.postMessage(request, [joined.buffer]);
    });
  }
}
