import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { canonicalJson, CanonicalJsonError, type JsonValue } from '../../../../shared/canonical';
import { toHex, utf8 } from '../../../../shared/bytes';

/** The IEEE 754 double whose 64-bit pattern is `hex` (big-endian), so the table below is exact. */
function fromIeee754(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  return undefined;
}

describe('canonicalJson: RFC 8785 section 3.2.2 (the sample in the RFC)', () => {
  // The input exactly as printed in the RFC (parsed as JSON text, escapes and all).
  const input = String.raw`{
  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
  "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
  "literals": [null, true, false]
}`;
  const expected = String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`;

  it('produces the RFC output text', () => {
    expect(canonicalJson(JSON.parse(input) as JsonValue)).toBe(expected);
  });

  it('produces the RFC output bytes (UTF-8)', () => {
    const bytes = toHex(utf8(canonicalJson(JSON.parse(input) as JsonValue)));
    // Expected bytes computed independently of shared/bytes (Node's own UTF-8 encoder).
    expect(bytes).toBe(Buffer.from(expected, 'utf8').toString('hex'));
    // "string":"€$\u000f\n… : the euro sign is the three bytes e2 82 ac, U+000F is written \u000f.
    expect(bytes).toContain('22737472696e67223a22e282ac245c75303030665c6e');
    expect(bytes.startsWith('7b226c69746572616c73223a5b6e756c6c2c747275652c66616c73655d')).toBe(true);
    expect(bytes.endsWith('5c225c5c5c5c5c222f227d')).toBe(true);
  });

  it('is idempotent on its own output', () => {
    const once = canonicalJson(JSON.parse(input) as JsonValue);
    expect(canonicalJson(JSON.parse(once) as JsonValue)).toBe(once);
  });
});

describe('canonicalJson: RFC 8785 section 3.2.3 (sorting of member names)', () => {
  const input = String.raw`{
  "\u20ac": "Euro Sign",
  "\r": "Carriage Return",
  "\ufb33": "Hebrew Letter Dalet With Dagesh",
  "1": "One",
  "\ud83d\ude00": "Emoji: Grinning Face",
  "\u0080": "Control",
  "\u00f6": "Latin Small Letter O With Diaeresis"
}`;

  it('sorts members by their names as UTF-16 code units, in the RFC order', () => {
    const out = canonicalJson(JSON.parse(input) as JsonValue);
    // Read the order from the text (Object.values would move the integer-like key "1" first).
    const order = [...out.matchAll(/:"([^"]+)"/g)].map((m) => m[1]);
    expect(order).toEqual([
      'Carriage Return',
      'One',
      'Control',
      'Latin Small Letter O With Diaeresis',
      'Euro Sign',
      'Emoji: Grinning Face',
      'Hebrew Letter Dalet With Dagesh',
    ]);
  });

  it('emits the names with the RFC escaping and UTF-8 bytes', () => {
    const out = canonicalJson(JSON.parse(input) as JsonValue);
    expect(out).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
    // The names' UTF-8 bytes, in output order. Note the emoji (f0 9f 98 80) precedes U+FB33 (ef ac b3):
    // the sort is by UTF-16 code units (d83d < fb33), not by UTF-8 bytes.
    const names = [...out.matchAll(/"([^"]*)":/g)].map((m) => toHex(utf8(m[1]!)));
    expect(names).toEqual(['5c72', '31', 'c280', 'c3b6', 'e282ac', 'f09f9880', 'efacb3']);
  });

  it('sorts the same whatever the insertion order', () => {
    const parsed = JSON.parse(input) as Record<string, JsonValue>;
    const reversed = Object.fromEntries(Object.entries(parsed).reverse());
    expect(canonicalJson(reversed)).toBe(canonicalJson(parsed));
  });

  it('sorts nested objects too, and keeps array order', () => {
    expect(canonicalJson({ b: [{ z: 1, a: 2 }, 3], a: { d: null, c: true } })).toBe('{"a":{"c":true,"d":null},"b":[{"a":2,"z":1},3]}');
  });
});

describe('canonicalJson: RFC 8785 Appendix B (number serialisation)', () => {
  // IEEE 754 bit pattern -> JCS text, the table of Appendix B.
  const table: ReadonlyArray<readonly [string, string, string]> = [
    ['0000000000000000', '0', 'zero'],
    ['8000000000000000', '0', 'minus zero'],
    ['0000000000000001', '5e-324', 'min pos number'],
    ['8000000000000001', '-5e-324', 'min neg number'],
    ['7fefffffffffffff', '1.7976931348623157e+308', 'max pos number'],
    ['ffefffffffffffff', '-1.7976931348623157e+308', 'max neg number'],
    ['4340000000000000', '9007199254740992', 'max pos int'],
    ['c340000000000000', '-9007199254740992', 'max neg int'],
    ['4430000000000000', '295147905179352830000', '~2**68'],
    ['44b52d02c7e14af5', '9.999999999999997e+22', ''],
    ['44b52d02c7e14af6', '1e+23', ''],
    ['44b52d02c7e14af7', '1.0000000000000001e+23', ''],
    ['444b1ae4d6e2ef4e', '999999999999999700000', ''],
    ['444b1ae4d6e2ef4f', '999999999999999900000', ''],
    ['444b1ae4d6e2ef50', '1e+21', ''],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7', ''],
    ['3eb0c6f7a0b5ed8d', '0.000001', ''],
    ['41b3de4355555553', '333333333.3333332', ''],
    ['41b3de4355555554', '333333333.33333325', ''],
    ['41b3de4355555555', '333333333.3333333', ''],
    ['41b3de4355555556', '333333333.3333334', ''],
    ['41b3de4355555557', '333333333.33333343', ''],
    ['becbf647612f3696', '-0.0000033333333333333333', ''],
    ['43143ff3c1cb0959', '1424953923781206.2', 'round to even'],
    // Not in the RFC table, but at the ECMAScript exponent boundaries it relies on.
    ['3e7ad7f29abcaf48', '1e-7', 'below 1e-6 switches to exponent form'],
    ['4415af1d78b58c40', '100000000000000000000', '1e20 is still written out'],
  ];

  it.each(table)('%s -> %s %s', (hex, text) => {
    const value = fromIeee754(hex);
    expect(canonicalJson(value)).toBe(text);
    expect(canonicalJson([value])).toBe(`[${text}]`);
    expect(canonicalJson({ n: value })).toBe(`{"n":${text}}`);
  });

  it('writes minus zero as 0', () => {
    expect(Object.is(fromIeee754('8000000000000000'), -0)).toBe(true);
    expect(canonicalJson(-0)).toBe('0');
  });

  it.each([
    ['7fffffffffffffff', 'NaN'],
    ['7ff8000000000000', 'quiet NaN'],
    ['7ff0000000000000', 'Infinity'],
    ['fff0000000000000', '-Infinity'],
  ])('rejects %s (%s)', (hex) => {
    const value = fromIeee754(hex);
    expect(Number.isFinite(value)).toBe(false);
    expect(() => canonicalJson(value)).toThrow(CanonicalJsonError);
    expect(() => canonicalJson({ a: [1, value] })).toThrow(/non-finite number at \.a\[1\]/);
  });

  it('round-trips every finite double through JSON.parse', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const text = canonicalJson(x);
        expect(JSON.parse(text)).toBe(Object.is(x, -0) ? 0 : x);
        expect(text).toBe(Object.is(x, -0) ? '0' : String(x));
      }),
      { numRuns: 500 },
    );
  });
});

describe('canonicalJson: strings and literals', () => {
  it('escapes exactly as JSON.stringify does (control characters as \\u00xx, short escapes)', () => {
    expect(canonicalJson('\b\f\n\r\t"\\/\u0000\u001f\u007f')).toBe('"\\b\\f\\n\\r\\t\\"\\\\/\\u0000\\u001f\u007f"');
    expect(canonicalJson('\u2028\u2029')).toBe('"\u2028\u2029"');
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson(true)).toBe('true');
    expect(canonicalJson(false)).toBe('false');
    expect(canonicalJson([])).toBe('[]');
    expect(canonicalJson({})).toBe('{}');
  });

  it('accepts paired surrogates', () => {
    expect(canonicalJson('\ud83d\ude00')).toBe('"\ud83d\ude00"');
  });

  it.each([
    ['lone high surrogate', '\ud83d'],
    ['lone low surrogate', '\ude00'],
    ['reversed pair', '\ude00\ud83d'],
    ['high surrogate at the end', 'abc\ud800'],
    ['low surrogate after text', 'x\udfffy'],
  ])('rejects a string with a %s', (_label, text) => {
    expect(() => canonicalJson(text)).toThrow(/unpaired UTF-16 surrogate/);
    expect(() => canonicalJson({ k: ['ok', text] })).toThrow(CanonicalJsonError);
  });

  it('refuses exactly the strings with an unpaired surrogate, whatever else they hold', () => {
    const unpaired = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
    // UTF-16 code units drawn from ASCII, the surrogate ranges and a literal backslash-u text.
    const unit = fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0xd800, max: 0xdfff }), fc.constant(0x5c));
    const text = fc.oneof(
      fc.array(unit, { maxLength: 12 }).map((units) => String.fromCharCode(...units)),
      fc.constant('\\ud800'),
    );
    fc.assert(
      fc.property(text, (t) => {
        if (unpaired.test(t)) expect(() => canonicalJson({ [t]: t })).toThrow(/unpaired UTF-16 surrogate/);
        else expect(JSON.parse(canonicalJson({ [t]: t }))).toEqual({ [t]: t });
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects a member name with a lone surrogate', () => {
    expect(() => canonicalJson({ ['a\ud800']: 1 })).toThrow(/unpaired UTF-16 surrogate in member name/);
  });
});

describe('canonicalJson: what is not plain JSON', () => {
  class Thing {
    a = 1;
  }

  it.each([
    ['a Date', new Date(0)],
    ['a Map', new Map([['a', 1]])],
    ['a Set', new Set([1])],
    ['a class instance', new Thing()],
    ['a typed array', new Uint8Array([1, 2])],
    ['a boxed string', Object('s') as object],
    ['a RegExp', /x/],
  ])('rejects %s', (_label, value) => {
    const err = errorOf(() => canonicalJson({ nested: { value } }));
    expect(err).toBeInstanceOf(CanonicalJsonError);
    expect((err as CanonicalJsonError).path).toBe('.nested.value');
    expect((err as Error).message).toMatch(/not a plain object at \.nested\.value/);
  });

  it.each([
    ['a function', () => 1],
    ['a bigint', 10n],
    ['a symbol', Symbol('s')],
    ['undefined', undefined],
  ])('rejects %s as a value', (_label, value) => {
    expect(() => canonicalJson(value)).toThrow(CanonicalJsonError);
    expect(() => canonicalJson([value])).toThrow(CanonicalJsonError);
  });

  it('accepts objects without a prototype', () => {
    const bare = Object.create(null) as Record<string, JsonValue>;
    bare.b = 2;
    bare.a = 1;
    expect(canonicalJson(bare)).toBe('{"a":1,"b":2}');
  });

  it('drops undefined members, as if they were absent', () => {
    expect(canonicalJson({ a: undefined, b: 1, c: { d: undefined } })).toBe('{"b":1,"c":{}}');
    expect(canonicalJson({ a: undefined, b: 1 })).toBe(canonicalJson({ b: 1 }));
  });

  it('rejects undefined array elements (they are not absent)', () => {
    expect(() => canonicalJson([1, undefined, 2])).toThrow(/undefined array element at \[1\]/);
  });

  it('does not silently drop holes of a sparse array', () => {
    // A hole reads as undefined; like an explicit undefined element it must not vanish, or
    // [1, <hole>, 2] and [1, 2] would have the same canonical bytes (and the same hash).
    const sparse: unknown[] = [1];
    sparse[2] = 2;
    expect(() => canonicalJson(sparse)).toThrow(CanonicalJsonError);
  });

  it('names the path of the offending value', () => {
    const err = errorOf(() => canonicalJson({ a: [{ b: Number.NaN }] }));
    expect(err).toBeInstanceOf(CanonicalJsonError);
    expect((err as CanonicalJsonError).path).toBe('.a[0].b');
  });
});

describe('canonicalJson: properties', () => {
  it('parses back to the same value and is a fixed point', () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'grapheme' }), (value) => {
        const text = canonicalJson(value);
        const reparsed = JSON.parse(text) as JsonValue;
        expect(canonicalJson(reparsed)).toBe(text);
        // -0 is the only value that does not survive (JCS writes it as 0).
        expect(reparsed).toEqual(JSON.parse(JSON.stringify(value)) as JsonValue);
      }),
      { numRuns: 300 },
    );
  });

  it('does not depend on member insertion order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: 'grapheme' }), fc.jsonValue({ maxDepth: 2, stringUnit: 'grapheme' })), (dict) => {
        const reversed = Object.fromEntries(Object.entries(dict).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(dict));
      }),
      { numRuns: 200 },
    );
  });
});
