// Property: the projection depends on the entry set only. Whatever order the
// entries reach a peer in (any permutation, in any batch sizes), feeding them
// to a Projector as they are stored gives the state hash of a full refold.

import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { compareOrder, type OrderKey } from '../../../../shared/journal';
import { stateHash, type Projector } from '../../../../shared/state';
import { foldAll, hasher, hashOf, keyOf, refoldHash, type MemorySource } from './journalBuilder';
import { build, caseArb, deliver, pick } from './randomJournal';

describe('delivery order does not matter', () => {
  it('any permutation, in any batch sizes, folds to the full-refold state hash', () => {
    let sawRewinds = 0;
    let sawRejections = 0;
    fc.assert(
      fc.property(caseArb, ({ steps, order, batches, snapshotEvery, keepSnapshots }) => {
        const { entries } = build(steps);
        expect(entries).toHaveLength(order.length);
        const { projector } = deliver(entries, order, batches, { snapshotEvery, keepSnapshots });
        const full = refoldHash(entries);
        expect(stateHash(hasher, projector.state)).toBe(full);
        expect(hashOf(foldAll(entries))).toBe(full);
        expect(projector.count).toBe(entries.length);
        const state = projector.state;
        expect(state.applied + Object.keys(state.rejected).length).toBe(entries.length);
        if (projector.rewindCount > 0) sawRewinds += 1;
        if (Object.values(state.rejected).some((r) => r.category === 'unauthorized')) sawRejections += 1;
      }),
      { numRuns: 150 },
    );
    // The generator really exercises late arrivals and authorization.
    expect(sawRewinds).toBeGreaterThan(100);
    expect(sawRejections).toBeGreaterThan(50);
  });

  it('two peers receiving the same entries in different orders agree byte for byte', () => {
    fc.assert(
      fc.property(
        caseArb.chain((c) => fc.record({ c: fc.constant(c), other: fc.shuffledSubarray(c.order, { minLength: c.order.length, maxLength: c.order.length }) })),
        ({ c, other }) => {
          const { entries } = build(c.steps);
          const p1 = deliver(entries, c.order, c.batches, { snapshotEvery: c.snapshotEvery, keepSnapshots: c.keepSnapshots }).projector;
          const p2 = deliver(entries, other, [1], { snapshotEvery: 3, keepSnapshots: 2 }).projector;
          expect(stateHash(hasher, p2.state)).toBe(stateHash(hasher, p1.state));
          expect(p2.state).toEqual(p1.state);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('equivocation evidence arriving at any point gives the same state as marking it up front', () => {
    fc.assert(
      fc.property(
        caseArb,
        pick(['bob', 'carol'] as const),
        fc.integer({ min: 1, max: 6 }),
        fc.nat(),
        ({ steps, order, batches, snapshotEvery, keepSnapshots }, who, seq, when) => {
          const { b, entries } = build(steps);
          const author = b.key(who);
          let marked = false;
          const mark = (projector: Projector, source: MemorySource): void => {
            // What the workspace passes: the first stored entry of that author at or after seq.
            let first: OrderKey | null = null;
            for (const e of source.all()) {
              if (e.header.author === author && e.header.seq >= seq && (first === null || compareOrder(keyOf(e), first) < 0)) first = keyOf(e);
            }
            projector.markEquivocation(author, seq, first);
            marked = true;
          };
          // Mark once at least `threshold` entries have been delivered (after the first batch at the earliest).
          const threshold = when % (order.length + 1);
          const { projector, source } = deliver(entries, order, batches, { snapshotEvery, keepSnapshots }, (p, s) => {
            if (!marked && s.size >= threshold) mark(p, s);
          });
          if (!marked) mark(projector, source);
          expect(stateHash(hasher, projector.state)).toBe(refoldHash(entries, { equivocations: { [author]: seq } }));
        },
      ),
      { numRuns: 100 },
    );
  });
});
