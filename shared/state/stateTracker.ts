import { canonicalJson } from '../canonical';
import type { Hasher } from '../journal/crypto';
import type { WorkspaceState } from './state';
import { HashSum, replaceTerm } from './stateHash';
import { KEYED_SECTIONS, TOP, itemId, itemJson, itemValue, setItem, splitItemId, type ItemJson } from './stateItems';

// Which items (stateItems.ts) the fold touches, without the fold knowing. The
// kinds' apply functions mutate the state they are given; the projector gives
// them a view (Proxy) of it instead, whose traps note every item reached
// before it can change: reading a record (the caller may mutate what it got),
// writing or deleting one, any top-level scalar. A noted item leaves, the
// first time in an undo segment, its value in that segment (the undo log that
// replaced whole-state snapshots), and waits in `pending` until the hash is
// next needed (stateHash, a checkpoint, a new undo boundary): then each item
// noted since is serialised once, however many entries touched it, and if it
// changed, the hash sum moves by (new digest - old digest) and the next
// checkpoint writes it. Iterating a section through the view notes all of its
// records: correct, only slower, and rare in the fold. The one rule for fold
// code: reach records through the state it was given, as actionsOf() and
// icsFor() do after `state.x ??= {}`; the value of an assignment expression
// is the raw object, whose writes no trap sees.

/** Items changed since the last checkpoint: all of them, or these (json null: removed). */
export type ItemChanges = { all: true } | { all: false; items: Array<[section: string, key: string, json: ItemJson]> };

/** What is remembered of an item as of the last flush: its canonical JSON and digest. */
interface Known {
  json: ItemJson;
  digest?: Uint8Array;
}

/** Items remembered between flushes; past this the memory is dropped and recomputed on demand. */
const KNOWN_LIMIT = 100_000;

type Loose = Record<string, unknown>;

function canonicalOf(value: unknown): ItemJson {
  return value === undefined ? null : canonicalJson(value);
}

export class StateTracker {
  /** The state view handed to the fold; writes through it are tracked. */
  view!: WorkspaceState;
  /** Where first-touch values go (the projector's current undo segment). */
  undo = new Map<string, ItemJson>();
  private raw!: WorkspaceState;
  private sum!: HashSum;
  private known = new Map<string, Known>();
  /** Items touched since the last flush -> their JSON then, when `known` does not hold it (undefined: it does). */
  private pending = new Map<string, ItemJson | undefined>();
  /** null: every item (nothing of the persisted checkpoint can be reused). */
  private dirty: Set<string> | null = null;
  private sectionViews = new Map<string, { target: object; view: object }>();

  constructor(
    private readonly hasher: Hasher,
    state: WorkspaceState,
    sum: HashSum,
  ) {
    this.reset(state, sum);
  }

  get state(): WorkspaceState {
    return this.raw;
  }

  /** The state hash sum, with every touched item accounted for. */
  get hashSum(): HashSum {
    this.flush();
    return this.sum;
  }

  /** Adopt a whole new state whose sum is known; everything counts as changed. */
  reset(state: WorkspaceState, sum: HashSum): void {
    this.raw = state;
    this.sum = sum;
    this.known.clear();
    this.pending.clear();
    this.sectionViews.clear();
    this.dirty = null;
    this.view = new Proxy(state, this.topTraps()) as WorkspaceState;
  }

  /** The persisted checkpoint now matches the state: count changes from here. */
  clean(): void {
    this.flush();
    this.dirty = new Set();
  }

  /** Run a change to the state (an entry's fold) through the view. */
  run<T>(change: (view: WorkspaceState) => T): T {
    return change(this.view);
  }

  /** Put items back to earlier values (an undo), the sum to what it was then. */
  restore(items: ReadonlyMap<string, ItemJson>, sum: HashSum): void {
    // Sections first: a section put back to absent takes its records with it, and a record put back needs its section.
    for (const [id, json] of items) {
      const [section, key] = splitItemId(id);
      if (section === TOP) setItem(this.raw, section, key, json);
    }
    for (const [id, json] of items) {
      const [section, key] = splitItemId(id);
      if (section !== TOP) setItem(this.raw, section, key, json);
      this.dirty?.add(id);
    }
    for (const id of this.pending.keys()) this.dirty?.add(id);
    this.sum = new HashSum(sum);
    this.known.clear();
    this.pending.clear();
    this.sectionViews.clear();
  }

