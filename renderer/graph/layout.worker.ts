import { layoutCatalog, type LayoutEdge, type LayoutNode, type LayoutResult } from './layout';

// Runs the catalog layout off the UI thread. Requests are tagged with an id
// so the page can drop answers for a catalog that has changed since; errors
// travel back as data and are rebuilt on the page side.

export interface LayoutRequest {
  id: number;
  nodes: LayoutNode[];
  edges: LayoutEdge[];
}

export type LayoutResponse = { id: number; ok: true; result: LayoutResult } | { id: number; ok: false; error: string };

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<LayoutRequest>) => void) | null;
  postMessage(message: LayoutResponse): void;
};

scope.onmessage = (event) => {
  const { id, nodes, edges } = event.data;
  try {
    scope.postMessage({ id, ok: true, result: layoutCatalog(nodes, edges) });
  } catch (err) {
    scope.postMessage({ id, ok: false, error: err instanceof Error ? err.message : String(err) });
  }
};
