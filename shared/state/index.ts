export * from './state';
export { applyEntry, type FoldEntry, type FoldOutcome } from './fold';
export { Projector, FOLD_VERSION, type EntrySource, type ProjectionCheckpoint } from './projector';
export { blastRadius, dependentsOf } from './blastRadius';
export { stateHash } from './stateHash';
export * from './actionState';
export * from './exerciseState';
export * from './icsState';
