export * from './state';
export { applyEntry, type FoldEntry, type FoldOutcome } from './fold';
export { Projector, FOLD_VERSION, ROSTER_KINDS, type EntrySource, type ProjectionCheckpoint, type EarlierProjection, type RosterView } from './projector';
export { blastRadius, dependentsOf } from './blastRadius';
export { failingServices, impactedServices, propagationEdges, edgesTouchingImpact } from './blastEdges';
export { stateHash } from './stateHash';
export * from '../approvals/actionState';
export * from './exerciseState';
export * from './icsState';
