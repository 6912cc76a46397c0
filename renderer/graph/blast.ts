// The blast-radius rules are pure and live in shared/state (blastEdges.ts); the
// graph reads them through this one door.
export { impactedServices, propagationEdges } from '../../shared/state';

/** The React Flow id of a dependsOn edge; buildGraph draws it dependency -> dependent. */
export const dependsOnEdgeId = (from: string, to: string): string => `dependsOn:${from}->${to}`;
