import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { bytesEqual, fromBase64Url, fromHex, fromUtf8, toBase64Url, toHex, utf8 } from '../../../../shared/bytes';

const bytes = (...b: number[]): Uint8Array => new Uint8Array(b);

describe('hex', () => {
  it('encodes lower-case, two digits a byte', () => {
    expect(toHex(bytes())).toBe('');
    expect(toHex(bytes(0, 1, 0x0f, 0x10, 0xab, 0xff))).toBe('00010f10abff');
  });

  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (b) => {
        const hex = toHex(b);
        expect(hex).toBe(Buffer.from(b).toString('hex'));
        expect(fromHex(hex)).toEqual(b);
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['odd length', 'abc'],
    ['upper case', 'ABCD'],
    ['mixed case', 'aBcd'],
    ['non-hex digit', '0g'],
    ['whitespace', 'ab cd'],
    ['prefix', '0xab'],
  ])('rejects %s', (_label, text) => {
    expect(() => fromHex(text)).toThrow(/not lower-case hex/);
  });
});

describe('base64url (RFC 4648 section 5, no padding)', () => {
  it('matches the RFC 4648 test vectors (with the padding removed)', () => {
    const vectors: Array<[string, string]> = [
      ['', ''],
      ['f', 'Zg'],
      ['fo', 'Zm8'],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg'],
      ['fooba', 'Zm9vYmE'],
      ['foobar', 'Zm9vYmFy'],
    ];
    for (const [plain, encoded] of vectors) {
      expect(toBase64Url(utf8(plain))).toBe(encoded);
      expect(fromUtf8(fromBase64Url(encoded))).toBe(plain);
    }
  });

  it('uses - and _ instead of + and /', () => {
    expect(toBase64Url(bytes(0xfb, 0xff))).toBe('-_8');
    expect(fromBase64Url('-_8')).toEqual(bytes(0xfb, 0xff));
  });

  it('round-trips any bytes and agrees with Node', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (b) => {
        const text = toBase64Url(b);
        expect(text).toBe(Buffer.from(b).toString('base64url'));
        expect(fromBase64Url(text)).toEqual(b);
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['padding', 'Zg=='],
    ['standard alphabet +', 'a+bc'],
    ['standard alphabet /', 'a/bc'],
    ['whitespace', 'Zm9v Yg'],
    ['non-ASCII', 'Zm9é'],
  ])('rejects %s', (_label, text) => {
    expect(() => fromBase64Url(text)).toThrow(/invalid base64url character/);
  });

  it('rejects an impossible length (4n + 1 characters)', () => {
    expect(() => fromBase64Url('A')).toThrow(/invalid base64url length/);
    expect(() => fromBase64Url('Zm9vY')).toThrow(/invalid base64url length/);
  });

  it('rejects non-canonical encodings (stray low bits in the last character)', () => {
    // 'Zg' is 'f'; 'Zh'..'Zv' decode to the same byte with non-zero stray bits.
    expect(fromBase64Url('Zg')).toEqual(utf8('f'));
    for (const c of 'hijklmnopqrstuv') expect(() => fromBase64Url(`Z${c}`)).toThrow(/non-canonical base64url/);
    // Two stray bits for a 2-byte tail: 'Zm8' is canonical, 'Zm9' is not.
    expect(() => fromBase64Url('Zm9')).toThrow(/non-canonical base64url/);
  });

  it('accepts exactly one spelling of every byte string', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 40 }).filter((b) => b.length % 3 !== 0),
        fc.integer({ min: 1, max: 15 }),
        (b, flip) => {
          const text = toBase64Url(b);
          const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
          const stray = b.length % 3 === 1 ? 4 : 2;
          const last = alphabet.indexOf(text[text.length - 1]!);
          const mutated = last ^ (flip & ((1 << stray) - 1));
          fc.pre(mutated !== last);
          const other = text.slice(0, -1) + alphabet[mutated]!;
          expect(() => fromBase64Url(other)).toThrow(/non-canonical/);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('utf8 and bytesEqual', () => {
  it('round-trips text, and refuses malformed UTF-8', () => {
    expect(toHex(utf8('€😀'))).toBe('e282acf09f9880');
    expect(fromUtf8(utf8('€😀'))).toBe('€😀');
    expect(() => fromUtf8(bytes(0xc3))).toThrow();
    expect(() => fromUtf8(bytes(0xed, 0xa0, 0x80))).toThrow(); // an encoded surrogate
  });

  it('compares bytes', () => {
    expect(bytesEqual(bytes(1, 2), bytes(1, 2))).toBe(true);
    expect(bytesEqual(bytes(1, 2), bytes(1, 3))).toBe(false);
    expect(bytesEqual(bytes(1, 2), bytes(1, 2, 3))).toBe(false);
    expect(bytesEqual(bytes(), bytes())).toBe(true);
  });
});
