import { canonicalJson } from '../canonical';
import type { WorkspaceState } from './state';

// The projection seen as a set of items, each (section, key, value): one per
// record of a keyed section (members, tasks, ...), one per top-level scalar
// (section '', e.g. ('', 'applied', 12)), and one presence marker ('', name,
// {}) per keyed section that exists. Three things are built on this view:
// the state hash (a sum of per-item digests, stateHash.ts), the undo log of
// the projector (pre-images of the items an entry touched) and the persisted
// checkpoint (one row per item, only changed items rewritten). A change to
// one record is then a change to one item, whatever the size of the state.
//
// Slices whose records stay few (policies, playbooks, the exercise) are
// scalars: one item each, hashed and saved whole when they change.

/** Top-level sections held as one item per record. */
export const KEYED_SECTIONS: ReadonlySet<string> = new Set([
  'members',
  'incidents',
  'services',
  'teams',
  'edges',
  'tasks',
  'rejected',
  'redacted',
  'equivocations',
  'actions',
  'ics',
]);

/** The top-level section for scalars and presence markers. */
export const TOP = '';

/**
 * An item's value as JSON text; null when the item is absent. Canonical
 * (RFC 8785) where it is hashed or persisted; the undo log keeps whatever
 * JSON.stringify gave, which parses back to the same value.
 */
export type ItemJson = string | null;

/** A map key naming one item. Section names never contain NUL. */
export function itemId(section: string, key: string): string {
  return `${section}\u0000${key}`;
}

export function splitItemId(id: string): [section: string, key: string] {
  const at = id.indexOf('\u0000');
  return [id.slice(0, at), id.slice(at + 1)];
}

type Loose = Record<string, unknown>;

function ownValue(record: Loose, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** The presence marker of a keyed section. */
const PRESENT: Readonly<Record<string, never>> = Object.freeze({});

/** The item's value in `state` as it is now; undefined when absent. */
export function itemValue(state: Readonly<WorkspaceState>, section: string, key: string): unknown {
  const top = state as unknown as Loose;
  if (section === TOP) {
    const value = ownValue(top, key);
    return value !== undefined && KEYED_SECTIONS.has(key) ? PRESENT : value;
  }
  const record = ownValue(top, section) as Loose | undefined;
  return record === undefined ? undefined : ownValue(record, key);
}

/** The item's canonical JSON in `state` as it is now. */
export function itemJson(state: Readonly<WorkspaceState>, section: string, key: string): ItemJson {
  const value = itemValue(state, section, key);
  return value === undefined ? null : canonicalJson(value);
}

/** Put an item back to a value it had (null: remove it). Values are parsed afresh, so nothing is shared. */
export function setItem(state: WorkspaceState, section: string, key: string, json: ItemJson): void {
  const top = state as unknown as Loose;
  if (section === TOP) {
    if (json === null) delete top[key];
    else if (!KEYED_SECTIONS.has(key)) top[key] = JSON.parse(json) as unknown;
    else top[key] ??= {};
    return;
  }
  let record = ownValue(top, section) as Loose | undefined;
  if (json === null) {
    if (record !== undefined) delete record[key];
    return;
  }
  if (record === undefined) top[section] = record = {};
  putOwn(record, key, JSON.parse(json) as unknown);
}

/** record[key] = value, also for a key such as '__proto__', which plain assignment would not make an own member. */
export function putOwn(record: Loose, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
  else record[key] = value;
}

/** Every item of the state, in no particular order. */
export function* stateItems(state: Readonly<WorkspaceState>): Generator<[section: string, key: string, json: string]> {
  for (const [name, value] of Object.entries(state)) {
    if (value === undefined) continue;
    if (!KEYED_SECTIONS.has(name)) {
      yield [TOP, name, canonicalJson(value)];
      continue;
    }
    yield [TOP, name, '{}'];
    for (const [key, record] of Object.entries(value as Loose)) if (record !== undefined) yield [name, key, canonicalJson(record)];
  }
}
