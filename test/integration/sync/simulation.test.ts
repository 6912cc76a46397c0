import { afterAll, describe, expect, it } from 'vitest';
import { closePeers, cleanupTempDirs } from './peers';
import { runSimulation } from './simulation';

afterAll(cleanupTempDirs);

// SYNC_SEED=1234 replays one seed; SYNC_SEEDS=n changes how many are run.
const only = process.env.SYNC_SEED;
const count = Number(process.env.SYNC_SEEDS ?? 200);
const seeds = only !== undefined ? [Number(only)] : Array.from({ length: count }, (_, i) => i + 1);

/** Seeds per test: each test stays far inside the per-test timeout on a busy 2-core machine. */
const CHUNK = 25;
const chunks: number[][] = [];
for (let i = 0; i < seeds.length; i += CHUNK) chunks.push(seeds.slice(i, i + CHUNK));

describe('deterministic sync simulation: 5 peers, lossy reordering network, partitions', () => {
  it.each(chunks.map((c) => [c[0]!, c[c.length - 1]!, c] as const))('seeds %i..%i converge with no entry lost or duplicated', (_first, _last, chunk) => {
    const started = performance.now();
    let messages = 0;
    for (const seed of chunk) {
      const run = runSimulation(seed);
      messages += run.messages;
      try {
        const replay = `seed ${seed} failed; replay with SYNC_SEED=${seed} npx vitest run test/integration/sync/simulation.test.ts`;
        expect(run.rejections, replay).toEqual([]);
        expect(run.missing, replay).toEqual([]);
        expect(run.equivocations, replay).toBe(0);
        expect(new Set(run.counts).size, `${replay}; entry counts ${run.counts.join(', ')}`).toBe(1);
        expect(new Set(run.vectors.map((v) => JSON.stringify(Object.entries(v).sort()))).size, replay).toBe(1);
        expect(new Set(run.hashes).size, `${replay}; state hashes differ`).toBe(1);
        expect(run.converged, replay).toBe(true);
      } finally {
        closePeers(run.peers);
      }
    }
    console.log(`sync simulation: seeds ${chunk[0]}..${chunk.at(-1)}, ${messages} messages, ${Math.round(performance.now() - started)} ms`);
  });
});
