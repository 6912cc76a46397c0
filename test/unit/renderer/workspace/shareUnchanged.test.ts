import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { shareCopy, shareUnchanged } from '../../../../renderer/workspace/shareUnchanged';

describe('shareUnchanged', () => {
  it('keeps every untouched subtree and replaces only the changed path', () => {
    const prev = { services: { a: { status: 'healthy', tags: ['x'] }, b: { status: 'healthy', tags: [] } }, teams: { t: { name: 'T' } } };
    const next = JSON.parse(JSON.stringify(prev)) as typeof prev;
    next.services.a.status = 'down';
    const out = shareUnchanged(prev, next);
    expect(out).toEqual(next);
    expect(out).not.toBe(prev);
    expect(out.services).not.toBe(prev.services);
    expect(out.services.a).not.toBe(prev.services.a);
    expect(out.services.a.tags).toBe(prev.services.a.tags);
    expect(out.services.b).toBe(prev.services.b);
    expect(out.teams).toBe(prev.teams);
  });

  it('returns the previous object when nothing changed, and notices removed and added keys', () => {
    const prev = { a: { x: 1 }, b: [1, 2] };
    expect(shareUnchanged(prev, JSON.parse(JSON.stringify(prev)) as typeof prev)).toBe(prev);
    const removed = shareUnchanged<Record<string, unknown>>(prev, { a: { x: 1 } });
    expect(removed).toEqual({ a: { x: 1 } });
    expect(removed).not.toBe(prev);
    const added = shareUnchanged<Record<string, unknown>>(prev, { a: { x: 1 }, b: [1, 2], c: null });
    expect(added).toEqual({ a: { x: 1 }, b: [1, 2], c: null });
  });

  it('keeps a member named __proto__ as a member', () => {
    const next = JSON.parse('{"__proto__": false, "a": 1}') as Record<string, unknown>;
    const out = shareUnchanged<Record<string, unknown>>({}, next);
    expect(Object.hasOwn(out, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(out).toEqual(next);
  });

  it('always yields a value deep-equal to the new state', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        expect(shareUnchanged(a, b)).toEqual(b);
      }),
      { numRuns: 300 },
    );
  });

  it('shares everything with an equal copy, minus zero included', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (a) => {
        const copy = JSON.parse(JSON.stringify(a)) as unknown;
        expect(shareUnchanged(a, copy)).toEqual(copy);
      }),
      { numRuns: 500 },
    );
  });

  it('shareCopy: equal to the live state, sharing the previous copy where unchanged, holding none of the live objects', () => {
    /** Every object reachable from `v`. */
    const objects = (v: unknown, out = new Set<object>()): Set<object> => {
      if (typeof v === 'object' && v !== null) {
        out.add(v);
        for (const child of Object.values(v)) objects(child, out);
      }
      return out;
    };
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (before, after) => {
        const live = { kept: structuredClone(before), changed: after };
        const prev = shareCopy(null, { kept: before, changed: before });
        const out = shareCopy(prev, live);
        expect(out).toEqual(live);
        const liveObjects = objects(live);
        for (const o of objects(out)) expect(liveObjects.has(o)).toBe(false);
        if (typeof before === 'object' && before !== null) expect(out.kept).toBe(prev.kept);
      }),
      { numRuns: 300 },
    );
  });
});
