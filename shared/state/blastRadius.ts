import type { WorkspaceState } from './state';

/**
 * Services that depend on `service`, directly or transitively: what else
 * breaks when it does. Sorted, without the service itself.
 */
export function blastRadius(state: Pick<WorkspaceState, 'edges'>, service: string): string[] {
  const dependents = new Map<string, string[]>();
  for (const edge of Object.values(state.edges)) {
    if (edge.type !== 'dependsOn') continue;
    const list = dependents.get(edge.to);
    if (list) list.push(edge.from);
    else dependents.set(edge.to, [edge.from]);
  }
  const seen = new Set<string>([service]);
  const queue = [service];
  while (queue.length > 0) {
    const next = queue.pop()!;
    for (const dep of dependents.get(next) ?? []) {
      if (!seen.has(dep)) {
        seen.add(dep);
        queue.push(dep);
      }
    }
  }
  seen.delete(service);
  return [...seen].sort();
}
