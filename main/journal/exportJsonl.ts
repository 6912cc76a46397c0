import type { Clock } from '../../shared/clock';
import { signTrailer, trailerLineText, type Heads, type Signer } from '../../shared/journal';
import type { JournalStore } from './store';
import { writeLinesAtomically } from './writeLines';

/** Who signs the export's trailer, for which workspace, at what time (docs/journal-format.md, *Export trailer*). */
export interface TrailerOptions {
  signer: Signer;
  workspace: string;
  clock: Clock;
}

type Row = { id: string; author: string; seq: number; header: string; sig: string; body: string | null; redacted_by: string | null };

/**
 * The journal as JSON Lines, one entry per line in total order. Lines reuse
 * the stored canonical header text byte for byte. With `trailer`, a last
 * line signed by the exporting device states the entry count and every
 * author's head, so a verifier can tell when entries were cut off.
 * `counted` learns the number of entries once the last is read.
 */
export function* exportLines(store: JournalStore, trailer?: TrailerOptions, counted?: (entries: number) => void): Generator<string> {
  const rows = store.db
    .prepare('SELECT id, author, seq, header, sig, body, redacted_by FROM entries ORDER BY wall, count, author, seq')
    .iterate() as Iterable<Row>;
  const heads: Heads = {};
  let entries = 0;
  for (const row of rows) {
    entries += 1;
    const head = Object.hasOwn(heads, row.author) ? heads[row.author] : undefined;
    if (head === undefined || row.seq > head.seq) heads[row.author] = { seq: row.seq, id: row.id };
    const tail = row.redacted_by === null ? `"body":${row.body}` : `"redactedBy":"${row.redacted_by}"`;
    yield `{"id":"${row.id}","header":${row.header},"sig":"${row.sig}",${tail}}`;
  }
  counted?.(entries);
  if (trailer !== undefined) {
    yield trailerLineText(signTrailer(trailer.signer, { ws: trailer.workspace, exportedAt: trailer.clock.now(), entries, heads }));
  }
}

/** Write exportLines() to a file (through a temporary name and a rename). Returns the number of entries written (the trailer not counted). */
export function exportJsonl(store: JournalStore, outFile: string, trailer?: TrailerOptions): number {
  let entries = 0;
  writeLinesAtomically(
    outFile,
    exportLines(store, trailer, (n) => (entries = n)),
  );
  return entries;
}
