import { createHash } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trailerLineText } from '../../shared/journal';
import { nodeCrypto } from '../crypto';
import { verifyExportFile, type ExportVerifyReport, type VerifyFailure } from '../journal';
import { ArchiveError } from './errors';
import { manifestSignatureValid, parseManifest, type Manifest } from './manifest';
import { findManifest } from './findManifest';
import type { ArchiveBucket } from './s3Bucket';
import type { S3Target } from './s3Target';

export interface ArchiveVerifyResult {
  manifestUrl: string;
  manifest: Manifest;
  /** The export verifier's report over segments + trailer, with the archive's own failures (hashes, signature) first. */
  report: ExportVerifyReport;
}

/** Which segment holds a line of the reassembled export, to name it in failures. */
interface Span {
  first: number;
  last: number;
  name: string;
}

/**
 * Verify an archive (docs/archive.md): the manifest's signature, every
 * segment's SHA-256, size and entry count, then the segments followed by the
 * trailer as one export, through the same verifier as `journal verify FILE`.
 * Throws ArchiveError only when there is nothing to verify (no manifest, an
 * unreadable one, the server unreachable); everything else is a failure in
 * the report.
 */
export async function verifyArchive(bucket: ArchiveBucket, target: S3Target): Promise<ArchiveVerifyResult> {
  const found = await findManifest(bucket, target);
  const stored = await bucket.get(found.key);
  const manifestUrl = `s3://${bucket.name}/${found.key}`;
  if (stored === null) throw new ArchiveError('not-found', `${manifestUrl} does not exist`);
  let file;
  try {
    file = parseManifest(stored.toString('utf8'));
  } catch (err) {
    throw new ArchiveError('bad-manifest', `${manifestUrl} is not a valid archive manifest: ${err instanceof Error ? err.message : String(err)}`);
  }
  const { manifest } = file;
  const failures: VerifyFailure[] = [];
  if (!manifestSignatureValid(nodeCrypto, file)) failures.push({ reason: `manifest ${manifestUrl}: bad signature by ${manifest.archiver}` });
  if (found.workspace !== null && manifest.ws !== found.workspace)
    failures.push({ reason: `manifest ${manifestUrl} is for workspace ${manifest.ws}, but sits in the folder of workspace ${found.workspace}` });
  if (manifest.trailer.trailer.ws !== manifest.ws)
    failures.push({ reason: `manifest names workspace ${manifest.ws}, but its trailer ${manifest.trailer.trailer.ws}` });
  if (manifest.trailer.trailer.exporter !== manifest.archiver)
    failures.push({ reason: `manifest is signed by ${manifest.archiver}, but its trailer by ${manifest.trailer.trailer.exporter}: one device signs both` });

  const dir = mkdtempSync(join(tmpdir(), 'commandpost-archive-verify-'));
  try {
    const exportFile = join(dir, 'archive.jsonl');
    const spans = await reassemble(bucket, found.folder, manifest, exportFile, failures);
    const report = await verifyExportFile(nodeCrypto, exportFile);
    const located = report.failures.map((f) => locate(f, spans));
    const all = [...failures, ...located];
    return { manifestUrl, manifest, report: { ...report, failures: all, stateHash: all.length === 0 ? report.stateHash : null } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Download the segments in order into one export file ending with the trailer; records every segment that is missing or changed. */
async function reassemble(bucket: ArchiveBucket, folder: string, manifest: Manifest, out: string, failures: VerifyFailure[]): Promise<Span[]> {
  const spans: Span[] = [];
  const fd = openSync(out, 'w', 0o600);
  try {
    let line = 1;
    for (const [i, seg] of manifest.segments.entries()) {
      const key = folder === '' ? seg.key : `${folder}/${seg.key}`;
      const name = `segment ${i + 1} of ${manifest.segments.length} (s3://${bucket.name}/${key})`;
      const body = await bucket.get(key);
      if (body === null) {
        failures.push({ reason: `${name} is missing from the bucket` });
        continue;
      }
      const sha = createHash('sha256').update(body).digest('hex');
      if (sha !== seg.sha256)
        failures.push({
          reason: `${name}: its SHA-256 is ${sha} (${body.length} bytes), the manifest says ${seg.sha256} (${seg.bytes} bytes): the object was changed`,
        });
      const lines = body.reduce((n, b) => (b === 10 ? n + 1 : n), 0);
      if (lines !== seg.entries) failures.push({ reason: `${name} holds ${lines} lines, the manifest says ${seg.entries} entries` });
      writeSync(fd, body);
      // A segment cut short of its final newline would glue onto the next one; the verifier then names that line.
      spans.push({ first: line, last: line + lines - 1, name });
      line += lines;
    }
    writeSync(fd, `${trailerLineText(manifest.trailer)}\n`);
  } finally {
    closeSync(fd);
  }
  return spans;
}

/** Name the segment, and the line within it, of a failure the export verifier found at a line of the reassembled file. */
function locate(f: VerifyFailure, spans: readonly Span[]): VerifyFailure {
  if (f.line === undefined) return f;
  const line = f.line;
  const span = spans.find((s) => line >= s.first && line <= s.last);
  if (span === undefined) return { ...f, reason: `${f.reason} [in the manifest's trailer]` };
  return { ...f, reason: `${f.reason} [${span.name}, its line ${line - span.first + 1}]` };
}
