import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../shared/clock';
import { toWire, type WireEntry } from '../../../shared/journal';
import { nodeCrypto, generateKeyPair, signerFromSeed, verifySignaturesParallel, PARALLEL_THRESHOLD } from '../../../main/crypto';
import { JournalStore, verifyEntries, verifyEntriesParallel } from '../../../main/journal';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('verification on all cores', () => {
  it('reaches exactly the verdicts of single-threaded verification, tampered entries included', async () => {
    const signer = signerFromSeed(generateKeyPair().seed);
    const store = JournalStore.open(join(mkdtempSync(join(tmpdir(), 'cp-pv-')), 'j.sqlite'), nodeCrypto, { create: true });
    const ws = '0123456789abcdef0123456789abcdef';
    const n = PARALLEL_THRESHOLD + 500;
    const entries = store.append(
      ws,
      signer,
      new ManualClock(1_750_000_000_000),
      Array.from({ length: n }, (_, i) => ({ kind: 'note.add', body: { text: `note ${i}` } })),
    );
    store.close();
    const wires: WireEntry[] = entries.map(toWire);
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'a' ? 'b' : 'a') + s.slice(i + 1);
    wires[10] = { ...wires[10]!, sig: flip(wires[10]!.sig, 5) };
    wires[1500] = { ...wires[1500]!, body: { text: 'edited' } };
    wires[2200] = { ...wires[2200]!, sig: flip(wires[2200]!.sig, 40), body: { text: 'both' } };
    const items = wires.map((wire, i) => ({ wire, line: i + 1 }));

    const serial = verifyEntries(nodeCrypto, items);
    const parallel = await verifyEntriesParallel(nodeCrypto, items);
    expect(parallel).toEqual(serial);
    const reasons = parallel.failures.filter((f) => f.id !== undefined).map((f) => [f.line, f.reason]);
    expect(reasons).toEqual([
      [11, 'bad signature'],
      [1501, 'body does not match bodyHash'],
      [2201, 'bad signature'],
    ]);
  });

  it('says no to wrong-length signatures and keys that are not curve points', async () => {
    const signer = signerFromSeed(generateKeyPair().seed);
    const message = new Uint8Array([1, 2, 3]);
    const good = signer.sign(message);
    const verdicts = await verifySignaturesParallel(
      [
        { publicKey: signer.publicKey, message, signature: good },
        { publicKey: signer.publicKey, message, signature: good.slice(0, 63) },
        { publicKey: signer.publicKey, message: new Uint8Array([1, 2, 4]), signature: good },
        { publicKey: '_'.repeat(43), message, signature: good },
      ],
      2,
    );
    expect(verdicts).toEqual([true, false, false, false]);
  });
});
