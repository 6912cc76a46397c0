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

/**
 * JSON.stringify of a string, refusing unpaired surrogates. JSON.stringify
 * (ES2019) writes a lone surrogate as a `\\udXXX` escape and a proper pair as
 * the characters themselves, so the exact (slow) check only runs on the rare
 * output that contains such an escape.
 */
function quote(text: string, what: string, path: () => string): string {
  const quoted = JSON.stringify(text);
  // I-JSON (RFC 7493), which JCS requires, forbids unpaired surrogates.
  if (quoted.includes('\\ud') && LONE_SURROGATE.test(text)) throw new CanonicalJsonError(what, path());
  return quoted;
}

/**
 * The writer keeps the path to the current value as a stack of pieces and
 * joins it only for an error message: building a path string for every value
 * would cost more than the serialisation (state hashes canonicalise megabytes).
 */
class Writer {
  out = '';
  private readonly path: string[] = [];
  private readonly where = (): string => this.path.join('');

  value(value: unknown): void {
    if (value === null) {
      this.out += 'null';
      return;
    }
    switch (typeof value) {
      case 'boolean':
        this.out += value ? 'true' : 'false';
        return;
      case 'number':
        if (!Number.isFinite(value)) throw new CanonicalJsonError('non-finite number', this.where());
        this.out += JSON.stringify(value);
        return;
      case 'string':
        this.out += quote(value, 'unpaired UTF-16 surrogate', this.where);
        return;
      case 'object':
        if (Array.isArray(value)) this.array(value);
        else this.object(value);
        return;
      default:
        throw new CanonicalJsonError(`cannot canonicalise a ${typeof value}`, this.where());
    }
  }

  private array(items: readonly unknown[]): void {
    this.out += '[';
    // An index loop, not forEach: forEach skips the holes of a sparse array.
    for (let i = 0; i < items.length; i++) {
      const item: unknown = items[i];
      if (i > 0) this.out += ',';
      this.path.push(`[${i}]`);
      if (item === undefined) throw new CanonicalJsonError('undefined array element', this.where());
      this.value(item);
      this.path.pop();
    }
    this.out += ']';
  }

  private object(value: object): void {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) throw new CanonicalJsonError('not a plain object', this.where());
    const record = value as Record<string, unknown>;
    // Absent and undefined are the same member: dropped, as JSON.stringify does.
    const keys = Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort();
    this.out += '{';
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      if (i > 0) this.out += ',';
      this.out += quote(key, 'unpaired UTF-16 surrogate in member name', this.where);
      this.out += ':';
      this.path.push(`.${key}`);
      this.value(record[key]);
      this.path.pop();
    }
    this.out += '}';
  }
}

/** The RFC 8785 canonical text of a JSON value. */
export function canonicalJson(value: unknown): string {
  const writer = new Writer();
  writer.value(value);
  return writer.out;
}
