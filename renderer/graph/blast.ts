import { dependentsOf, type WorkspaceState } from '../../shared/state';

/**
 * Every service impacted by a degraded or down service: the union of their
 * blast radii (transitive dependents), excluding the failing services
 * themselves. One multi-source walk instead of one blastRadius() per failure.
 */
export function impactedServices(state: Pick<WorkspaceState, 'edges' | 'services'>): Set<string> {
  const failing = Object.values(state.services)
    .filter((s) => !s.retired && (s.status === 'down' || s.status === 'degraded'))
    .map((s) => s.id);
  return dependentsOf(state, failing);
}
