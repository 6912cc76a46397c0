import { compareOrder, type OrderKey } from '../journal/order';
import { HashSum } from './stateHash';
import type { ItemJson } from './stateItems';

// The projector's history, kept as undo segments instead of whole-state
// copies. A segment starts at a boundary (the fold of exactly the entries up
// to lastKey, whose state hash sum it keeps) and holds the value, at that
// boundary, of every item changed after it, up to the next boundary: the
// first time an item is touched within the segment, its earlier value (or
// "absent") is kept. Appending at the tail therefore costs a copy of what the
// entry touched, never of the state. A rewind to a boundary puts back the
// values of every segment from the newest down to it (older ones last, so
// they win), then the projector replays from the source as before.

export interface UndoSegment {
  lastKey: OrderKey | null;
  count: number;
  sum: HashSum;
  /** Item id -> its value at this boundary, for items changed since (up to the next boundary). */
  undo: Map<string, ItemJson>;
  /** A boundary kept outside memory (an earlier persisted checkpoint): its values are read when a rewind passes through it. */
  stored?: { undo: () => ReadonlyMap<string, ItemJson>; usable: () => boolean };
}

export interface Rewound {
  lastKey: OrderKey | null;
  count: number;
  sum: HashSum;
  /** Values to put back. */
  items: Map<string, ItemJson>;
  /** The undo map of the boundary rewound to, now the newest segment. */
  undo: Map<string, ItemJson>;
}

export class UndoLog {
  /** Oldest first. */
  private segments: UndoSegment[] = [];

  /** keep: segments held in memory; past it, the two oldest in memory merge (the oldest boundary, the start point, always stays). */
  constructor(private readonly keep: number) {}

  get size(): number {
    return this.segments.length;
  }

  clear(): void {
    this.segments = [];
  }

  /** Boundaries kept elsewhere, older than anything in memory, oldest first. */
  seed(stored: readonly UndoSegment[]): void {
    this.segments.unshift(...stored);
  }

  /** Start a segment at the current state; returns where its first-touch values go. */
  open(lastKey: OrderKey | null, count: number, sum: HashSum): Map<string, ItemJson> {
    const undo = new Map<string, ItemJson>();
    this.segments.push({ lastKey, count, sum: new HashSum(sum), undo });
    const first = this.segments.findIndex((s) => s.stored === undefined);
    if (this.segments.length - first > Math.max(2, this.keep)) this.mergeAfter(first);
    return undo;
  }

  /**
   * Values that take the state back to the newest usable boundary strictly
   * before `key`, dropping the segments after it; null if there is none (the
   * caller refolds from the start).
   */
  rewindBefore(key: OrderKey): Rewound | null {
    let at = this.segments.length - 1;
    for (; at >= 0; at--) {
      const s = this.segments[at]!;
      if ((s.lastKey === null || compareOrder(s.lastKey, key) < 0) && (s.stored?.usable() ?? true)) break;
    }
    if (at < 0) return null;
    const items = new Map<string, ItemJson>();
    for (let i = this.segments.length - 1; i >= at; i--) {
      const s = this.segments[i]!;
      for (const [id, json] of s.stored?.undo() ?? s.undo) items.set(id, json);
    }
    const boundary = this.segments[at]!;
    this.segments.length = at + 1;
    const undo = new Map<string, ItemJson>();
    this.segments[at] = { lastKey: boundary.lastKey, count: boundary.count, sum: boundary.sum, undo };
    return { lastKey: boundary.lastKey, count: boundary.count, sum: boundary.sum, items, undo };
  }

  /** Merge the segment after `index` into it: the earlier value of an item wins. */
  private mergeAfter(index: number): void {
    const older = this.segments[index]!;
    const newer = this.segments[index + 1]!;
    for (const [id, json] of newer.undo) if (!older.undo.has(id)) older.undo.set(id, json);
    this.segments.splice(index + 1, 1);
  }
}
