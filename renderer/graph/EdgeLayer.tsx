import { memo, useMemo } from 'react';
import { ViewportPortal, type Edge } from '@xyflow/react';
import { bulkPaths } from './edgePaths';
import type { LayoutResult } from './layout';

/**
 * The graph's ordinary edges, all in one svg inside React Flow's viewport
 * (so they pan and zoom with the nodes), behind the nodes; see edgePaths.ts
 * for why they are not React Flow edges.
 */
function EdgeLayerView({ edges, layout }: { edges: readonly Edge[]; layout: LayoutResult }) {
  const paths = useMemo(() => bulkPaths(edges, layout), [edges, layout]);
  return (
    <ViewportPortal>
      <svg className="graph-edges" aria-hidden="true" data-edges={paths.length}>
        {paths.map((p) => (
          <path key={p.look} className={`graph-edge-path ${p.look}`} d={p.d} />
        ))}
      </svg>
    </ViewportPortal>
  );
}

export const EdgeLayer = memo(EdgeLayerView);
