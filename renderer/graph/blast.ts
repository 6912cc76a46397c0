import type { WorkspaceState } from '../../shared/state';

/**
 * Every service impacted by a degraded or down service: the union of their
 * blast radii (transitive dependents), excluding the failing services
 * themselves. One multi-source walk instead of one blastRadius() per failure.
 */
export function impactedServices(state: Pick<WorkspaceState, 'edges' | 'services'>): Set<string> {
  const dependents = new Map<string, string[]>();
  for (const edge of Object.values(state.edges)) {
    if (edge.type !== 'dependsOn') continue;
    const list = dependents.get(edge.to);
    if (list) list.push(edge.from);
    else dependents.set(edge.to, [edge.from]);
  }
  const failing = Object.values(state.services)
    .filter((s) => !s.retired && (s.status === 'down' || s.status === 'degraded'))
    .map((s) => s.id);
  const seen = new Set<string>(failing);
  const queue = [...failing];
  const impacted = new Set<string>();
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
    for (const dep of dependents.get(next) ?? []) {
      impacted.add(dep);
      if (!seen.has(dep)) {
        seen.add(dep);
        queue.push(dep);
      }
    }
  }
  return impacted;
}
