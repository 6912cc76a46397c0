import { z } from 'zod';
import { canonicalJson } from '../../shared/canonical';
import { fromBase64Url, toBase64Url, utf8 } from '../../shared/bytes';
import { HexHash, PublicKeyText, TrailerLineSchema, WorkspaceIdText, parseStrictJson, type Signer, type SignatureVerifier } from '../../shared/journal';

// The signed index of an archive (docs/archive.md). `purpose` keeps these
// bytes apart from anything else a device key signs (entry headers, export
// trailers, sync handshakes), so a manifest signature can never be replayed
// as one of those, nor the other way round.

export const MANIFEST_PURPOSE = 'journal-archive-manifest';

const Count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** A segment, named relative to the workspace's folder so an archive copied to another bucket or prefix still verifies. */
export const SegmentRefSchema = z
  .strictObject({
    key: z.string().regex(/^segments\/[0-9a-f]{64}\.jsonl$/, 'expected segments/<sha256>.jsonl'),
    sha256: HexHash,
    bytes: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    entries: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  })
  .refine((s) => s.key === `segments/${s.sha256}.jsonl`, { message: 'a segment key must be segments/<its sha256>.jsonl' });
export type SegmentRef = z.infer<typeof SegmentRefSchema>;

export const ManifestSchema = z.strictObject({
  v: z.literal(1),
  purpose: z.literal(MANIFEST_PURPOSE),
  ws: WorkspaceIdText,
  /** The archiving device's key; the same device signs the export trailer inside. */
  archiver: PublicKeyText,
  /** The archiver's clock when it wrote the manifest, ms since the Unix epoch. */
  archivedAt: Count,
  /** The cut rule the segments were made with (informative: verification does not depend on it). */
  segmentEntries: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  segments: z.array(SegmentRefSchema).min(1),
  /** The export's trailer line: the segments in order, then this line, are a complete `journal export` file. */
  trailer: TrailerLineSchema,
});
export type Manifest = z.infer<typeof ManifestSchema>;

export const ManifestFileSchema = z.strictObject({ manifest: ManifestSchema, sig: TrailerLineSchema.shape.sig });
export type ManifestFile = z.infer<typeof ManifestFileSchema>;

export function manifestBytesOf(manifest: Manifest): Uint8Array {
  return utf8(canonicalJson(manifest));
}

export function signManifest(signer: Signer, m: Omit<Manifest, 'v' | 'purpose' | 'archiver'>): ManifestFile {
  const { ws, archivedAt, segmentEntries, segments, trailer } = m;
  const manifest: Manifest = { v: 1, purpose: MANIFEST_PURPOSE, ws, archiver: signer.publicKey, archivedAt, segmentEntries, segments, trailer };
  return { manifest, sig: toBase64Url(signer.sign(manifestBytesOf(manifest))) };
}

/** The file as stored: indented for people who open it; the signature covers JCS(manifest), not these bytes. */
export function manifestText(file: ManifestFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** Parse a stored manifest strictly (no duplicate members, exact schema); throws with the first problem and its path. */
export function parseManifest(text: string): ManifestFile {
  const parsed = ManifestFileSchema.safeParse(parseStrictJson(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${issue?.path.join('.') || 'manifest'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

export function manifestSignatureValid(verifier: SignatureVerifier, file: ManifestFile): boolean {
  try {
    return verifier.verify(file.manifest.archiver, manifestBytesOf(file.manifest), fromBase64Url(file.sig));
  } catch {
    return false;
  }
}

/** Whether two manifests name the same segments and the same journal (heads and count), whoever wrote them and when. */
export function sameContent(a: Manifest, b: Manifest): boolean {
  const seg = (m: Manifest) => m.segments.map((s) => s.sha256).join(',');
  const { trailer: ta } = a.trailer;
  const { trailer: tb } = b.trailer;
  return a.ws === b.ws && seg(a) === seg(b) && ta.entries === tb.entries && canonicalJson(ta.heads) === canonicalJson(tb.heads);
}
