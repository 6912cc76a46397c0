import type { JournalStore } from './store';
import { writeLinesAtomically } from './writeLines';

/**
 * Write the journal as JSON Lines, one entry per line in total order. Lines
 * reuse the stored canonical header text byte for byte.
 */
export function exportJsonl(store: JournalStore, outFile: string): number {
  const rows = store.db
    .prepare('SELECT id, header, sig, body, redacted_by FROM entries ORDER BY wall, count, author, seq')
    .iterate() as Iterable<{ id: string; header: string; sig: string; body: string | null; redacted_by: string | null }>;
  return writeLinesAtomically(outFile, exportLines(rows));
}

function* exportLines(rows: Iterable<{ id: string; header: string; sig: string; body: string | null; redacted_by: string | null }>): Generator<string> {
  for (const row of rows) {
    const tail = row.redacted_by === null ? `"body":${row.body}` : `"redactedBy":"${row.redacted_by}"`;
    yield `{"id":"${row.id}","header":${row.header},"sig":"${row.sig}",${tail}}`;
  }
}
