import { dependentsOf } from './blastRadius';
import type { Edge, WorkspaceState } from './state';

// The blast radius as the console draws it: which services are hit and along
// which dependency edges the impact travels. Highlighting every edge that
// touches an impacted service lights up half the demo graph (an impacted
// service's healthy dependencies carry no impact); only the propagation path
// tells a commander where the outage comes from.

type BlastInput = Pick<WorkspaceState, 'edges' | 'services'>;

/** Live services that are down or degraded: where impact starts. Sorted. */
export function failingServices(state: Pick<WorkspaceState, 'services'>): string[] {
  return Object.values(state.services)
    .filter((s) => !s.retired && (s.status === 'down' || s.status === 'degraded'))
    .map((s) => s.id)
    .sort();
}

/**
 * Every service impacted by a failing one: the union of their blast radii
 * (transitive dependents). A failing service is in it only when it depends
 * on another failing service. One multi-source walk, not one per failure.
 */
export function impactedServices(state: BlastInput): Set<string> {
  return dependentsOf(state, failingServices(state));
}

/**
 * The dependsOn edges along which impact propagates: dependent -> dependency
 * where the dependency is failing or impacted and the dependent is impacted.
 * An edge from an impacted service to a healthy dependency is not on the path.
 * Sorted by (from, to).
 */
export function propagationEdges(state: BlastInput): Edge[] {
  const failing = new Set(failingServices(state));
  const impacted = dependentsOf(state, failing);
  return Object.values(state.edges)
    .filter((e) => e.type === 'dependsOn' && impacted.has(e.from) && (failing.has(e.to) || impacted.has(e.to)))
    .sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
}

/** dependsOn edges with an impacted or failing service at either end: what the old highlight lit up. */
export function edgesTouchingImpact(state: BlastInput): Edge[] {
  const failing = new Set(failingServices(state));
  const impacted = dependentsOf(state, failing);
  const hot = (id: string) => failing.has(id) || impacted.has(id);
  return Object.values(state.edges).filter((e) => e.type === 'dependsOn' && (hot(e.from) || hot(e.to)));
}
