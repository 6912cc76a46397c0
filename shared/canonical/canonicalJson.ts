// RFC 8785 JSON Canonicalization Scheme (JCS).
//
// JCS is defined in terms of ECMAScript's own JSON serialisation: numbers use
// Number.prototype.toString (what JSON.stringify emits for finite numbers),
// strings use JSON.stringify's escaping, and object members are sorted by
// their names as arrays of UTF-16 code units, which is exactly what the
// default Array.prototype.sort does. So the implementation is short; the
// tests check it against the RFC's own examples.

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export class CanonicalJsonError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(`${message} at ${path || '$'}`);
    this.name = 'CanonicalJsonError';
  }
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function serialise(value: unknown, path: string, out: string[]): void {
  if (value === null) {
    out.push('null');
    return;
  }
  switch (typeof value) {
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError('non-finite number', path);
      out.push(JSON.stringify(value));
      return;
    case 'string':
      // I-JSON (RFC 7493), which JCS requires, forbids unpaired surrogates.
      if (LONE_SURROGATE.test(value)) throw new CanonicalJsonError('unpaired UTF-16 surrogate', path);
      out.push(JSON.stringify(value));
      return;
    case 'object': {
      if (Array.isArray(value)) {
        out.push('[');
        // An index loop, not forEach: forEach skips the holes of a sparse array.
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          if (i > 0) out.push(',');
          if (item === undefined) throw new CanonicalJsonError('undefined array element', `${path}[${i}]`);
          serialise(item, `${path}[${i}]`, out);
        }
        out.push(']');
        return;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        throw new CanonicalJsonError('not a plain object', path);
      }
      const record = value as Record<string, unknown>;
      // Absent and undefined are the same member: dropped, as JSON.stringify does.
      const keys = Object.keys(record)
        .filter((k) => record[k] !== undefined)
        .sort();
      out.push('{');
      keys.forEach((key, i) => {
        if (i > 0) out.push(',');
        if (LONE_SURROGATE.test(key)) throw new CanonicalJsonError('unpaired UTF-16 surrogate in member name', path);
        out.push(JSON.stringify(key), ':');
        serialise(record[key], `${path}.${key}`, out);
      });
      out.push('}');
      return;
    }
    default:
      throw new CanonicalJsonError(`cannot canonicalise a ${typeof value}`, path);
  }
}

/** The RFC 8785 canonical text of a JSON value. */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  serialise(value, '', out);
  return out.join('');
}
