import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

// Signing bounds the append rate (ARCHITECTURE.md, performance budget). For
// bulk appends the device key signs on every core: each worker holds the
// key, imported once. Inline source with node:crypto only, so it runs the
// same under tsx, vitest, the bundled CLI and Electron.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createPrivateKey, sign } = require('node:crypto');
const prefix = Buffer.from('302e020100300506032b657004220420', 'hex');
const key = createPrivateKey({ key: Buffer.concat([prefix, Buffer.from(workerData.seed, 'base64url')]), format: 'der', type: 'pkcs8' });
parentPort.on('message', ({ job, messages, offsets }) => {
  const n = offsets.length - 1;
  const out = new Uint8Array(n * 64);
  for (let i = 0; i < n; i++) out.set(sign(null, messages.subarray(offsets[i], offsets[i + 1]), key), i * 64);
  parentPort.postMessage({ job, signatures: out }, [out.buffer]);
});
`;

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
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { seed: this.seed } });
      worker.on('message', (msg: { job: number; signatures: Uint8Array }) => {
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
    const offsets = new Uint32Array(messages.length + 1);
    let total = 0;
    messages.forEach((m, i) => {
      offsets[i] = total;
      total += m.length;
    });
    offsets[messages.length] = total;
    const joined = new Uint8Array(total);
    messages.forEach((m, i) => joined.set(m, offsets[i]!));
    const job = this.nextJob++;
    worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(job, { resolve, reject });
      worker.postMessage({ job, messages: joined, offsets }, [joined.buffer]);
    });
  }
}
