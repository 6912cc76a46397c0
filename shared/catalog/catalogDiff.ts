import type { EntryDraft } from '../entries';
import { edgeKey, own, type EdgeType, type WorkspaceState } from '../state/state';

// A desired catalog (from our own catalog YAML, a Backstage import, later the
// UI) is turned into the fewest journal entries that make the workspace match
// it. Importing the same catalog twice therefore appends nothing, and a
// changed dependency appends only its edge entries.

export interface DesiredTeam {
  id: string;
  /** null: the team is only referred to (e.g. as an owner); create it under its id, never rename it. */
  name: string | null;
  /** undefined: keep the team's channel ('' for a new team). */
  channel?: string;
}

export interface DesiredService {
  id: string;
  name: string;
  description: string;
  /** undefined: keep the service's tier (null for a new service). */
  tier?: number | null;
  /** Only referred to (e.g. an API a component provides): create it if missing, never overwrite it. */
  placeholder?: boolean;
}

export interface DesiredEdge {
  type: EdgeType;
  from: string;
  to: string;
}

export interface DesiredCatalog {
  teams: readonly DesiredTeam[];
  services: readonly DesiredService[];
  /** Edges that must exist, in the order they should be added. */
  edges: readonly DesiredEdge[];
  /**
   * Whether this catalog speaks for an existing edge: such an edge is removed
   * when it is not in `edges`. A partial catalog (one file of many) must not
   * remove edges that other files declared.
   */
  governs(edge: DesiredEdge): boolean;
}

/**
 * The entries that make `state` match `desired`: team and service puts for
 * what is missing or different, edge removals for governed edges no longer
 * wanted, then edge additions. Pure; the order is deterministic.
 */
export function catalogDrafts(desired: DesiredCatalog, state: Readonly<WorkspaceState>): EntryDraft[] {
  const out: EntryDraft[] = [];
  for (const t of desired.teams) {
    const existing = own(state.teams, t.id);
    const name = t.name ?? existing?.name ?? t.id;
    const channel = t.channel ?? existing?.channel ?? '';
    if (existing !== undefined && existing.name === name && existing.channel === channel) continue;
    out.push({ kind: 'catalog.teamPut', body: { team: t.id, name, channel } });
  }
  for (const s of desired.services) {
    const existing = own(state.services, s.id);
    if (s.placeholder === true && existing !== undefined) continue;
    const tier = s.tier === undefined ? (existing?.tier ?? null) : s.tier;
    const same = existing !== undefined && !existing.retired && existing.name === s.name && existing.description === s.description && existing.tier === tier;
    if (!same) out.push({ kind: 'catalog.servicePut', body: { service: s.id, name: s.name, description: s.description, tier } });
  }
  const wanted = new Set(desired.edges.map((e) => edgeKey(e.type, e.from, e.to)));
  for (const key of Object.keys(state.edges).sort()) {
    const edge = state.edges[key]!;
    if (wanted.has(key) || !desired.governs(edge)) continue;
    out.push({ kind: 'catalog.edgeRemove', body: { type: edge.type, from: edge.from, to: edge.to, observed: [...edge.tags] } });
  }
  const added = new Set<string>();
  for (const e of desired.edges) {
    const key = edgeKey(e.type, e.from, e.to);
    if (added.has(key) || own(state.edges, key) !== undefined) continue;
    added.add(key);
    out.push({ kind: 'catalog.edgeAdd', body: { type: e.type, from: e.from, to: e.to } });
  }
  return out;
}

/** How many entries of each catalog kind a list of drafts holds (for reports and dry runs). */
export function countCatalogDrafts(drafts: readonly EntryDraft[]): { teams: number; services: number; edgesAdded: number; edgesRemoved: number } {
  const count = (kind: string) => drafts.filter((d) => d.kind === kind).length;
  return {
    teams: count('catalog.teamPut'),
    services: count('catalog.servicePut'),
    edgesAdded: count('catalog.edgeAdd'),
    edgesRemoved: count('catalog.edgeRemove'),
  };
}

/** One line per entry an import makes, for a dry run's list (CLI and console). */
export function describeCatalogDraft(d: EntryDraft): string {
  switch (d.kind) {
    case 'catalog.teamPut':
      return `team ${d.body.team} "${d.body.name}"`;
    case 'catalog.servicePut':
      return `service ${d.body.service} "${d.body.name}"`;
    case 'catalog.edgeAdd':
      return `+ edge ${d.body.from} ${d.body.type} ${d.body.to}`;
    case 'catalog.edgeRemove':
      return `- edge ${d.body.from} ${d.body.type} ${d.body.to}`;
    default:
      return d.kind;
  }
}
