import { getBezierPath, Position, type Edge } from '@xyflow/react';
import { SERVICE_HEIGHT, SERVICE_WIDTH, type LayoutResult } from './layout';

// Every edge but the highlighted ones is drawn as part of a few long SVG
// paths, one per look, in ONE svg element (EdgeLayer.tsx), instead of one
// svg element each through React Flow. React Flow wraps every edge in its own
// svg, and to Chromium each is a paint chunk of its own: 4,000 edges made every
// frame of the page, a timeline scroll too, re-layerize 4,000 chunks. Drawn
// here they are one. The curves are React Flow's own (getBezierPath), between
// the points its handles would have: a dependency's right side to its
// dependent's left, a service's top to its team frame's top.

/** The looks, in drawing order; a bulk edge has exactly one of these class names. */
export const BULK_LOOKS = ['edge-owner', 'edge-depends edge-quiet', 'edge-depends'] as const;
export type BulkLook = (typeof BULK_LOOKS)[number];

/** Only these edges go to React Flow: the propagation path, drawn on top, with their ids in the DOM. */
export function isHighlighted(edge: Edge): boolean {
  return (edge.className ?? '').split(' ').includes('edge-blast');
}

type Box = { x: number; y: number; width: number; height: number };

/** Handles are 8 px dots centred on the border (styles.css); React Flow's edges end at their outer side. */
const HANDLE_OUT = 4;

function boxes(layout: LayoutResult): Map<string, Box> {
  const out = new Map<string, Box>();
  for (const [id, p] of Object.entries(layout.services)) out.set(id, { x: p.x, y: p.y, width: SERVICE_WIDTH, height: SERVICE_HEIGHT });
  for (const c of layout.clusters) if (c.team !== null) out.set(`team:${c.team}`, { x: c.x, y: c.y, width: c.width, height: c.height });
  return out;
}

/** One path per look with every visible, not highlighted edge of that look (looks without edges left out). */
export function bulkPaths(edges: readonly Edge[], layout: LayoutResult): { look: BulkLook; d: string }[] {
  const at = boxes(layout);
  const parts = new Map<BulkLook, string[]>(BULK_LOOKS.map((look) => [look, []]));
  for (const edge of edges) {
    if (edge.hidden === true || isHighlighted(edge)) continue;
    const look = BULK_LOOKS.find((l) => l === edge.className);
    const source = at.get(edge.source);
    const target = at.get(edge.target);
    if (look === undefined || source === undefined || target === undefined) continue;
    const owner = look === 'edge-owner';
    const [d] = getBezierPath({
      sourceX: owner ? source.x + source.width / 2 : source.x + source.width + HANDLE_OUT,
      sourceY: owner ? source.y - HANDLE_OUT : source.y + source.height / 2,
      sourcePosition: owner ? Position.Top : Position.Right,
      targetX: owner ? target.x + target.width / 2 : target.x - HANDLE_OUT,
      targetY: owner ? target.y - HANDLE_OUT : target.y + target.height / 2,
      targetPosition: owner ? Position.Top : Position.Left,
    });
    parts.get(look)!.push(d);
  }
  return BULK_LOOKS.filter((look) => parts.get(look)!.length > 0).map((look) => ({ look, d: parts.get(look)!.join(' ') }));
}
