import { memo, startTransition, useEffect, useMemo, useState } from 'react';
import { ViewportPortal, type Edge } from '@xyflow/react';
import { bulkPaths } from './edgePaths';
import type { LayoutResult } from './layout';

/**
 * The graph's ordinary edges, all in one svg inside React Flow's viewport
 * (so they pan and zoom with the nodes), behind the nodes; see edgePaths.ts
 * for why they are not React Flow edges.
 *
 * When the layer first mounts (the first layout of a catalog) its paths come
 * in a transition render right after the nodes', not before them: at a
 * thousand services computing and parsing the paths took a couple of hundred
 * milliseconds that otherwise held back the nodes' first render. Later
 * changes redraw them at once, as before.
 */
function EdgeLayerView({ edges, layout }: { edges: readonly Edge[]; layout: LayoutResult }) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => startTransition(() => setMounted(true)), []);
  const paths = useMemo(() => (mounted ? bulkPaths(edges, layout) : []), [mounted, edges, layout]);
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
