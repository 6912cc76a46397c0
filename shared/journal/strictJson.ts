import type { JsonValue } from '../canonical';

// A strict JSON (RFC 8259) parser for export lines. JSON.parse keeps the
// last of two members with the same name, so a line with two `body` members
// (or two `seq` members in its header) would verify against one value while
// another reader sees the other. Here a duplicate name, compared after
// unescaping ("body" and "\u0062ody" are the same name), is an error, and so
// are an unpaired surrogate, a number outside the double range and anything
// after the value. Objects are built with own data properties only, so a
// member named "__proto__" is data, never a prototype.

/** Why a text is not strict JSON, with the character offset (0-based) where it went wrong. */
export class StrictJsonError extends Error {
  constructor(
    readonly reason: string,
    readonly offset: number,
  ) {
    super(`${reason} at character ${offset + 1}`);
    this.name = 'StrictJsonError';
  }
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Parse `text` as one JSON value; throws StrictJsonError on anything RFC 8259 or the rules above refuse. */
export function parseStrictJson(text: string): JsonValue {
  const p = new Parser(text);
  p.skipSpace();
  const value = p.value(0);
  p.skipSpace();
  if (p.at < text.length) throw new StrictJsonError('unexpected text after the JSON value', p.at);
  return value;
}

/** Deep enough for any entry; bounds recursion so a hostile line cannot overflow the stack. */
const MAX_DEPTH = 512;

class Parser {
  at = 0;
  constructor(private readonly text: string) {}

  skipSpace(): void {
    const t = this.text;
    while (this.at < t.length) {
      const c = t.charCodeAt(this.at);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
      this.at += 1;
    }
  }

  value(depth: number): JsonValue {
    if (depth > MAX_DEPTH) throw new StrictJsonError(`nested deeper than ${MAX_DEPTH} levels`, this.at);
    const c = this.text[this.at];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return this.string();
    if (c === 't') return this.literal('true', true);
    if (c === 'f') return this.literal('false', false);
    if (c === 'n') return this.literal('null', null);
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    throw new StrictJsonError(c === undefined ? 'unexpected end of text' : `unexpected character ${JSON.stringify(c)}`, this.at);
  }

  private literal<T extends JsonValue>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.at)) throw new StrictJsonError(`unexpected character ${JSON.stringify(this.text[this.at])}`, this.at);
    this.at += word.length;
    return value;
  }

  private number(): number {
    NUMBER.lastIndex = this.at;
    const m = NUMBER.exec(this.text);
    if (m === null) throw new StrictJsonError('malformed number', this.at);
    const n = Number(m[0]);
    if (!Number.isFinite(n)) throw new StrictJsonError(`number ${m[0]} is outside the range of a double`, this.at);
    this.at += m[0].length;
    return n;
  }

  private string(): string {
    const start = this.at;
    this.at += 1; // opening quote
    let out = '';
    const t = this.text;
    for (;;) {
      // The run of characters a string may hold unescaped: all but '"', backslash and U+0000..U+001F.
      let end = this.at;
      for (let c = t.charCodeAt(end); end < t.length && c !== 0x22 && c !== 0x5c && c >= 0x20; c = t.charCodeAt(++end));
      out += t.slice(this.at, end);
      this.at = end;
      const c = t[this.at];
      if (c === '"') {
        this.at += 1;
        break;
      }
      if (c === undefined) throw new StrictJsonError('unterminated string', start);
      if (c !== '\\') throw new StrictJsonError('unescaped control character in a string', this.at);
      const e = t[this.at + 1];
      if (e === 'u') {
        const hex = t.slice(this.at + 2, this.at + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new StrictJsonError('malformed \\u escape', this.at);
        out += String.fromCharCode(parseInt(hex, 16));
        this.at += 6;
        continue;
      }
      const decoded = e === undefined ? undefined : ESCAPES[e];
      if (decoded === undefined) throw new StrictJsonError(`invalid escape \\${e ?? ''}`, this.at);
      out += decoded;
      this.at += 2;
    }
    if (LONE_SURROGATE.test(out)) throw new StrictJsonError('string holds an unpaired UTF-16 surrogate', start);
    return out;
  }

  private array(depth: number): JsonValue[] {
    this.at += 1;
    const out: JsonValue[] = [];
    this.skipSpace();
    if (this.text[this.at] === ']') {
      this.at += 1;
      return out;
    }
    for (;;) {
      this.skipSpace();
      out.push(this.value(depth + 1));
      this.skipSpace();
      const c = this.text[this.at];
      this.at += 1;
      if (c === ']') return out;
      if (c !== ',') throw new StrictJsonError("expected ',' or ']' in an array", this.at - 1);
    }
  }

  private object(depth: number): { [key: string]: JsonValue } {
    this.at += 1;
    const out: { [key: string]: JsonValue } = {};
    this.skipSpace();
    if (this.text[this.at] === '}') {
      this.at += 1;
      return out;
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.at] !== '"') throw new StrictJsonError('expected a member name in double quotes', this.at);
      const nameAt = this.at;
      const name = this.string();
      if (Object.hasOwn(out, name)) throw new StrictJsonError(`duplicate member name ${JSON.stringify(name)}`, nameAt);
      this.skipSpace();
      if (this.text[this.at] !== ':') throw new StrictJsonError("expected ':' after a member name", this.at);
      this.at += 1;
      this.skipSpace();
      const value = this.value(depth + 1);
      Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
      this.skipSpace();
      const c = this.text[this.at];
      this.at += 1;
      if (c === '}') return out;
      if (c !== ',') throw new StrictJsonError("expected ',' or '}' in an object", this.at - 1);
    }
  }
}
