import { describe, it, expect } from 'vitest';
import { generateKeyPair, nodeCrypto, signerFromSeed } from '../../../../main/crypto';
import { fromBase64Url, toBase64Url, toHex, utf8 } from '../../../../shared/bytes';
import { canonicalJson, type JsonValue } from '../../../../shared/canonical';
import {
  BodyTooLargeError,
  HeaderSchema,
  JournalVerifyError,
  MAX_BODY_BYTES,
  WireEntrySchema,
  bodyHashOf,
  compareOrder,
  entryIdOf,
  headerBytesOf,
  orderKeyOf,
  signEntry,
  toWire,
  verifyEntry,
  type DraftHeader,
  type Entry,
  type Header,
  type WireEntry,
} from '../../../../shared/journal';

const suite = nodeCrypto;
const alice = signerFromSeed(generateKeyPair().seed);
const mallory = signerFromSeed(generateKeyPair().seed);
const WS = '0123456789abcdef0123456789abcdef';
const T0 = 1_700_000_000_000;

function draft(over: Partial<DraftHeader> = {}): DraftHeader {
  return { ws: WS, seq: 1, prev: null, hlc: { wall: T0, count: 0 }, kind: 'note.add', ...over };
}

const body: JsonValue = { text: 'database failover started', incident: null, service: 'db' };

function clone<T>(value: T): T {
  return structuredClone(value);
}

function verifyError(wire: WireEntry, line?: number): JournalVerifyError {
  try {
    verifyEntry(suite, wire, line);
  } catch (err) {
    expect(err).toBeInstanceOf(JournalVerifyError);
    return err as JournalVerifyError;
  }
  throw new Error('expected verifyEntry to throw');
}

/** The error names the entry so an auditor can find it. */
function expectNamed(err: JournalVerifyError, wire: WireEntry): void {
  expect(err.name).toBe('JournalVerifyError');
  expect(err.where.author).toBe(wire.header.author);
  expect(err.where.seq).toBe(wire.header.seq);
  expect(err.where.id).toBe(wire.id);
  expect(err.message).toContain(`author ${wire.header.author}`);
  expect(err.message).toContain(`seq ${wire.header.seq}`);
  expect(err.message).toContain(`entry ${wire.id}`);
}

/** Re-sign a modified header with `signer`, with a matching id: what a forger could do with their own key. */
function resign(header: Header, signer = alice): WireEntry & { body: JsonValue } {
  const bytes = headerBytesOf(header);
  return { id: toHex(suite.sha256(bytes)), header, sig: toBase64Url(signer.sign(bytes)), body };
}

