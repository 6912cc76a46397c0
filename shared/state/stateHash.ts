import { toHex, fromHex, utf8 } from '../bytes';
import type { Hasher } from '../journal/crypto';
import type { WorkspaceState } from './state';
import { stateItems, type ItemJson } from './stateItems';

// The state hash is the sum, modulo 2^256, of SHA-256 over every item of the
// projection (stateItems.ts), each digest read as a big-endian number. A sum
// does not depend on the order of its terms, and one changed item changes the
// sum by (new digest - old digest): so the projector keeps it up to date per
// entry at the cost of the items that entry touched, and a peer holding the
// same entry set reaches the same value whatever order entries arrived in.
//
// It detects divergence (a bug, a missed entry, a different fold version); it
// is not a commitment an adversary cannot forge: sums of hashes over a 256-bit
// modulus admit generalised-birthday (Wagner) attacks that find two different
// item sets with one sum far faster than a SHA-256 collision. What binds a
// peer to what it holds is the signed journal (entry ids, signed checkpoints),
// never this hash.

/** The digest of one item: SHA-256 of the JSON array [section, key, value]. */
export function itemDigest(hasher: Hasher, section: string, key: string, json: string): Uint8Array {
  return hasher.sha256(utf8(`[${JSON.stringify(section)},${JSON.stringify(key)},${json}]`));
}

/** A 256-bit sum of digests, as eight 32-bit limbs, least significant first. */
export class HashSum {
  private readonly limbs: Uint32Array;

  constructor(from?: HashSum) {
    this.limbs = from === undefined ? new Uint32Array(8) : from.limbs.slice();
  }

  static fromHex(hex: string): HashSum {
    const sum = new HashSum();
    sum.addDigest(fromHex(hex));
    return sum;
  }

  addDigest(digest: Uint8Array): void {
    let carry = 0;
    for (let i = 0; i < 8; i++) {
      const total = this.limbs[i]! + readLimb(digest, i) + carry;
      this.limbs[i] = total >>> 0;
      carry = total > 0xffffffff ? 1 : 0;
    }
  }

  subDigest(digest: Uint8Array): void {
    let borrow = 0;
    for (let i = 0; i < 8; i++) {
      const total = this.limbs[i]! - readLimb(digest, i) - borrow;
      this.limbs[i] = total >>> 0;
      borrow = total < 0 ? 1 : 0;
    }
  }

  /** Big-endian hex: the state hash. */
  hex(): string {
    const out = new Uint8Array(32);
    for (let i = 0; i < 8; i++) {
      const v = this.limbs[i]!;
      const at = 28 - 4 * i;
      out[at] = v >>> 24;
      out[at + 1] = (v >>> 16) & 0xff;
      out[at + 2] = (v >>> 8) & 0xff;
      out[at + 3] = v & 0xff;
    }
    return toHex(out);
  }
}

/** Limb i (0: least significant) of a 32-byte big-endian digest. */
function readLimb(digest: Uint8Array, i: number): number {
  const at = 28 - 4 * i;
  return ((digest[at]! << 24) | (digest[at + 1]! << 16) | (digest[at + 2]! << 8) | digest[at + 3]!) >>> 0;
}

/** The sum over every item of the state, from scratch: O(state). */
export function stateHashSum(hasher: Hasher, state: Readonly<WorkspaceState>): HashSum {
  const sum = new HashSum();
  for (const [section, key, json] of stateItems(state)) sum.addDigest(itemDigest(hasher, section, key, json));
  return sum;
}

/** The state hash, from scratch; the Projector keeps the same value incrementally (Projector.stateHash). */
export function stateHash(hasher: Hasher, state: Readonly<WorkspaceState>): string {
  return stateHashSum(hasher, state).hex();
}

/** Replace one item's term in the sum: old and new values as canonical JSON (null: absent). */
export function replaceTerm(
  hasher: Hasher,
  sum: HashSum,
  section: string,
  key: string,
  before: ItemJson,
  after: ItemJson,
  beforeDigest?: Uint8Array,
): Uint8Array | undefined {
  if (before !== null) sum.subDigest(beforeDigest ?? itemDigest(hasher, section, key, before));
  if (after === null) return undefined;
  const digest = itemDigest(hasher, section, key, after);
  sum.addDigest(digest);
  return digest;
}
