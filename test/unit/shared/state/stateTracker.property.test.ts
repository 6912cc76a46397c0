// The tracking view under arbitrary writes, not only those the fold makes
// today: records set, changed in place and deleted, optional sections created
// and removed, whole sections replaced, scalars set and deleted. After each
// change the kept hash equals the from-scratch one; the undo values put the
// state back exactly; and the changed items, applied to the rows of the state
// before, give the rows of the state after (an incremental checkpoint).

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HashSum, emptyState, itemId, stateHash, stateHashSum, stateItems, type WorkspaceState } from '../../../../shared/state';
import { StateTracker } from '../../../../shared/state/stateTracker';
import { hasher } from './journalBuilder';

type Loose = Record<string, unknown>;
const SECTIONS = ['tasks', 'rejected', 'ics', 'actions'] as const;
const SCALARS = ['applied', 'workspace', 'policies', 'exercise'] as const;
const KEYS = ['a', 'b', 'c', '__proto__', 'constructor'] as const;

type Write =
  | { t: 'put'; section: (typeof SECTIONS)[number]; key: string; value: number }
  | { t: 'bump'; section: (typeof SECTIONS)[number]; key: string }
  | { t: 'delete'; section: (typeof SECTIONS)[number]; key: string }
  | { t: 'replace'; section: (typeof SECTIONS)[number]; keys: string[] }
  | { t: 'drop'; section: 'ics' | 'actions' }
  | { t: 'scalar'; name: (typeof SCALARS)[number]; value: number | null };

const section = fc.constantFrom(...SECTIONS);
const key = fc.constantFrom(...KEYS);
const writeArb: fc.Arbitrary<Write> = fc.oneof(
  fc.record({ t: fc.constant('put' as const), section, key, value: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ t: fc.constant('bump' as const), section, key }),
  fc.record({ t: fc.constant('delete' as const), section, key }),
  fc.record({ t: fc.constant('replace' as const), section, keys: fc.subarray([...KEYS]) }),
  fc.record({ t: fc.constant('drop' as const), section: fc.constantFrom('ics' as const, 'actions' as const) }),
  fc.record({ t: fc.constant('scalar' as const), name: fc.constantFrom(...SCALARS), value: fc.option(fc.integer({ min: 0, max: 3 })) }),
);

/** One write, made through the view the way fold code writes (reaching records by property access). */
function write(view: WorkspaceState, w: Write): void {
  const top = view as unknown as Loose;
  switch (w.t) {
    case 'put':
      // As actionsOf() and icsFor() do: create, then reach it through the state again (the value of
      // an assignment expression is the raw object, whose writes no trap sees).
      top[w.section] ??= {};
      (top[w.section] as Loose)[w.key] = { n: w.value };
      return;
    case 'bump': {
      const record = top[w.section] as Loose | undefined;
      const item = record !== undefined && Object.hasOwn(record, w.key) ? (record[w.key] as { n: number }) : undefined;
      if (item !== undefined) item.n += 1;
      return;
    }
    case 'delete': {
      const record = top[w.section] as Loose | undefined;
      if (record !== undefined) delete record[w.key];
      return;
    }
    case 'replace': {
      const fresh: Loose = {};
      for (const k of w.keys) Object.defineProperty(fresh, k, { value: { n: 9 }, enumerable: true, writable: true, configurable: true });
      top[w.section] = fresh;
      return;
    }
    case 'drop':
      delete top[w.section];
      return;
    case 'scalar':
      if (w.value === null && w.name !== 'applied' && w.name !== 'workspace') delete top[w.name];
      else top[w.name] = w.name === 'applied' ? (w.value ?? 0) : { v: w.value };
  }
}

function rows(state: WorkspaceState): Map<string, string> {
  return new Map([...stateItems(state)].map(([s, k, json]) => [itemId(s, k), json]));
}

describe('StateTracker', () => {
  it('keeps the hash, the undo values and the changed items right under arbitrary writes', () => {
    fc.assert(
      fc.property(fc.array(fc.array(writeArb, { maxLength: 4 }), { minLength: 1, maxLength: 12 }), (entries) => {
        const start = emptyState();
        const tracker = new StateTracker(hasher, structuredClone(start), stateHashSum(hasher, start));
        tracker.clean();
        for (const writes of entries) {
          tracker.run((view) => writes.forEach((w) => write(view, w)));
          expect(tracker.hashSum.hex()).toBe(stateHash(hasher, tracker.state));
        }
        // The changed items turn the rows of the start into the rows of now.
        const before = rows(start);
        const changes = tracker.takeChanges();
        expect(changes.all).toBe(false);
        if (!changes.all) {
          for (const [s, k, json] of changes.items) {
            if (json === null) before.delete(itemId(s, k));
            else before.set(itemId(s, k), json);
          }
        }
        expect(before).toEqual(rows(tracker.state));
        // The undo values put the start back.
        tracker.restore(tracker.undo, stateHashSum(hasher, start));
        expect(rows(tracker.state)).toEqual(rows(start));
        expect(tracker.hashSum.hex()).toBe(stateHash(hasher, start));
      }),
      { numRuns: 400 },
    );
  });

  it('sums digests modulo 2^256: adding then subtracting a digest gives the sum back', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), (a, b) => {
        const sum = new HashSum();
        sum.addDigest(a);
        const once = sum.hex();
        sum.addDigest(b);
        sum.subDigest(b);
        expect(sum.hex()).toBe(once);
        expect(HashSum.fromHex(once).hex()).toBe(once);
      }),
    );
    const max = new HashSum();
    max.addDigest(new Uint8Array(32).fill(0xff));
    max.addDigest(Uint8Array.from({ length: 32 }, (_, i) => (i === 31 ? 1 : 0)));
    expect(max.hex()).toBe('0'.repeat(64));
  });
});
