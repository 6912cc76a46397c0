import { createHash } from 'node:crypto';
import type { Clock } from '../../shared/clock';
import type { Signer } from '../../shared/journal';
import { own } from '../../shared/state';
import { nodeCrypto } from '../crypto';
import type { Workspace } from '../workspace';
import { ArchiveError } from './errors';
import { manifestSignatureValid, manifestText, parseManifest, sameContent, signManifest, type ManifestFile, type SegmentRef } from './manifest';
import type { ArchiveBucket } from './s3Bucket';
import { keyUnder, s3UrlOf, type S3Target } from './s3Target';
import { MANIFEST_FILE, MANIFESTS_DIR, segmentKeyOf } from './layout';
import { DEFAULT_SEGMENT_ENTRIES, SegmentedExport, type Segment } from './segments';

const SEGMENT_TYPE = 'application/x-ndjson';

export interface ArchiveOptions {
  target: S3Target;
  bucket: ArchiveBucket;
  /** This device: signs the export trailer and the manifest; must be an active member. */
  signer: Signer;
  clock: Clock;
  segmentEntries?: number;
  /** Progress, one line per segment and for the manifest. */
  log?: (line: string) => void;
}

export interface ArchiveReport {
  workspace: string;
  entries: number;
  segments: number;
  /** Segments sent in this run (new, or replacing a damaged copy). */
  uploaded: number;
  /** Segments already in the bucket with the right content: skipped. */
  present: number;
  /** The manifest written by this run, or null when the archive already held this exact journal. */
  manifestUrl: string | null;
  historyUrl: string | null;
}

const sha256Hex = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/**
 * Archive the workspace's journal into the bucket (docs/archive.md): every
 * segment is made sure of (already there with the right content, or uploaded
 * and read back with the right SHA-256) before a signed manifest names it.
 * Safe to re-run and to kill at any point: a re-run skips what is there.
 */
export async function archiveWorkspace(ws: Workspace, opts: ArchiveOptions): Promise<ArchiveReport> {
  const member = own(ws.state.members, opts.signer.publicKey);
  if (member === undefined || !member.active) {
    throw new ArchiveError(
      'not-member',
      `this device (${opts.signer.publicKey}) is not an active member of workspace ${ws.id}, so the manifest and trailer it signs would not verify`,
    );
  }
  const log = opts.log ?? (() => undefined);
  const segmentEntries = opts.segmentEntries ?? DEFAULT_SEGMENT_ENTRIES;
  const exported = await SegmentedExport.create(ws.store, { signer: opts.signer, workspace: ws.id, clock: opts.clock }, segmentEntries);
  const refs: SegmentRef[] = [];
  let uploaded = 0;
  try {
    for await (const segment of exported.segments()) {
      const key = keyUnder(opts.target, ws.id, segmentKeyOf(segment.sha256));
      const outcome = await ensureSegment(opts.bucket, key, segment);
      if (outcome !== 'present') uploaded += 1;
      refs.push({ key: segmentKeyOf(segment.sha256), sha256: segment.sha256, bytes: segment.body.length, entries: segment.entries });
      log(
        `segment ${segment.index + 1} (${segment.entries} entries, ${segment.body.length} bytes) ${outcome}: ` +
          s3UrlOf(opts.target, ws.id, segmentKeyOf(segment.sha256)),
      );
    }
  } finally {
    await exported.dispose();
  }
  const trailer = exported.trailer;
  if (trailer === null) throw new Error('the export ended without its trailer');
  const next = signManifest(opts.signer, { ws: ws.id, archivedAt: opts.clock.now(), segmentEntries, segments: refs, trailer });
  const report = { workspace: ws.id, entries: exported.entries, segments: refs.length, uploaded, present: refs.length - uploaded };
  const current = await currentManifest(opts.bucket, keyUnder(opts.target, ws.id, MANIFEST_FILE), log);
  if (current !== null && sameContent(current.manifest, next.manifest)) return { ...report, manifestUrl: null, historyUrl: null };
  const written = await writeManifest(opts, ws.id, next);
  log(`manifest written: ${written.manifestUrl}`);
  return { ...report, ...written };
}

