import { describe, expect, it } from 'vitest';
import type { Edge } from '@xyflow/react';
import { bulkPaths, isHighlighted } from '../../../../renderer/graph/edgePaths';
import { SERVICE_HEIGHT, SERVICE_WIDTH, type LayoutResult } from '../../../../renderer/graph/layout';

const layout: LayoutResult = {
  services: { db: { x: 0, y: 0 }, api: { x: 400, y: 100 }, web: { x: 800, y: 100 } },
  clusters: [{ team: 'platform', x: -20, y: -40, width: 1200, height: 300, services: ['db', 'api', 'web'] }],
  width: 1200,
  height: 300,
} as unknown as LayoutResult;

const depends = (from: string, to: string, className = 'edge-depends', hidden = false): Edge => ({
  id: `dependsOn:${from}->${to}`,
  source: to,
  target: from,
  className,
  hidden,
});

describe('bulk edges', () => {
  it('draws each look as one path, from a dependency right side to its dependent left side and from a service top to its team frame top', () => {
    const paths = bulkPaths(
      [
        depends('api', 'db'),
        depends('web', 'api'),
        { id: 'ownedBy:db->platform', source: 'db', sourceHandle: 'owner', target: 'team:platform', targetHandle: 'team', className: 'edge-owner' },
      ],
      layout,
    );
    expect(paths.map((p) => p.look)).toEqual(['edge-owner', 'edge-depends']);
    const dependsPath = paths[1]!.d;
    // Two curves, each starting where React Flow's handles would be.
    expect(dependsPath.match(/M/g)).toHaveLength(2);
    // Handles are 8 px dots centred on the border: the curves end at their outer side, as React Flow's do.
    expect(dependsPath).toMatch(new RegExp(`^M${SERVICE_WIDTH + 4},${SERVICE_HEIGHT / 2} C.* ${400 - 4},${100 + SERVICE_HEIGHT / 2}`));
    expect(paths[0]!.d).toMatch(new RegExp(`^M${SERVICE_WIDTH / 2},-4 C.* ${-20 + 600},-44$`));
  });

  it('leaves out hidden edges and the highlighted ones, which React Flow draws', () => {
    const hot = depends('api', 'db', 'edge-depends edge-blast');
    const paths = bulkPaths([hot, depends('web', 'api', 'edge-depends edge-quiet'), depends('web', 'db', 'edge-depends', true)], layout);
    expect(isHighlighted(hot)).toBe(true);
    expect(paths).toEqual([{ look: 'edge-depends edge-quiet', d: expect.stringMatching(/^M-?\d+,-?\d+ C[^M]+$/) }]);
    expect(bulkPaths([hot], layout)).toEqual([]);
  });
});
