import { fromBase64Url } from '../../shared/bytes';
import { trailerBytesOf, trailerMismatches, type CryptoSuite, type Trailer } from '../../shared/journal';
import { isPseudonymisedExport } from './pseudonymise';
import { readExport } from './readExport';
import { verifyEntriesParallel, type VerifyFailure, type VerifyReport } from './verifyJournal';

export interface ExportVerifyOptions {
  /** Accept an export without a trailer (written before trailers existed); cut-off chains then go unnoticed. */
  allowUntrailed?: boolean;
}

export interface ExportVerifyReport extends VerifyReport {
  /** The trailer, when the file has one that is well formed (its checks are in `failures`). */
  trailer: Trailer | null;
  /** Said to the user whatever the outcome, e.g. that an untrailed export cannot show truncation. */
  notes: string[];
}

export const UNTRAILED_FAILURE =
  'no export trailer (the signed last line): entries cut off the end of a chain, or a whole author left out, could not be detected. ' +
  'Re-export with this version, or verify an export written before trailers with --allow-untrailed';

/**
 * Everything `commandpost journal verify FILE.jsonl` checks: each line
 * strictly parsed, every entry verified as in verifyEntries, and the signed
 * trailer (docs/journal-format.md, *Export trailer*).
 */
export async function verifyExportFile(crypto: CryptoSuite, file: string, opts: ExportVerifyOptions = {}): Promise<ExportVerifyReport> {
  const read = await readExport(file);
  const prior: VerifyFailure[] = isPseudonymisedExport(file)
    ? [{ reason: 'this is a pseudonymised export, not a journal: it cannot be verified and is no tamper evidence' }]
    : [];
  const report = await verifyEntriesParallel(crypto, read.items, [...prior, ...read.failures]);
  const failures = [...report.failures];
  const notes: string[] = [];
  const trailer = read.trailer?.value.trailer ?? null;
  if (read.trailer === null) {
    const malformed = read.failures.some((f) => f.reason.startsWith('malformed trailer'));
    if (opts.allowUntrailed === true) notes.push('no export trailer: accepted (--allow-untrailed), so entries cut off the end of a chain would go unnoticed');
    else if (!malformed) failures.push({ reason: UNTRAILED_FAILURE });
  } else {
    const { line, value } = read.trailer;
    const t = value.trailer;
    let signature: Uint8Array | null = null;
    try {
      signature = fromBase64Url(value.sig);
    } catch {
      signature = null;
    }
    if (signature === null || !crypto.verify(t.exporter, trailerBytesOf(t), signature)) {
      failures.push({ line, reason: `trailer: bad signature by ${t.exporter}` });
    } else {
      const active = new Set(report.activeMembers);
      const facts = { workspace: report.workspace, entries: read.entryLines, heads: report.heads, isActiveMember: (k: string) => active.has(k) };
      for (const reason of trailerMismatches(t, facts)) failures.push({ line, reason: `trailer: ${reason}` });
    }
  }
  return { ...report, failures, stateHash: failures.length === 0 ? report.stateHash : null, trailer, notes };
}
