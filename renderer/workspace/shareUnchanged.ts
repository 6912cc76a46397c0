// Structural sharing for a freshly fetched state: every part equal to the
// previous state's keeps the previous object. A status change then hands React
// one new service object (and its containers) instead of a whole new tree, so
// memoised components and selectors skip everything that did not change.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(v: unknown): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `next`, with every subtree that equals the matching one in `prev` replaced by `prev`'s object. */
export function shareUnchanged<T>(prev: T, next: T): T {
  return share(prev as Json, next as Json, (v) => v) as T;
}

/**
 * A copy of `live` sharing every subtree that equals the matching one in
 * `prev`, and holding none of `live`'s own objects: the projection it is
 * taken from is folded in place (shared/state Projector), while what React
 * holds must never change under it.
 */
export function shareCopy<T>(prev: T | null, live: T): T {
  return (prev === null ? structuredClone(live) : share(prev as Json, live as Json, copyOf)) as T;
}

const copyOf = (v: Json): Json => (typeof v === 'object' && v !== null ? structuredClone(v) : v);

function share(prev: Json, next: Json, fresh: (v: Json) => Json): Json {
  if (Object.is(prev, next)) return prev;
  if (Array.isArray(prev) && Array.isArray(next)) {
    const out = next.map((item, i) => (i < prev.length ? share(prev[i]!, item, fresh) : fresh(item)));
    return out.length === prev.length && out.every((item, i) => Object.is(item, prev[i])) ? prev : out;
  }
  if (isObject(prev) && isObject(next)) {
    const keys = Object.keys(next);
    let same = keys.length === Object.keys(prev).length;
    const out: Record<string, Json> = {};
    for (const key of keys) {
      const value = Object.hasOwn(prev, key) ? share(prev[key]!, next[key]!, fresh) : fresh(next[key]!);
      if (!Object.is(value, prev[key])) same = false;
      // A member named "__proto__" (JSON.parse makes it an own property) must stay one, not become the prototype.
      if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      else out[key] = value;
    }
    return same ? prev : out;
  }
  return fresh(next);
}
