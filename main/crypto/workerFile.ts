import { Worker, type WorkerOptions } from 'node:worker_threads';

// The crypto workers are typed TypeScript files beside this one. Built, each
// is an entry of the main build (electron.vite.config.ts) next to the chunk
// that holds this module, so it is found relative to import.meta.url. From
// source (vitest, tsx) the worker starts with tsx's loader registered, then
// imports the .ts file: a worker does not inherit the parent's loader hooks
// on every Node version this runs on (Node 20 drops them).

/** Names of the worker entries; each is main/crypto/<name>.ts, built to out/main/<name>.js. */
export type WorkerEntry = 'verifyWorker' | 'signingWorker';

const here = import.meta.url;

export function startWorker(entry: WorkerEntry, options: WorkerOptions = {}): Worker {
  if (here.endsWith('.ts')) {
    const file = new URL(`${entry}.ts`, here).href;
    const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(file)}); });`;
    return new Worker(bootstrap, { ...options, eval: true });
  }
  const file = entry + '.js';
  return new Worker(new URL(file, here), options);
}

/** Messages joined into one buffer with their start offsets (and the end), so a batch crosses to a worker as two transferable arrays. */
export function packMessages(messages: readonly Uint8Array[]): { joined: Uint8Array<ArrayBuffer>; offsets: Uint32Array<ArrayBuffer> } {
  const offsets = new Uint32Array(messages.length + 1);
  let total = 0;
  messages.forEach((m, i) => {
    offsets[i] = total;
    total += m.length;
  });
  offsets[messages.length] = total;
  const joined = new Uint8Array(total);
  messages.forEach((m, i) => joined.set(m, offsets[i]!));
  return { joined, offsets };
}