describe('signEntry', () => {
  it('fills the header and computes bodyHash, id and signature as documented', () => {
    const entry = signEntry(suite, alice, draft(), body);
    expect(entry.header).toEqual({
      v: 1,
      ws: WS,
      author: alice.publicKey,
      seq: 1,
      prev: null,
      hlc: { wall: T0, count: 0 },
      kind: 'note.add',
      bodyHash: toHex(suite.sha256(utf8(canonicalJson(body)))),
    });
    expect(HeaderSchema.safeParse(entry.header).success).toBe(true);
    expect(entry.header.bodyHash).toBe(bodyHashOf(suite, body));
    expect(entry.id).toBe(toHex(suite.sha256(utf8(canonicalJson(entry.header)))));
    expect(entry.id).toBe(entryIdOf(suite, entry.header));
    expect(fromBase64Url(entry.sig)).toHaveLength(64);
    expect(suite.verify(alice.publicKey, headerBytesOf(entry.header), fromBase64Url(entry.sig))).toBe(true);
    expect(entry.body).toBe(body);
    expect(entry.redactedBy).toBeNull();
  });

  it('hashes the canonical body: member order does not matter', () => {
    const a = signEntry(suite, alice, draft(), { b: 1, a: [1, 2] });
    const b = signEntry(suite, alice, draft(), { a: [1, 2], b: 1 });
    expect(a.header.bodyHash).toBe(b.header.bodyHash);
    expect(a.id).toBe(b.id);
  });

  it('refuses a body over 1 MiB with BodyTooLargeError, and accepts exactly 1 MiB', () => {
    // A JSON string of n characters is n + 2 bytes with its quotes.
    const exact = 'x'.repeat(MAX_BODY_BYTES - 2);
    expect(MAX_BODY_BYTES).toBe(1024 * 1024);
    expect(() => signEntry(suite, alice, draft(), exact)).not.toThrow();
    let caught: unknown;
    try {
      signEntry(suite, alice, draft({ kind: 'note.add' }), `${exact}x`);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(BodyTooLargeError);
    const err = caught as BodyTooLargeError;
    expect(err.kind).toBe('note.add');
    expect(err.bytes).toBe(MAX_BODY_BYTES + 1);
    expect(err.message).toMatch(/1 MiB/);
  });

  it('counts the limit in UTF-8 bytes, not characters', () => {
    // 3 bytes a character: well under 1 Mi characters, over 1 MiB.
    const euros = '€'.repeat(Math.floor(MAX_BODY_BYTES / 3) + 1);
    expect(euros.length).toBeLessThan(MAX_BODY_BYTES);
    expect(() => signEntry(suite, alice, draft(), { text: euros })).toThrow(BodyTooLargeError);
  });
});

describe('verifyEntry', () => {
  const first = signEntry(suite, alice, draft(), body);
  const second = signEntry(suite, alice, draft({ seq: 2, prev: first.id, hlc: { wall: T0 + 5, count: 0 } }), { text: 'second' });

  it('round-trips a signed entry through its wire form', () => {
    for (const entry of [first, second]) {
      const wire = JSON.parse(JSON.stringify(toWire(entry))) as unknown;
      const parsed = WireEntrySchema.parse(wire);
      const verified: Entry = verifyEntry(suite, parsed);
      expect(verified).toEqual(entry);
    }
  });

  it('verifies a redacted entry (the signature covers bodyHash, not the body)', () => {
    const tombstone = { id: first.id, header: first.header, sig: first.sig, redactedBy: 'f'.repeat(64) };
    expect(WireEntrySchema.safeParse(tombstone).success).toBe(true);
    const verified = verifyEntry(suite, tombstone);
    expect(verified.body).toBeNull();
    expect(verified.redactedBy).toBe('f'.repeat(64));
    expect(toWire(verified)).toEqual(tombstone);
  });

  it('the wire schema wants a body or redactedBy, never both or neither', () => {
    const { id, header, sig } = first;
    expect(WireEntrySchema.safeParse({ id, header, sig }).success).toBe(false);
    expect(WireEntrySchema.safeParse({ id, header, sig, body, redactedBy: 'f'.repeat(64) }).success).toBe(false);
    expect(WireEntrySchema.safeParse({ id, header, sig, body, extra: 1 }).success).toBe(false);
  });

  describe('detects tampering, naming the author, seq and id', () => {
    const headerTampers: Array<[string, (h: Header) => void]> = [
      ['ws', (h) => void (h.ws = 'f'.repeat(32))],
      ['author', (h) => void (h.author = mallory.publicKey)],
      ['seq', (h) => void (h.seq = 3)],
      ['prev', (h) => void (h.prev = 'e'.repeat(64))],
      ['hlc.wall', (h) => void (h.hlc.wall += 1)],
      ['hlc.count', (h) => void (h.hlc.count += 1)],
      ['kind', (h) => void (h.kind = 'incident.open')],
      ['bodyHash', (h) => void (h.bodyHash = bodyHashOf(suite, { text: 'forged' }))],
    ];

    it.each(headerTampers)('a changed header field (%s) no longer matches the id', (_field, change) => {
      const wire = clone(toWire(second));
      change(wire.header);
      const err = verifyError(wire, 7);
      expect(err.reason).toMatch(/id does not match the header/);
      expectNamed(err, wire);
      expect(err.where.line).toBe(7);
      expect(err.message).toMatch(/^line 7, /);
    });

    it.each(headerTampers)('a changed header field (%s) with a recomputed id fails the signature', (_field, change) => {
      const wire = clone(toWire(second));
      change(wire.header);
      wire.id = entryIdOf(suite, wire.header);
      const err = verifyError(wire);
      expect(err.reason).toBe('bad signature');
      expectNamed(err, wire);
    });

    it('a header re-signed by another key (claiming to be the author) fails the signature', () => {
      const wire = resign(clone(second.header), mallory);
      const err = verifyError(wire);
      expect(err.reason).toBe('bad signature');
      expectNamed(err, wire);
    });

    it('a changed body no longer matches bodyHash', () => {
      const wire = clone(toWire(second)) as WireEntry;
      wire.body = { text: 'second, edited' };
      const err = verifyError(wire);
      expect(err.reason).toBe('body does not match bodyHash');
      expectNamed(err, wire);
    });

    it('a body changed only in member order still verifies (hash of the canonical form)', () => {
      const wire = clone(toWire(first)) as WireEntry;
      wire.body = { service: 'db', incident: null, text: 'database failover started' };
      expect(() => verifyEntry(suite, wire)).not.toThrow();
    });

    it.each([0, 1, 31, 32, 63])('a flipped bit in signature byte %i fails the signature', (index) => {
      const wire = clone(toWire(second));
      const sig = fromBase64Url(wire.sig);
      sig[index]! ^= 0x01;
      wire.sig = toBase64Url(sig);
      const err = verifyError(wire);
      expect(err.reason).toBe('bad signature');
      expectNamed(err, wire);
    });

    it('a truncated or non-base64url signature is refused', () => {
      const short = clone(toWire(second));
      short.sig = toBase64Url(fromBase64Url(short.sig).slice(0, 63));
      expect(verifyError(short).reason).toBe('bad signature');
      const garbled = clone(toWire(second));
      garbled.sig = `${garbled.sig.slice(0, -2)}+/`;
      const err = verifyError(garbled);
      expect(err.reason).toMatch(/signature is not base64url/);
      expectNamed(err, garbled);
    });

    it('a changed id is refused', () => {
      const wire = clone(toWire(second));
      wire.id = `${wire.id.slice(0, -1)}${wire.id.endsWith('0') ? '1' : '0'}`;
      const err = verifyError(wire);
      expect(err.reason).toMatch(/id does not match the header \(computed [0-9a-f]{64}\)/);
      expect(err.reason).toContain(second.id);
      expectNamed(err, wire);
    });

    it('an id copied from another entry is refused', () => {
      const wire = clone(toWire(second));
      wire.id = first.id;
      expectNamed(verifyError(wire), wire);
    });
  });

  describe('header shape', () => {
    it('seq 1 must have prev null', () => {
      const bad = signEntry(suite, alice, draft({ seq: 1, prev: 'a'.repeat(64) }), body);
      const err = verifyError(toWire(bad));
      expect(err.reason).toMatch(/malformed header: prev must be null exactly when seq is 1/);
      expectNamed(err, toWire(bad));
      expect(HeaderSchema.safeParse(bad.header).success).toBe(false);
    });

    it('seq 2 and later must have a prev', () => {
      const bad = signEntry(suite, alice, draft({ seq: 2, prev: null }), body);
      expect(verifyError(toWire(bad)).reason).toMatch(/malformed header: prev must be null exactly when seq is 1/);
    });

    it.each<[string, (h: Record<string, unknown>) => void]>([
      ['an unknown version', (h) => void (h.v = 2)],
      ['an extra field', (h) => void (h.extra = true)],
      ['seq 0', (h) => void (h.seq = 0)],
      ['a fractional seq', (h) => void (h.seq = 1.5)],
      ['a negative wall time', (h) => void (h.hlc = { wall: -1, count: 0 })],
      ['an upper-case kind', (h) => void (h.kind = 'Note.add')],
      ['an upper-case bodyHash', (h) => void (h.bodyHash = 'A'.repeat(64))],
      ['a short workspace id', (h) => void (h.ws = 'abc')],
      ['a malformed author key', (h) => void (h.author = 'not-a-key')],
    ])('refuses %s even when correctly signed', (_label, change) => {
      const header = clone(first.header) as unknown as Record<string, unknown>;
      change(header);
      const wire = resign(header as unknown as Header);
      const err = verifyError(wire);
      expect(err.reason).toMatch(/^malformed header: /);
    });

    it('refuses a body over 1 MiB on the way in, with a JournalVerifyError', () => {
      const big = 'y'.repeat(MAX_BODY_BYTES);
      const header: Header = { ...clone(first.header), bodyHash: bodyHashOf(suite, big) };
      const wire: WireEntry = { ...resign(header), body: big };
      const err = verifyError(wire);
      expect(err.reason).toMatch(/over the 1048576-byte limit/);
      expectNamed(err, wire);
    });
  });
});

describe('order keys', () => {
  it('orders by (hlc wall, hlc count, author, seq)', () => {
    const mk = (wall: number, count: number, author: string, seq: number) => ({ wall, count, author, seq });
    const keys = [mk(2, 0, 'a', 1), mk(1, 5, 'b', 9), mk(1, 5, 'a', 2), mk(1, 0, 'z', 1), mk(1, 5, 'a', 1)];
    const sorted = [...keys].sort(compareOrder);
    expect(sorted).toEqual([mk(1, 0, 'z', 1), mk(1, 5, 'a', 1), mk(1, 5, 'a', 2), mk(1, 5, 'b', 9), mk(2, 0, 'a', 1)]);
    expect(compareOrder(mk(1, 1, 'a', 1), mk(1, 1, 'a', 1))).toBe(0);
  });

  it('compares authors by code unit, so upper case sorts before lower case and "-" before digits', () => {
    expect(compareOrder({ wall: 1, count: 0, author: 'B', seq: 1 }, { wall: 1, count: 0, author: 'a', seq: 1 })).toBeLessThan(0);
    expect(compareOrder({ wall: 1, count: 0, author: '-', seq: 1 }, { wall: 1, count: 0, author: '0', seq: 1 })).toBeLessThan(0);
  });

  it('takes the key from a header', () => {
    const entry = signEntry(suite, alice, draft({ hlc: { wall: T0, count: 3 } }), body);
    expect(orderKeyOf(entry.header)).toEqual({ wall: T0, count: 3, author: alice.publicKey, seq: 1 });
  });
});