/** Make sure `key` holds exactly the segment's bytes; says whether it was there already. */
async function ensureSegment(bucket: ArchiveBucket, key: string, segment: Segment): Promise<'present' | 'uploaded' | 'replaced'> {
  const info = await bucket.head(key);
  if (info !== null) {
    const sha256 = Buffer.from(segment.sha256, 'hex').toString('base64');
    const md5 = createHash('md5').update(segment.body).digest('hex');
    // Digests the server computed from the stored bytes, so no need to download: its SHA-256 checksum,
    // or the ETag, which is the MD5 of the content for a plain single-part upload.
    if (info.bytes === segment.body.length && (info.sha256 === sha256 || info.etag === md5)) return 'present';
    const stored = await bucket.get(key);
    if (stored !== null && sha256Hex(stored) === segment.sha256) return 'present';
  }
  await bucket.put(key, segment.body, SEGMENT_TYPE);
  const back = await bucket.get(key);
  const got = back === null ? null : sha256Hex(back);
  if (got !== segment.sha256) {
    throw new ArchiveError(
      'hash-mismatch',
      `segment ${segment.index + 1} (s3://${bucket.name}/${key}) did not read back as uploaded: ` +
        (back === null
          ? 'the object is missing right after the upload'
          : `SHA-256 ${got} (${back.length} bytes) instead of ${segment.sha256} (${segment.body.length} bytes)`) +
        '; the manifest was not written',
    );
  }
  return info === null ? 'uploaded' : 'replaced';
}

/** The manifest the archive currently points at, when it is readable and correctly signed; otherwise null (and said why). */
async function currentManifest(bucket: ArchiveBucket, key: string, log: (line: string) => void): Promise<ManifestFile | null> {
  const stored = await bucket.get(key);
  if (stored === null) return null;
  try {
    const file = parseManifest(stored.toString('utf8'));
    if (manifestSignatureValid(nodeCrypto, file)) return file;
    log(`note: the current s3://${bucket.name}/${key} has a bad signature; writing a new one (the old one stays in ${MANIFESTS_DIR}/ if it was ever valid)`);
  } catch (err) {
    log(`note: the current s3://${bucket.name}/${key} is unreadable (${err instanceof Error ? err.message : String(err)}); writing a new one`);
  }
  return null;
}

/** YYYYMMDDTHHMMSSmmmZ: sorts by time and needs no characters that are awkward in keys. */
const stampOf = (ms: number): string => new Date(ms).toISOString().replace(/[-:.]/g, '');

/**
 * First the dated copy under manifests/ (never overwritten: its name holds the
 * time and the manifest's own hash), then manifest.json, the pointer to the
 * newest. Each is read back before the next step.
 */
async function writeManifest(opts: ArchiveOptions, workspace: string, file: ManifestFile): Promise<{ manifestUrl: string; historyUrl: string }> {
  const body = Buffer.from(manifestText(file), 'utf8');
  const history = `${MANIFESTS_DIR}/${stampOf(file.manifest.archivedAt)}-${sha256Hex(body).slice(0, 16)}.json`;
  for (const name of [history, MANIFEST_FILE]) {
    const key = keyUnder(opts.target, workspace, name);
    await opts.bucket.put(key, body, 'application/json');
    const back = await opts.bucket.get(key);
    if (back === null || !back.equals(body)) throw new ArchiveError('hash-mismatch', `s3://${opts.bucket.name}/${key} did not read back as written`);
  }
  return { manifestUrl: s3UrlOf(opts.target, workspace, MANIFEST_FILE), historyUrl: s3UrlOf(opts.target, workspace, history) };
}
