import { describe, expect, it } from 'vitest';
import { StrictJsonError, parseStrictJson } from '../../../../shared/journal';

function refusal(text: string): string {
  try {
    parseStrictJson(text);
  } catch (err) {
    expect(err).toBeInstanceOf(StrictJsonError);
    return (err as StrictJsonError).reason;
  }
  throw new Error(`accepted ${text}`);
}

describe('parseStrictJson', () => {
  it('parses what JSON.parse parses, to the same value', () => {
    const samples = [
      '{"id":"ab","header":{"seq":2,"hlc":{"wall":1767225600000,"count":0}},"body":{"text":"caf\\u00e9 \\"quoted\\" \\\\ \\/ ' +
        '\\n","list":[1,-2.5,3e2,true,false,null,[],{}]}}',
      ' [ 1 , "two" , { "three" : 3 } ] ',
      '"\\ud83d\\ude00 paired surrogates"',
      '0',
      '-0.125E-3',
    ];
    for (const text of samples) expect(parseStrictJson(text)).toEqual(JSON.parse(text));
  });

  it('refuses a duplicate member name at any depth, also when spelled with escapes', () => {
    expect(refusal('{"body":{"text":"forged"},"body":{"text":"real"}}')).toBe('duplicate member name "body"');
    expect(refusal('{"header":{"seq":1,"kind":"x","seq":2}}')).toBe('duplicate member name "seq"');
    expect(refusal('[{"a":1},{"b":{"c":1,"\\u0063":2}}]')).toBe('duplicate member name "c"');
    // Same name in different objects is fine.
    expect(parseStrictJson('{"a":{"a":1},"b":{"a":2}}')).toEqual({ a: { a: 1 }, b: { a: 2 } });
  });

  it('keeps "__proto__" as an ordinary member', () => {
    const value = parseStrictJson('{"__proto__":{"polluted":true}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses what RFC 8259 and I-JSON refuse', () => {
    expect(refusal('{"a":1,}')).toMatch(/member name/);
    expect(refusal('[1,]')).toMatch(/unexpected character/);
    expect(refusal('{"a":01}')).toMatch(/after a member|',' or '}'/);
    expect(refusal('{"a":1e400}')).toMatch(/outside the range of a double/);
    expect(refusal('"\\ud800 alone"')).toMatch(/unpaired UTF-16 surrogate/);
    expect(refusal('"tab\there"')).toMatch(/unescaped control character/);
    expect(refusal('"\\x41"')).toMatch(/invalid escape/);
    expect(refusal('{"a":1} {"b":2}')).toMatch(/after the JSON value/);
    expect(refusal("{'a':1}")).toMatch(/member name in double quotes/);
    expect(refusal('{"a":tru}')).toMatch(/unexpected character/);
    expect(refusal('{"a":"cut')).toMatch(/unterminated string/);
    expect(refusal('NaN')).toMatch(/unexpected character/);
    expect(refusal('')).toMatch(/unexpected end/);
    expect(refusal('['.repeat(600) + ']'.repeat(600))).toMatch(/nested deeper/);
  });

  it('says where it went wrong', () => {
    try {
      parseStrictJson('{"a":1,"a":2}');
    } catch (err) {
      expect((err as StrictJsonError).offset).toBe(7);
      expect((err as Error).message).toBe('duplicate member name "a" at character 8');
    }
    expect.assertions(2);
  });
});
