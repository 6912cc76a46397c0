import { parentPort, workerData } from 'node:worker_threads';
import { ed25519 } from './ed25519Backend';
import type { SigningJob, SigningResult, SigningWorkerData } from './signingPool';

// A signing worker (SigningPool): holds the device key, prepared once, and
// signs batches with the same library as the main thread (ed25519()).

if (parentPort === null) throw new Error('signingWorker.ts runs as a worker thread');
const port = parentPort;
const { seed } = workerData as SigningWorkerData;
const sign = ed25519().signerOf(Buffer.from(seed, 'base64url'));

port.on('message', ({ job, messages, offsets }: SigningJob) => {
  const n = offsets.length - 1;
  const signatures = new Uint8Array(n * 64);
  for (let i = 0; i < n; i++) signatures.set(sign(messages.subarray(offsets[i], offsets[i + 1])), i * 64);
  const reply: SigningResult = { job, signatures };
  port.postMessage(reply, [signatures.buffer]);
});
