// A version vector maps an author (device public key) to the highest seq of
// that author's chain a peer holds. Chains are stored without gaps, so "holds
// seq n" means "holds 1..n": comparing two vectors says exactly which entries
// one side lacks, and the comparison costs O(authors), not O(journal).

export type VersionVector = Record<string, number>;

/** The seq a vector records for an author; 0 when it holds none. Own keys only: the keys come from peers. */
export function seqOf(vv: Readonly<VersionVector>, author: string): number {
  return Object.hasOwn(vv, author) ? (vv[author] ?? 0) : 0;
}

/** Raise `into` to at least `from`, author by author. Returns true if anything rose. */
export function mergeMax(into: VersionVector, from: Readonly<VersionVector>): boolean {
  let rose = false;
  for (const [author, seq] of Object.entries(from)) {
    if (seq > seqOf(into, author)) {
      into[author] = seq;
      rose = true;
    }
  }
  return rose;
}

/** How many entries `theirs` holds that `mine` lacks. */
export function missingCount(theirs: Readonly<VersionVector>, mine: Readonly<VersionVector>): number {
  let n = 0;
  for (const [author, seq] of Object.entries(theirs)) n += Math.max(0, seq - seqOf(mine, author));
  return n;
}

/** True when both vectors hold the same seq for every author (absent counts as 0). */
export function sameVector(a: Readonly<VersionVector>, b: Readonly<VersionVector>): boolean {
  return missingCount(a, b) === 0 && missingCount(b, a) === 0;
}
