// Properties of the incremental projection (issue 14): the state hash the
// Projector keeps entry by entry equals the one computed from scratch, and a
// rewind through the undo log gives exactly the state a full refold gives,
// after random journals delivered in random orders (late arrivals), with
// equivocation evidence marked at a random point, local entries forgotten
// again (a rolled-back append) and redactions, some of whose targets arrive
// as tombstones.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareOrder, type Entry, type OrderKey } from '../../../../shared/journal';
import { Projector, stateHash, type FoldEntry } from '../../../../shared/state';
import { MemorySource, foldAll, hasher, keyOf, redacted, sortByOrder } from './journalBuilder';
import { build, caseArb, pick } from './randomJournal';

/** The entries as a store would hold them: targets of accepted redactions swapped for tombstones when `tombstone` says so. */
function withTombstones(entries: readonly Entry[], tombstone: (i: number) => boolean): FoldEntry[] {
  const accepted = foldAll(entries).redacted;
  return entries.map((e, i) => (Object.hasOwn(accepted, e.id) && tombstone(i) ? redacted(e, accepted[e.id]!) : e));
}

const scenarioArb = fc.record({
  c: caseArb,
  who: pick(['bob', 'carol'] as const),
  seq: fc.integer({ min: 1, max: 6 }),
  markAt: fc.nat(),
  forgetAt: fc.nat(),
  tombstones: fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
});

describe('Projector: incremental state hash and undo-log rewinds', () => {
  it('keeps the from-scratch hash and the full-refold state through late arrivals, evidence, forget() and redactions', () => {
    let sawRewinds = 0;
    let sawRedactions = 0;
    let sawForget = 0;
    fc.assert(
      fc.property(scenarioArb, ({ c, who, seq, markAt, forgetAt, tombstones }) => {
        const { b, entries: signed } = build(c.steps);
        const entries = withTombstones(signed, (i) => tombstones[i % tombstones.length]!);
        const author = b.key(who);
        const source = new MemorySource();
        const projector = new Projector(hasher, source, { snapshotEvery: c.snapshotEvery, keepSnapshots: c.keepSnapshots });
        let marked = false;
        let forgot = false;
        let step = 0;
        for (let i = 0; i < c.order.length; step += 1) {
          const chunk = c.order.slice(i, i + c.batches[step % c.batches.length]!).map((k) => entries[k]!);
          i += chunk.length;
          // A batch stored and folded, then rolled back (the transaction failed) and forgotten, then stored again.
          if (!forgot && step === forgetAt % (c.order.length + 1)) {
            for (const e of chunk) source.store(e);
            projector.add(chunk);
            for (const e of chunk) source.remove(e.id);
            projector.forget(keyOf(sortByOrder(chunk)[0]!));
            expect(projector.stateHash()).toBe(stateHash(hasher, projector.state));
            forgot = true;
          }
          for (const e of chunk) source.store(e);
          projector.add(chunk);
          if (!marked && source.size >= markAt % (c.order.length + 1)) {
            let first: OrderKey | null = null;
            for (const e of source.all())
              if (e.header.author === author && e.header.seq >= seq && (first === null || compareOrder(keyOf(e), first) < 0)) first = keyOf(e);
            projector.markEquivocation(author, seq, first);
            marked = true;
          }
          expect(projector.stateHash()).toBe(stateHash(hasher, projector.state));
        }
        if (!marked) projector.markEquivocation(author, seq, null);
        const refolded = foldAll(entries, { equivocations: { [author]: seq } });
        expect(projector.state).toEqual(refolded);
        expect(projector.stateHash()).toBe(stateHash(hasher, refolded));
        if (projector.rewindCount > 0) sawRewinds += 1;
        if (Object.keys(refolded.redacted).length > 0) sawRedactions += 1;
        if (forgot) sawForget += 1;
      }),
      { numRuns: 120 },
    );
    // The generator really exercises what the property is about.
    expect(sawRewinds).toBeGreaterThan(60);
    expect(sawRedactions).toBeGreaterThan(10);
    expect(sawForget).toBeGreaterThan(30);
  });

  it('a projector resumed from a checkpoint with its sum continues with the same hash as one that never stopped', () => {
    fc.assert(
      fc.property(caseArb, fc.nat(), ({ steps }, cut) => {
        const { entries } = build(steps);
        const ordered = sortByOrder(entries);
        const half = cut % (ordered.length + 1);
        const first = new Projector(hasher, new MemorySource(ordered.slice(0, half)));
        first.refold();
        const source = new MemorySource(ordered.slice(0, half));
        const resumed = new Projector(hasher, source, {}, first.checkpoint());
        for (const e of ordered.slice(half)) {
          source.store(e);
          resumed.add([e]);
        }
        expect(resumed.stateHash()).toBe(stateHash(hasher, foldAll(entries)));
      }),
      { numRuns: 60 },
    );
  });
});
