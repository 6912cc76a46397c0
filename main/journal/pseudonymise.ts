import { closeSync, openSync, readSync } from 'node:fs';
import type { JournalStore } from './store';
import { Pseudonyms, hasPseudonymisationRule, pseudonymiseBody } from './pseudonymiseRules';
import { writeLinesAtomically } from './writeLines';

// A pseudonymised export is for sharing an exercise (or an incident) outside
// the team: the timeline, the catalog and who-did-what stay; people become
// "Member 3" and free text becomes "Note text #12 (redacted, 184 chars)".
// Changing bodies breaks every body hash, so this file is deliberately not a
// journal: it has its own first line naming the format, every entry line is
// marked, and signatures and body hashes are left out (a body hash would let
// anyone confirm a guessed short note). `commandpost journal verify` refuses
// it with that explanation instead of reporting a wall of tampering.

export const PSEUDONYMISED_FORMAT = 'commandpost.pseudonymised-export';
export const PSEUDONYMISED_NOTICE =
  'Names and free text are replaced by pseudonyms; signatures and body hashes are left out. ' + 'This is not a verifiable journal and not tamper evidence.';

export interface PseudonymisedExportReport {
  entries: number;
  members: number;
  texts: number;
  /** Kinds with no pseudonymisation rule: all their strings were replaced (kind → entries). */
  unruledKinds: Record<string, number>;
}

/**
 * Write the journal, pseudonymised, as JSON Lines: a format line, then one
 * line per entry in total order. Written to a temporary file and renamed, as
 * the normal export is.
 */
export function exportPseudonymised(store: JournalStore, workspace: string, outFile: string): PseudonymisedExportReport {
  const p = new Pseudonyms();
  const unruledKinds: Record<string, number> = {};
  let entries = 0;
  function* lines(): Generator<string> {
    yield JSON.stringify({ format: PSEUDONYMISED_FORMAT, version: 1, verifiable: false, workspace, notice: PSEUDONYMISED_NOTICE });
    for (const e of store.entriesAfter(null)) {
      const { bodyHash: _bodyHash, author, ...rest } = e.header;
      if (!hasPseudonymisationRule(e.header.kind)) unruledKinds[e.header.kind] = (unruledKinds[e.header.kind] ?? 0) + 1;
      entries += 1;
      yield JSON.stringify({
        pseudonymised: true,
        id: e.id,
        header: { ...rest, author: p.member(author) },
        ...(e.redactedBy !== null ? { redactedBy: e.redactedBy } : { body: pseudonymiseBody(e.header.kind, e.body ?? null, p) }),
      });
    }
  }
  writeLinesAtomically(outFile, lines());
  return { entries, ...p.counts, unruledKinds };
}

/**
 * Whether a file is a pseudonymised export: its first line is the format
 * line, or (if someone cut that off) a marked entry line. Reads only the
 * start of the file.
 */
export function isPseudonymisedExport(file: string): boolean {
  const fd = openSync(file, 'r');
  let head: string;
  try {
    const buf = Buffer.alloc(64 * 1024);
    head = buf.toString('utf8', 0, readSync(fd, buf, 0, buf.length, 0));
  } finally {
    closeSync(fd);
  }
  const first = head.split('\n').find((l) => l.trim() !== '');
  if (first === undefined) return false;
  try {
    const json = JSON.parse(first) as { format?: unknown; pseudonymised?: unknown } | null;
    return json?.format === PSEUDONYMISED_FORMAT || json?.pseudonymised === true;
  } catch {
    // A first line cut by the 64 KiB window, or not JSON: tell by its opening.
    return first.startsWith(`{"format":"${PSEUDONYMISED_FORMAT}"`) || first.startsWith('{"pseudonymised":true');
  }
}