  /** What changed since the last call (or since reset), for an incremental checkpoint; counting starts afresh. */
  takeChanges(): ItemChanges {
    this.flush();
    const dirty = this.dirty;
    this.dirty = new Set();
    if (dirty === null) return { all: true };
    const items: Array<[string, string, ItemJson]> = [];
    for (const id of dirty) {
      const [section, key] = splitItemId(id);
      const known = this.known.get(id);
      items.push([section, key, known !== undefined ? known.json : itemJson(this.raw, section, key)]);
    }
    return { all: false, items };
  }

  /** A checkpoint write failed: the next one must write everything. */
  forgetClean(): void {
    this.dirty = null;
  }

  private touch(section: string, key: string): void {
    const id = itemId(section, key);
    const waiting = this.pending.has(id);
    if (waiting && this.undo.has(id)) return;
    const known = waiting ? undefined : this.known.get(id);
    // Not changed since the last flush (not pending): what `known` holds is its value now.
    const now = known !== undefined ? known.json : (JSON.stringify(itemValue(this.raw, section, key)) ?? null);
    if (!waiting) this.pending.set(id, known !== undefined ? undefined : now);
    if (!this.undo.has(id)) this.undo.set(id, now);
  }

  /** Account for every item touched since the last flush: once each, however many entries touched it. */
  private flush(): void {
    for (const [id, then] of this.pending) {
      const [section, key] = splitItemId(id);
      const json = canonicalOf(itemValue(this.raw, section, key));
      const known = this.known.get(id);
      const was = known !== undefined ? known.json : then === null || then === undefined ? null : canonicalOf(JSON.parse(then));
      if (json === was) {
        this.known.set(id, known ?? { json });
        continue;
      }
      const digest = replaceTerm(this.hasher, this.sum, section, key, was, json, known?.digest);
      this.known.set(id, { json, digest });
      this.dirty?.add(id);
    }
    this.pending.clear();
    if (this.known.size > KNOWN_LIMIT) this.known.clear();
  }

  private topTraps(): ProxyHandler<WorkspaceState> {
    return {
      get: (target, prop, receiver) => {
        if (typeof prop !== 'string') return Reflect.get(target, prop, receiver) as unknown;
        const value = (target as unknown as Loose)[prop];
        if (!KEYED_SECTIONS.has(prop) || value === undefined) {
          this.touch(TOP, prop);
          return value;
        }
        return this.sectionView(prop, value as Loose);
      },
      // Reflect.set on the target, not the proxy as receiver: the write lands once, with no further traps.
      set: (target, prop, value) => {
        if (typeof prop === 'string') this.touchTop(target, prop, value);
        return Reflect.set(target, prop, value);
      },
      deleteProperty: (target, prop) => {
        if (typeof prop === 'string') this.touchTop(target, prop, undefined);
        return Reflect.deleteProperty(target, prop);
      },
    };
  }

  /** A top-level write: a scalar, or a whole section replaced (every record of the old and the new one). */
  private touchTop(target: WorkspaceState, prop: string, next: unknown): void {
    this.touch(TOP, prop);
    if (!KEYED_SECTIONS.has(prop)) return;
    for (const record of [(target as unknown as Loose)[prop], next]) {
      if (record !== null && typeof record === 'object') for (const key of Object.keys(record)) this.touch(prop, key);
    }
  }

  private sectionView(section: string, record: Loose): object {
    const cached = this.sectionViews.get(section);
    if (cached !== undefined && cached.target === record) return cached.view;
    const view = new Proxy(record, {
      get: (target, key, receiver) => {
        if (typeof key === 'string') this.touch(section, key);
        return Reflect.get(target, key, receiver) as unknown;
      },
      set: (target, key, value) => {
        if (typeof key === 'string') this.touch(section, key);
        return Reflect.set(target, key, value);
      },
      deleteProperty: (target, key) => {
        if (typeof key === 'string') this.touch(section, key);
        return Reflect.deleteProperty(target, key);
      },
      defineProperty: (target, key, descriptor) => {
        if (typeof key === 'string') this.touch(section, key);
        return Reflect.defineProperty(target, key, descriptor);
      },
    });
    this.sectionViews.set(section, { target: record, view });
    return view;
  }
}
