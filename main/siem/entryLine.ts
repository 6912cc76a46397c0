import { canonicalJson } from '../../shared/canonical';
import type { Entry } from '../../shared/journal';

/** An entry as the forwarder reads it: with its local rowid, the position the cursor counts in. */
export type StoredEntry = Entry & { readonly rowid: number };

/**
 * The entry exactly as `journal export` writes its line (docs/journal-format.md,
 * *Export file*): id, canonical header, signature, then the body, or
 * `redactedBy` instead of it once a redaction deleted the body. A SIEM user
 * can hand these lines to any verifier of the journal format.
 */
export function entryLine(entry: Entry): string {
  const tail = entry.redactedBy === null ? `"body":${canonicalJson(entry.body)}` : `"redactedBy":${JSON.stringify(entry.redactedBy)}`;
  return `{"id":"${entry.id}","header":${canonicalJson(entry.header)},"sig":"${entry.sig}",${tail}}`;
}
