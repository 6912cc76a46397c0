import type { WorkspaceState } from './state';

/**
 * Every service that depends, directly or transitively, on any of `sources`.
 * A source appears only if it depends on another source.
 */
export function dependentsOf(state: Pick<WorkspaceState, 'edges'>, sources: Iterable<string>): Set<string> {
  const dependents = new Map<string, string[]>();
  for (const edge of Object.values(state.edges)) {
    if (edge.type !== 'dependsOn') continue;
    const list = dependents.get(edge.to);
    if (list) list.push(edge.from);
    else dependents.set(edge.to, [edge.from]);
  }
  const queue = [...sources];
  const seen = new Set<string>(queue);
  const found = new Set<string>();
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
    for (const dep of dependents.get(next) ?? []) {
      found.add(dep);
      if (!seen.has(dep)) {
        seen.add(dep);
        queue.push(dep);
      }
    }
  }
  return found;
}

/**
 * Services that depend on `service`, directly or transitively: what else
 * breaks when it does. Sorted, without the service itself.
 */
export function blastRadius(state: Pick<WorkspaceState, 'edges'>, service: string): string[] {
  const found = dependentsOf(state, [service]);
  found.delete(service);
  return [...found].sort();
}
