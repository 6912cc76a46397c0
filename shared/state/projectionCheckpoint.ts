import type { OrderKey } from '../journal/order';
import type { WorkspaceState } from './state';
import type { ItemJson } from './stateItems';

// What a Projector can start from: a persisted checkpoint (main/journal's
// checkpointStore) or a copy taken from another projector.

export interface ProjectionCheckpoint {
  state: WorkspaceState;
  lastKey: OrderKey | null;
  count: number;
  /** The state hash of `state` (a HashSum in hex), if known: saves computing it from scratch. */
  sum?: string;
  /**
   * Earlier boundaries of the same source, oldest first (earlier persisted
   * checkpoints), so a late arrival soon after opening rewinds to the nearest
   * one instead of refolding the whole source. Each holds the values its
   * items had there, for the items changed between it and the next boundary
   * (the next one in this list, else `state`).
   */
  earlier?: readonly EarlierProjection[];
}

export interface EarlierProjection {
  lastKey: OrderKey;
  count: number;
  sum: string;
  /** Item id (stateItems.itemId) -> value at this boundary (null: absent). */
  undo: () => ReadonlyMap<string, ItemJson>;
  /** Whether the state there is still the fold of exactly the entries up to lastKey (no late arrival stored since sorts before it, no new evidence). */
  usable: () => boolean;
}
