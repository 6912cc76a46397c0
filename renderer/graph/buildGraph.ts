import type { Edge } from '@xyflow/react';
import type { CSSProperties } from 'react';
import type { WorkspaceState } from '../../shared/state';
import { dependsOnEdgeId, impactedServices, propagationEdges } from './blast';
import type { LayoutResult } from './layout';
import type { AppNode } from './nodeTypes';

// State + layout + view options -> React Flow nodes and edges. Pure. The
// positions come only from the layout, so status and blast radius change a
// node's data, never where it is.

export interface GraphView {
  team: string | null;
  search: string;
  showOwnership: boolean;
  selected: { type: 'service' | 'team'; id: string } | null;
}

const UNOWNED = '__unowned';

export function buildGraph(state: WorkspaceState, layout: LayoutResult, view: GraphView): { nodes: AppNode[]; edges: Edge[] } {
  const impacted = impactedServices(state);
  // Only the edges impact travels along are highlighted, not every edge touching an impacted service.
  const path = new Set(propagationEdges(state).map((e) => dependsOnEdgeId(e.from, e.to)));
  const query = view.search.trim().toLowerCase();
  const clusterOf = new Map<string, string | null>();
  for (const c of layout.clusters) for (const s of c.services) clusterOf.set(s, c.team);
  const visible = (service: string) => view.team === null || clusterOf.get(service) === view.team;

  const nodes: AppNode[] = [];
  for (const c of layout.clusters) {
    const team = c.team === null ? null : (state.teams[c.team] ?? null);
    const troubled = c.services.filter((s) => impacted.has(s) || ['down', 'degraded'].includes(state.services[s]?.status ?? '')).length;
    const id = c.team === null ? UNOWNED : `team:${c.team}`;
    nodes.push({
      id,
      type: 'team',
      position: { x: c.x, y: c.y },
      width: c.width,
      height: c.height,
      zIndex: -1,
      draggable: false,
      hidden: view.team !== null && view.team !== c.team,
      selected: view.selected?.type === 'team' && view.selected.id === c.team,
      data: { name: team?.name ?? 'Unowned services', services: c.services.length, troubled },
    });
  }
  for (const c of layout.clusters) {
    for (const id of c.services) {
      const service = state.services[id];
      const position = layout.services[id];
      if (service === undefined || position === undefined) continue;
      const match = query !== '' && (service.name.toLowerCase().includes(query) || id.includes(query));
      nodes.push({
        id,
        type: 'service',
        position,
        style: placedAt(position),
        draggable: false,
        hidden: !visible(id),
        selected: view.selected?.type === 'service' && view.selected.id === id,
        data: { name: service.name, status: service.status, tier: service.tier, blast: impacted.has(id), match, dimmed: query !== '' && !match },
      });
    }
  }

  const edges: Edge[] = [];
  for (const e of Object.values(state.edges)) {
    if (!clusterOf.has(e.from)) continue;
    if (e.type === 'dependsOn') {
      if (!clusterOf.has(e.to)) continue;
      // Drawn dependency -> dependent: the arrow points the way an outage spreads.
      // Not `animated`: an infinite dash animation on SVG paths restyles every
      // frame on the main thread, which in a big blast radius costs more than
      // the updates themselves (edge-blast is a static dashed stroke instead).
      const id = dependsOnEdgeId(e.from, e.to);
      const hot = path.has(id);
      edges.push({
        id,
        source: e.to,
        target: e.from,
        // While something fails, the other dependencies step back so the propagation path reads from across a room.
        className: hot ? 'edge-depends edge-blast' : path.size > 0 ? 'edge-depends edge-quiet' : 'edge-depends',
        ...(hot ? { zIndex: 1 } : {}),
        hidden: !visible(e.from) || !visible(e.to),
      });
    } else if (view.showOwnership && Object.hasOwn(state.teams, e.to)) {
      edges.push({
        id: `ownedBy:${e.from}->${e.to}`,
        source: e.from,
        sourceHandle: 'owner',
        target: `team:${e.to}`,
        targetHandle: 'team',
        className: 'edge-owner',
        hidden: !visible(e.from) || (view.team !== null && view.team !== e.to),
      });
    }
  }
  return { nodes, edges };
}

/**
 * Where a service node sits: left/top instead of React Flow's translate().
 * Every transform is a paint property of its own, and Chromium re-layerizes
 * the whole page on any frame whose paint changes shape (a timeline scroll
 * included), walking every one: with 1,000 services (and their handles, see
 * styles.css) that cost more than the frame. (Team frames keep theirs: there
 * are only a few.)
 */
function placedAt(p: { x: number; y: number }): CSSProperties {
  return { transform: 'none', left: p.x, top: p.y };
}

/** Keep the previous object for every node whose content did not change, so memo() skips it. */
export function reuseUnchanged(previous: Map<string, AppNode>, next: AppNode[]): AppNode[] {
  return reuse(previous, next, sameNode);
}

/** The same for edges: a status change touches a handful of them, not all 3,000 of a big catalog. */
export function reuseUnchangedEdges(previous: Map<string, Edge>, next: Edge[]): Edge[] {
  return reuse(previous, next, sameEdge);
}

/** The previous array itself when nothing in it changed, so React Flow skips its O(n) store update. */
const lastArray = new WeakMap<Map<string, unknown>, unknown[]>();

function reuse<T extends { id: string }>(previous: Map<string, T>, next: T[], same: (a: T, b: T) => boolean): T[] {
  let changed = next.length !== previous.size;
  const out = next.map((item) => {
    const old = previous.get(item.id);
    if (old !== undefined && same(old, item)) return old;
    changed = true;
    return item;
  });
  const before = lastArray.get(previous) as T[] | undefined;
  if (!changed && before !== undefined && before.length === out.length && out.every((item, i) => item === before[i])) return before;
  previous.clear();
  for (const item of out) previous.set(item.id, item);
  lastArray.set(previous, out);
  return out;
}

function sameFields(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(b);
  return keys.length === Object.keys(a).length && keys.every((k) => a[k] === b[k]);
}

function sameNode(a: AppNode, b: AppNode): boolean {
  if (a.type !== b.type || a.hidden !== b.hidden || a.selected !== b.selected) return false;
  if (a.position.x !== b.position.x || a.position.y !== b.position.y || a.width !== b.width || a.height !== b.height) return false;
  return sameFields(a.data as Record<string, unknown>, b.data as Record<string, unknown>);
}

function sameEdge(a: Edge, b: Edge): boolean {
  return sameFields(a as unknown as Record<string, unknown>, b as unknown as Record<string, unknown>);
}
