import { parentPort } from 'node:worker_threads';
import { ed25519 } from './ed25519Backend';
import { rawPublicKey } from './rawPublicKey';
import type { VerifyJob, VerifyVerdicts } from './verifyPool';

// A verification worker (VerifyPool): verdicts for a batch of signatures, with
// the same library and rules as the main thread (ed25519()).

if (parentPort === null) throw new Error('verifyWorker.ts runs as a worker thread');
const port = parentPort;
const backend = ed25519();
port.on('message', ({ job, keys: authors, messages, offsets, signatures }: VerifyJob) => {
  const ok = new Uint8Array(authors.length);
  for (let i = 0; i < authors.length; i++) {
    const key = rawPublicKey(authors[i]!);
    if (key === null) continue;
    ok[i] = backend.verify(key, messages.subarray(offsets[i], offsets[i + 1]), signatures.subarray(i * 64, i * 64 + 64)) ? 1 : 0;
  }
  const reply: VerifyVerdicts = { job, ok };
  port.postMessage(reply, [ok.buffer]);
});
