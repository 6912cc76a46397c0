import { z } from 'zod';
import { canonicalJson } from '../canonical';
import { toBase64Url, utf8 } from '../bytes';
import type { Signer } from './crypto';
import { HexHash, PublicKeyText, SignatureText, WorkspaceIdText } from './format';

// The signed last line of an export. Chains prove that nothing was changed or
// dropped in the middle of an author's history, but dropping an author's
// newest entries leaves a shorter chain that still verifies. The trailer
// states, under the exporting device's signature, how many entries the file
// holds and where every author's chain ends, so a file cut short (or with a
// whole author left out) no longer verifies. `purpose` keeps these bytes
// apart from anything else a device key signs (entry headers, sync handshakes).

export const TRAILER_PURPOSE = 'journal-export-trailer';

const Count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const TrailerSchema = z.strictObject({
  v: z.literal(1),
  purpose: z.literal(TRAILER_PURPOSE),
  ws: WorkspaceIdText,
  exporter: PublicKeyText,
  exportedAt: Count,
  entries: Count,
  heads: z.record(PublicKeyText, z.strictObject({ seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER), id: HexHash })),
});
export type Trailer = z.infer<typeof TrailerSchema>;

/** The trailer line: `{"trailer":{…},"sig":"…"}`. */
export const TrailerLineSchema = z.strictObject({ trailer: TrailerSchema, sig: SignatureText });
export type TrailerLine = z.infer<typeof TrailerLineSchema>;

export type Heads = Record<string, { seq: number; id: string }>;

/** The bytes the exporter signs: UTF-8(JCS(trailer)). */
export function trailerBytesOf(trailer: Trailer): Uint8Array {
  return utf8(canonicalJson(trailer));
}

export function signTrailer(signer: Signer, t: Omit<Trailer, 'v' | 'purpose' | 'exporter'>): TrailerLine {
  const trailer: Trailer = {
    v: 1,
    purpose: TRAILER_PURPOSE,
    ws: t.ws,
    exporter: signer.publicKey,
    exportedAt: t.exportedAt,
    entries: t.entries,
    heads: t.heads,
  };
  return { trailer, sig: toBase64Url(signer.sign(trailerBytesOf(trailer))) };
}

/** The trailer line as written: canonical JSON, so the same export gives the same bytes. */
export function trailerLineText(line: TrailerLine): string {
  return canonicalJson(line);
}

/** What the file itself shows, to compare with what its trailer claims. */
export interface ExportFacts {
  /** The workspace the journal's genesis founds, or null when it has none. */
  workspace: string | null;
  /** Entry lines in the file (valid or not). */
  entries: number;
  /** Per author, the highest seq held and that entry's id. */
  heads: Heads;
  /** Whether a key is an active roster member once every entry is folded. */
  isActiveMember(key: string): boolean;
}

/**
 * Where a (signature-checked) trailer and the file disagree; empty when they
 * agree. Pure: the caller checks the signature and the trailer's place.
 */
export function trailerMismatches(trailer: Trailer, facts: ExportFacts): string[] {
  const out: string[] = [];
  if (facts.workspace !== null && trailer.ws !== facts.workspace)
    out.push(`trailer names workspace ${trailer.ws}, but the journal's genesis founds ${facts.workspace}`);
  if (!facts.isActiveMember(trailer.exporter))
    out.push(`trailer is signed by ${trailer.exporter}, which is not an active roster member at the end of the journal`);
  if (trailer.entries !== facts.entries)
    out.push(`trailer says the export holds ${trailer.entries} entries, but the file holds ${facts.entries}: entries were added or removed`);
  const authors = new Set([...Object.keys(trailer.heads), ...Object.keys(facts.heads)]);
  for (const author of [...authors].sort()) {
    const claimed = Object.hasOwn(trailer.heads, author) ? trailer.heads[author] : undefined;
    const held = Object.hasOwn(facts.heads, author) ? facts.heads[author] : undefined;
    if (claimed === undefined) out.push(`author ${author} has entries in the file but none in the trailer: entries were added`);
    else if (held === undefined)
      out.push(`trailer lists author ${author} up to seq ${claimed.seq}, but the file holds none of that author's entries: entries were removed`);
    else if (claimed.seq !== held.seq || claimed.id !== held.id) {
      out.push(
        `author ${author}: trailer says the chain ends at seq ${claimed.seq} (entry ${claimed.id}), but the file's ends at seq ${held.seq} (entry ${held.id})`,
      );
    }
  }
  return out;
}
