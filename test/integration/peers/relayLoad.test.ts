import { afterAll, describe, expect, it } from 'vitest';
import { runLoad } from '../../bench/loadCluster';
import { cleanupTempDirs, tempDir } from '../host/hostHarness';

// A small room under steady writing through one relay: five peer processes
// each write 20 entries a second for three seconds, every one dialling only
// the relay (a `commandpost serve` host with peer sync, in its own process),
// while a console client holds the relay's API socket. Afterwards every
// journal holds exactly the entries appended anywhere, every peer folds them
// to the same state, and the console saw every one. The benchmark
// (test/bench/load.bench.ts) runs the same room at 20 x 50/s x 60 s and times it.

afterAll(() => cleanupTempDirs());

describe('a room of peers through one relay', () => {
  it('loses no entry and every peer, the relay and the console end in the same state', async () => {
    const r = await runLoad({ root: tempDir('cp-relay-load-'), peers: 5, rate: 20, seconds: 3, consoles: 1, settleTimeoutMs: 90_000 });

    expect(r.appended).toBe(5 * 60);
    expect(r.settled).toBe(true);
    expect(r.holdings).toHaveLength(6);
    for (const h of r.holdings)
      expect({ name: h.name, count: h.count, missing: h.missing, unexpected: h.unexpected }).toEqual({
        name: h.name,
        count: r.expectedEntries,
        missing: 0,
        unexpected: 0,
      });
    const hashes = new Set(r.holdings.map((h) => h.stateHash));
    expect(hashes.size).toBe(1);
    // The console was told of every entry and ends on the same state hash.
    expect(r.consoles).toEqual([expect.objectContaining({ entries: r.expectedEntries, missing: 0, stateHash: [...hashes][0] })]);
    // Every peer stored every other peer's entries: 5 authors x 4 receivers x 60 entries.
    expect(r.propagationMs).toHaveLength(5 * 4 * 60);
  }, 180_000);
});
