// Which Ed25519 signatures count as valid is part of the journal format: if two
// peers disagreed about one entry, they would fold different states. libsodium
// and OpenSSL (node:crypto) agree on the verification equation (both compare
// the encoding of [S]B - [k]A with R byte for byte, cofactorless) but not on
// what they refuse before it. libsodium refuses, and OpenSSL accepts:
//   - a public key whose encoding is not canonical (y >= p);
//   - a public key of small order (order 1, 2, 4 or 8; the all-zero key is the
//     order-4 point y = 0), with which anyone can forge a "valid" signature;
//   - an R of small order (e.g. the identity, which a key holder can use to
//     make one signature verify for a chosen hash).
// Both refuse S >= L. These checks are libsodium's, written out so that the
// node:crypto fallback applies them too and every peer reaches one verdict
// whichever library it loaded (test/unit/main/crypto/ed25519Vectors.test.ts
// holds a vector for each case, run against both).

/** Ed25519's group order L = 2^252 + 27742317777372353535851937790883648493, little-endian. */
const L = Uint8Array.from([
  0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
]);

const hex = (h: string) => Uint8Array.from(h.match(/../g) ?? [], (b) => parseInt(b, 16));
const highY = (low: number) => Uint8Array.from({ length: 32 }, (_, i) => (i === 0 ? low : i === 31 ? 0x7f : 0xff));

/**
 * The encodings (sign bit ignored) of the points of small order: libsodium's
 * list. y = 0 (order 4), y = 1 (the identity), the two y of the order-8
 * points, y = p - 1 (order 2), and the non-canonical y = p, p + 1 (0 and 1 again).
 */
export const SMALL_ORDER_ENCODINGS: readonly Uint8Array[] = [
  new Uint8Array(32),
  hex('0100000000000000000000000000000000000000000000000000000000000000'),
  hex('26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05'),
  hex('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a'),
  highY(0xec),
  highY(0xed),
  highY(0xee),
];

/** True if the 32-byte encoding is one of a small-order point, whatever its sign bit. */
export function hasSmallOrder(point: Uint8Array): boolean {
  return SMALL_ORDER_ENCODINGS.some((bad) => {
    for (let i = 0; i < 31; i++) if (point[i] !== bad[i]) return false;
    return (point[31]! & 0x7f) === bad[31];
  });
}

/** True if the encoded y (sign bit ignored) is below p = 2^255 - 19. */
export function isCanonicalPoint(point: Uint8Array): boolean {
  if ((point[31]! & 0x7f) !== 0x7f) return true;
  for (let i = 30; i > 0; i--) if (point[i] !== 0xff) return true;
  return point[0]! < 0xed;
}

/** True if the little-endian scalar is below L. */
export function isCanonicalScalar(s: Uint8Array): boolean {
  for (let i = 31; i >= 0; i--) {
    if (s[i]! < L[i]!) return true;
    if (s[i]! > L[i]!) return false;
  }
  return false;
}

/** A public key may sign: 32 bytes, canonical, not of small order. Check once per key. */
export function isAcceptableKey(publicKey: Uint8Array): boolean {
  return publicKey.length === 32 && isCanonicalPoint(publicKey) && !hasSmallOrder(publicKey);
}

/** The signature's own checks: 64 bytes, R not of small order, S < L. */
export function isAcceptableSignature(signature: Uint8Array): boolean {
  return signature.length === 64 && !hasSmallOrder(signature.subarray(0, 32)) && isCanonicalScalar(signature.subarray(32));
}
