import { describe, expect, it } from 'vitest';
import { blastRadius, edgeKey, type Edge } from '../../../../shared/state';
import { foldAll } from './journalBuilder';
import { team } from '../entries/foldScene';

// blastRadius (shared/state): every transitive dependent of a service.

describe('blastRadius', () => {
  function graph(edges: Array<[string, string]>, extra: Edge[] = []): { edges: Record<string, Edge> } {
    const out: Record<string, Edge> = {};
    for (const [from, to] of edges) out[edgeKey('dependsOn', from, to)] = { type: 'dependsOn', from, to, tags: ['t'] };
    for (const e of extra) out[edgeKey(e.type, e.from, e.to)] = e;
    return { edges: out };
  }

  // web -> api -> db -> storage; mobile -> api; worker -> db; report -> web; (x dependsOn y)
  const g = graph(
    [
      ['web', 'api'],
      ['mobile', 'api'],
      ['api', 'db'],
      ['worker', 'db'],
      ['db', 'storage'],
      ['report', 'web'],
    ],
    [{ type: 'ownedBy', from: 'db', to: 'storage', tags: ['t'] }],
  );

  it('is every transitive dependent, sorted, without the service itself', () => {
    expect(blastRadius(g, 'storage')).toEqual(['api', 'db', 'mobile', 'report', 'web', 'worker']);
    expect(blastRadius(g, 'db')).toEqual(['api', 'mobile', 'report', 'web', 'worker']);
    expect(blastRadius(g, 'api')).toEqual(['mobile', 'report', 'web']);
    expect(blastRadius(g, 'web')).toEqual(['report']);
  });

  it('is empty for a leaf and for an unknown service', () => {
    expect(blastRadius(g, 'report')).toEqual([]);
    expect(blastRadius(g, 'nothing')).toEqual([]);
    expect(blastRadius({ edges: {} }, 'db')).toEqual([]);
  });

  it('ignores ownedBy edges', () => {
    const owned = graph([], [{ type: 'ownedBy', from: 'api', to: 'payments', tags: ['t'] }]);
    expect(blastRadius(owned, 'payments')).toEqual([]);
  });

  it('terminates on a cycle and leaves the service out even when it depends on itself transitively', () => {
    // a -> b -> c -> a, and d -> c
    const cyc = graph([
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'a'],
      ['d', 'c'],
    ]);
    expect(blastRadius(cyc, 'a')).toEqual(['b', 'c', 'd']);
    expect(blastRadius(cyc, 'c')).toEqual(['a', 'b', 'd']);
    expect(blastRadius(cyc, 'd')).toEqual([]);
  });

  it('works on the folded state', () => {
    const { b, base } = team();
    const svc = (service: string) => b.append('bob', 'catalog.servicePut', { service, name: service });
    const dep = (from: string, to: string) => b.append('bob', 'catalog.edgeAdd', { type: 'dependsOn', from, to });
    const state = foldAll([...base, svc('web'), svc('api'), svc('db'), dep('web', 'api'), dep('api', 'db')]);
    expect(blastRadius(state, 'db')).toEqual(['api', 'web']);
  });
});
