import { useEffect, useMemo, useRef, useState } from 'react';
import type { WorkspaceState } from '../../shared/state';
import { layoutCatalog, type LayoutEdge, type LayoutNode, type LayoutResult } from './layout';
import type { LayoutRequest, LayoutResponse } from './layout.worker';

// Lays the catalog out only when its structure changes (services, teams,
// edges), never on a status change. Large catalogs go to a web worker; small
// ones, and environments without workers (tests), use the same pure function
// inline.

const WORKER_THRESHOLD = 150;

export interface CatalogShape {
  key: string;
  nodes: LayoutNode[];
  edges: LayoutEdge[];
}

export function catalogShape(state: WorkspaceState | null): CatalogShape {
  if (state === null) return { key: '', nodes: [], edges: [] };
  const nodes: LayoutNode[] = [
    ...Object.values(state.services)
      .filter((s) => !s.retired)
      .map((s) => ({ id: s.id, type: 'service' as const })),
    ...Object.keys(state.teams).map((id) => ({ id, type: 'team' as const })),
  ];
  const edges: LayoutEdge[] = Object.values(state.edges).map((e) => ({ type: e.type, from: e.from, to: e.to }));
  const key = [...nodes.map((n) => `${n.type[0]}:${n.id}`).sort(), '|', ...Object.keys(state.edges).sort()].join(',');
  return { key, nodes, edges };
}

let worker: Worker | null = null;
let nextRequest = 1;

function layoutWorker(): Worker | null {
  if (typeof Worker === 'undefined') return null;
  worker ??= new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
  return worker;
}

// Start the worker (fetch and compile its script) while the page is still
// connecting and fetching its first snapshot, not once that snapshot is in:
// for a large catalog the first layout then starts at once.
if (typeof window !== 'undefined') layoutWorker();

export function useLayout(state: WorkspaceState | null): { layout: LayoutResult | null; pending: boolean; error: string | null } {
  const shapeRef = useRef<CatalogShape>({ key: '\u0000', nodes: [], edges: [] });
  // Only a new state can have a new shape: not recomputed (and its key re-sorted) on every render.
  const next = useMemo(() => catalogShape(state), [state]);
  if (next.key !== shapeRef.current.key) shapeRef.current = next;
  const shape = shapeRef.current;
  const big = shape.nodes.length > WORKER_THRESHOLD && layoutWorker() !== null;
  const inline = useMemo(() => (big ? null : layoutCatalog(shape.nodes, shape.edges)), [big, shape]);
  const [fromWorker, setFromWorker] = useState<{ key: string; layout: LayoutResult } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!big) return;
    const w = layoutWorker();
    if (w === null) return;
    const id = nextRequest++;
    const onMessage = (event: MessageEvent<LayoutResponse>) => {
      if (event.data.id !== id) return;
      if (event.data.ok) {
        setFromWorker({ key: shape.key, layout: event.data.result });
        setError(null);
      } else setError(`Layout failed: ${event.data.error}`);
    };
    w.addEventListener('message', onMessage);
    const request: LayoutRequest = { id, nodes: shape.nodes, edges: shape.edges };
    w.postMessage(request);
    return () => w.removeEventListener('message', onMessage);
  }, [big, shape]);

  if (!big) return { layout: inline, pending: false, error: null };
  // While a new layout is computed, keep showing the previous one: nodes never jump to the origin.
  return { layout: fromWorker?.layout ?? null, pending: fromWorker?.key !== shape.key, error };
}
