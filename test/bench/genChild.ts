// Child process that generates one author's share of the big benchmark journal:
//   BENCH_SIGNER_SEED=<base64url seed> node --import tsx test/bench/genChild.ts \
//     <journal file> <workspace id> <context.json> <entries> <batch> <prng seed> [--create]
// Appends <entries> signed entries through JournalStore.append (durable
// commits, the store's own code) and prints {entries, ms, segments} as JSON.
// Two of these run in parallel (one per core), each on its own file; the
// parent merges the second file's rows into the first. Not a benchmark file.
import { readFileSync } from 'node:fs';
import type { JsonValue } from '../../shared/canonical';
import { nodeCrypto, signerFromSeed } from '../../main/crypto';
import { systemClock } from '../../main/clock';
import { JournalStore } from '../../main/journal';
import { Workload, type WorkloadContext } from './workload';

const [file, wsId, contextFile, entriesText, batchText, seedText] = process.argv.slice(2);
const seed = process.env.BENCH_SIGNER_SEED;
if (file === undefined || wsId === undefined || contextFile === undefined || seed === undefined) {
  process.stderr.write('usage: BENCH_SIGNER_SEED=... genChild.ts <file> <ws id> <context.json> <entries> <batch> <prng seed> [--create]\n');
  process.exit(2);
}
const total = Number(entriesText);
const batch = Number(batchText);
const signer = signerFromSeed(seed);
const work = new Workload(JSON.parse(readFileSync(contextFile, 'utf8')) as WorkloadContext, Number(seedText));
const store = JournalStore.open(file, nodeCrypto, { create: process.argv.includes('--create') });
// Generation only (never measured): a larger page cache keeps the random `id` index in memory.
store.db.pragma('cache_size = -131072');

const start = performance.now();
let done = 0;
let segmentStart = start;
let segmentEntries = 0;
/** entries/s per 100,000 entries: shows how the store slows down as the journal grows. */
const segmentPerSec: number[] = [];
while (done < total) {
  const n = Math.min(batch, total - done);
  work.stored(store.append(wsId, signer, systemClock, work.batch(n) as unknown as ReadonlyArray<{ kind: string; body: JsonValue }>));
  done += n;
  segmentEntries += n;
  if (segmentEntries >= 100_000 || done === total) {
    const now = performance.now();
    segmentPerSec.push(Math.round(segmentEntries / ((now - segmentStart) / 1000)));
    segmentStart = now;
    segmentEntries = 0;
    process.stderr.write(
      `[bench]   writer ${signer.publicKey.slice(0, 8)}: ${done}/${total} entries, ${Math.round(done / ((now - start) / 1000))} entries/s\n`,
    );
  }
}
store.close();
process.stdout.write(`${JSON.stringify({ entries: done, ms: performance.now() - start, segmentPerSec })}\n`);
