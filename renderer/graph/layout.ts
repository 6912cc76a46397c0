// Team-cluster layered layout: a pure function (nodes, edges) -> positions.
//
// Services are grouped by owning team (the smallest team id when a service
// has several owners; unowned services form their own cluster). Inside a
// cluster, services are layered left to right by dependsOn depth (a service
// sits one layer right of the deepest dependency it has in the same cluster),
// ordered within a layer by the barycentre of their dependencies, and a tall
// layer wraps into several columns. Clusters are then packed into shelves.
// Everything is O(V + E) plus sorting, so 1,000 services take milliseconds,
// not the ~10 s of a whole-graph elkjs run (ARCHITECTURE.md, Performance
// budget). Status is not an input: a status change can never move a node.

export interface LayoutNode {
  id: string;
  type: 'service' | 'team';
}

export interface LayoutEdge {
  type: 'dependsOn' | 'ownedBy';
  /** dependsOn: the dependent service; ownedBy: the service. */
  from: string;
  /** dependsOn: the dependency; ownedBy: the team. */
  to: string;
}

export interface Point {
  x: number;
  y: number;
}

export interface Cluster {
  /** Team id, or null for services nobody owns. */
  team: string | null;
  x: number;
  y: number;
  width: number;
  height: number;
  services: string[];
}

export interface LayoutResult {
  services: Record<string, Point>;
  clusters: Cluster[];
  width: number;
  height: number;
}

// Room for a service's full name on two lines (the node clamps anything
// longer and carries the whole name as its tooltip).
export const SERVICE_WIDTH = 256;
export const SERVICE_HEIGHT = 80;
const GAP_X = 60;
const GAP_Y = 18;
const PAD = 24;
const HEADER = 52;
const CLUSTER_GAP = 60;
const MIN_CLUSTER_WIDTH = SERVICE_WIDTH + 2 * PAD;

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Longest-path layer of every service inside one cluster; cycles are cut where the DFS meets them. */
function layers(services: string[], deps: Map<string, string[]>): Map<string, number> {
  const layer = new Map<string, number>();
  const onStack = new Set<string>();
  for (const root of services) {
    if (layer.has(root)) continue;
    const stack: { id: string; next: number }[] = [{ id: root, next: 0 }];
    onStack.add(root);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      if (frame === undefined) break;
      const children = deps.get(frame.id) ?? [];
      if (frame.next < children.length) {
        const child = children[frame.next++];
        if (child !== undefined && !layer.has(child) && !onStack.has(child)) {
          onStack.add(child);
          stack.push({ id: child, next: 0 });
        }
        continue;
      }
      let depth = 0;
      for (const child of children) {
        const l = layer.get(child);
        if (l !== undefined) depth = Math.max(depth, l + 1);
      }
      layer.set(frame.id, depth);
      onStack.delete(frame.id);
      stack.pop();
    }
  }
  return layer;
}

function layoutCluster(team: string | null, services: string[], deps: Map<string, string[]>): { cluster: Cluster; local: Map<string, Point> } {
  const layerOf = layers(services, deps);
  const columns: string[][] = [];
  for (const id of services) {
    const l = layerOf.get(id) ?? 0;
    (columns[l] ??= []).push(id);
  }
  const maxRows = Math.max(6, Math.ceil(Math.sqrt(services.length) * 1.5));
  const row = new Map<string, number>();
  const local = new Map<string, Point>();
  let col = 0;
  let rows = 0;
  for (const members of columns) {
    if (members === undefined) continue;
    const centre = (id: string): number => {
      const ds = (deps.get(id) ?? []).map((d) => row.get(d)).filter((r): r is number => r !== undefined);
      return ds.length === 0 ? Number.POSITIVE_INFINITY : ds.reduce((a, b) => a + b, 0) / ds.length;
    };
    const keyed = members.map((id) => ({ id, key: centre(id) }));
    keyed.sort((a, b) => (a.key === b.key ? byId(a.id, b.id) : a.key < b.key ? -1 : 1));
    keyed.forEach(({ id }, i) => {
      const c = col + Math.floor(i / maxRows);
      const r = i % maxRows;
      row.set(id, r);
      local.set(id, { x: PAD + c * (SERVICE_WIDTH + GAP_X), y: HEADER + r * (SERVICE_HEIGHT + GAP_Y) });
    });
    col += Math.ceil(members.length / maxRows);
    rows = Math.max(rows, Math.min(members.length, maxRows));
  }
  const width = Math.max(MIN_CLUSTER_WIDTH, 2 * PAD + col * (SERVICE_WIDTH + GAP_X) - GAP_X);
  const height = HEADER + PAD + Math.max(1, rows) * (SERVICE_HEIGHT + GAP_Y) - GAP_Y;
  return { cluster: { team, x: 0, y: 0, width, height, services }, local };
}

export function layoutCatalog(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[]): LayoutResult {
  const services = [...new Set(nodes.filter((n) => n.type === 'service').map((n) => n.id))].sort(byId);
  const teams = [...new Set(nodes.filter((n) => n.type === 'team').map((n) => n.id))].sort(byId);
  const serviceSet = new Set(services);
  const teamSet = new Set(teams);

  const owner = new Map<string, string>();
  for (const e of edges) {
    if (e.type !== 'ownedBy' || !serviceSet.has(e.from) || !teamSet.has(e.to)) continue;
    const current = owner.get(e.from);
    if (current === undefined || e.to < current) owner.set(e.from, e.to);
  }
  const members = new Map<string | null, string[]>(teams.map((t) => [t, []]));
  for (const s of services) {
    const key = owner.get(s) ?? null;
    const list = members.get(key);
    if (list) list.push(s);
    else members.set(key, [s]);
  }

  // Dependencies inside the same cluster only: cross-team edges do not shape a cluster.
  const deps = new Map<string, string[]>();
  for (const e of edges) {
    if (e.type !== 'dependsOn' || e.from === e.to || !serviceSet.has(e.from) || !serviceSet.has(e.to)) continue;
    if ((owner.get(e.from) ?? null) !== (owner.get(e.to) ?? null)) continue;
    const list = deps.get(e.from);
    if (list) list.push(e.to);
    else deps.set(e.from, [e.to]);
  }
  for (const [k, list] of deps) deps.set(k, [...new Set(list)].sort(byId));

  const order = [...teams, ...(members.has(null) ? [null] : [])];
  const laid = order.map((team) => layoutCluster(team, members.get(team) ?? [], deps));

  // Shelf packing, clusters in team order, shelves about as wide as the whole is tall.
  const area = laid.reduce((a, { cluster }) => a + (cluster.width + CLUSTER_GAP) * (cluster.height + CLUSTER_GAP), 0);
  const widest = laid.reduce((a, { cluster }) => Math.max(a, cluster.width), 0);
  const shelfWidth = Math.max(widest, Math.sqrt(area) * 1.6);
  let x = 0;
  let y = 0;
  let shelfHeight = 0;
  let width = 0;
  const positions: Record<string, Point> = {};
  const clusters: Cluster[] = [];
  for (const { cluster, local } of laid) {
    if (x > 0 && x + cluster.width > shelfWidth) {
      x = 0;
      y += shelfHeight + CLUSTER_GAP;
      shelfHeight = 0;
    }
    clusters.push({ ...cluster, x, y });
    for (const [id, p] of local) positions[id] = { x: x + p.x, y: y + p.y };
    width = Math.max(width, x + cluster.width);
    shelfHeight = Math.max(shelfHeight, cluster.height);
    x += cluster.width + CLUSTER_GAP;
  }
  return { services: positions, clusters, width, height: y + shelfHeight };
}
