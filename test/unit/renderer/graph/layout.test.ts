import { describe, expect, it } from 'vitest';
import { layoutCatalog, type LayoutEdge, type LayoutNode, type LayoutResult } from '../../../../renderer/graph/layout';
import { SERVICE_HEIGHT, SERVICE_WIDTH } from '../../../../renderer/graph/layout';

/** A tiered catalog like the one in ARCHITECTURE.md: n services, 1-4 dependencies each on lower tiers, spread over teams. */
function catalog(n: number, teams: number, seed = 42): { nodes: LayoutNode[]; edges: LayoutEdge[] } {
  let x = seed;
  const rand = () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
  const nodes: LayoutNode[] = [];
  const edges: LayoutEdge[] = [];
  for (let t = 0; t < teams; t++) nodes.push({ id: `team-${t}`, type: 'team' });
  for (let i = 0; i < n; i++) {
    nodes.push({ id: `svc-${i}`, type: 'service' });
    edges.push({ type: 'ownedBy', from: `svc-${i}`, to: `team-${Math.floor(rand() * teams)}` });
    if (i < 20) continue;
    const deps = 1 + Math.floor(rand() * 4);
    for (let d = 0; d < deps; d++) edges.push({ type: 'dependsOn', from: `svc-${i}`, to: `svc-${Math.floor(rand() * i)}` });
  }
  return { nodes, edges };
}

function overlaps(a: { x: number; y: number }, b: { x: number; y: number }): boolean {
  return a.x < b.x + SERVICE_WIDTH && b.x < a.x + SERVICE_WIDTH && a.y < b.y + SERVICE_HEIGHT && b.y < a.y + SERVICE_HEIGHT;
}

function assertNoOverlaps(result: LayoutResult): void {
  for (const c of result.clusters) {
    const ps = c.services.map((s) => result.services[s]).filter((p) => p !== undefined);
    expect(ps).toHaveLength(c.services.length);
    const sorted = [...ps].sort((a, b) => a.x - b.x || a.y - b.y);
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length; j++) {
        const a = sorted[i];
        const b = sorted[j];
        if (a === undefined || b === undefined) continue;
        if (b.x >= a.x + SERVICE_WIDTH) break;
        expect(overlaps(a, b), `${JSON.stringify(a)} ${JSON.stringify(b)}`).toBe(false);
      }
      const p = sorted[i];
      if (p === undefined) continue;
      // Inside its team frame.
      expect(p.x).toBeGreaterThanOrEqual(c.x);
      expect(p.y).toBeGreaterThanOrEqual(c.y);
      expect(p.x + SERVICE_WIDTH).toBeLessThanOrEqual(c.x + c.width);
      expect(p.y + SERVICE_HEIGHT).toBeLessThanOrEqual(c.y + c.height);
    }
  }
}

function framesOverlap(a: { x: number; y: number; width: number; height: number }, b: typeof a): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describe('layoutCatalog', () => {
  it('groups services by owning team and layers each cluster left to right by dependsOn depth', () => {
    const nodes: LayoutNode[] = [
      { id: 'payments', type: 'team' },
      { id: 'platform', type: 'team' },
      ...['web', 'api', 'db', 'cache', 'lonely'].map((id) => ({ id, type: 'service' as const })),
    ];
    const edges: LayoutEdge[] = [
      { type: 'ownedBy', from: 'web', to: 'payments' },
      { type: 'ownedBy', from: 'api', to: 'payments' },
      { type: 'ownedBy', from: 'cache', to: 'payments' },
      { type: 'ownedBy', from: 'db', to: 'platform' },
      { type: 'dependsOn', from: 'web', to: 'api' },
      { type: 'dependsOn', from: 'api', to: 'cache' },
      { type: 'dependsOn', from: 'api', to: 'db' },
    ];
    const r = layoutCatalog(nodes, edges);
    expect(r.clusters.map((c) => [c.team, c.services])).toEqual([
      ['payments', ['api', 'cache', 'web']],
      ['platform', ['db']],
      [null, ['lonely']],
    ]);
    const x = (id: string) => r.services[id]?.x ?? NaN;
    expect(x('cache')).toBeLessThan(x('api'));
    expect(x('api')).toBeLessThan(x('web'));
    assertNoOverlaps(r);
  });

  it('is deterministic and independent of input order', () => {
    const { nodes, edges } = catalog(200, 6);
    const a = layoutCatalog(nodes, edges);
    const b = layoutCatalog([...nodes].reverse(), [...edges].reverse());
    expect(b).toEqual(a);
    expect(layoutCatalog(nodes, edges)).toEqual(a);
  });

  it('survives dependency cycles and self-loops', () => {
    const nodes: LayoutNode[] = ['a', 'b', 'c'].map((id) => ({ id, type: 'service' }));
    const edges: LayoutEdge[] = [
      { type: 'dependsOn', from: 'a', to: 'b' },
      { type: 'dependsOn', from: 'b', to: 'c' },
      { type: 'dependsOn', from: 'c', to: 'a' },
      { type: 'dependsOn', from: 'a', to: 'a' },
    ];
    const r = layoutCatalog(nodes, edges);
    expect(Object.keys(r.services).sort()).toEqual(['a', 'b', 'c']);
    assertNoOverlaps(r);
  });

  it('lays out 1,000 services with ~2,500 edges: every service placed, no overlaps, clusters apart', () => {
    const { nodes, edges } = catalog(1000, 12);
    const r = layoutCatalog(nodes, edges);
    expect(Object.keys(r.services)).toHaveLength(1000);
    expect(r.clusters.reduce((n, c) => n + c.services.length, 0)).toBe(1000);
    assertNoOverlaps(r);
    for (let i = 0; i < r.clusters.length; i++)
      for (let j = i + 1; j < r.clusters.length; j++) {
        const a = r.clusters[i];
        const b = r.clusters[j];
        if (a && b) expect(framesOverlap(a, b)).toBe(false);
      }
    // Readable aspect: not one endless row or column.
    expect(r.width / r.height).toBeGreaterThan(0.25);
    expect(r.width / r.height).toBeLessThan(4);
  });
});
