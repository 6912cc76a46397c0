import { closeSync, openSync, renameSync, writeSync } from 'node:fs';
import type { JournalStore } from './store';

/**
 * Write the journal as JSON Lines, one entry per line in total order. Lines
 * reuse the stored canonical header text byte for byte. Written to a
 * temporary file and renamed, so a failed export never leaves half a file
 * under the requested name.
 */
export function exportJsonl(store: JournalStore, outFile: string): number {
  const tmp = `${outFile}.partial`;
  const fd = openSync(tmp, 'w', 0o600);
  let n = 0;
  try {
    const rows = store.db
      .prepare('SELECT id, header, sig, body, redacted_by FROM entries ORDER BY wall, count, author, seq')
      .iterate() as Iterable<{ id: string; header: string; sig: string; body: string | null; redacted_by: string | null }>;
    let buffer: string[] = [];
    for (const row of rows) {
      const tail = row.redacted_by === null ? `"body":${row.body}` : `"redactedBy":"${row.redacted_by}"`;
      buffer.push(`{"id":"${row.id}","header":${row.header},"sig":"${row.sig}",${tail}}\n`);
      n += 1;
      if (buffer.length >= 1000) {
        writeSync(fd, buffer.join(''));
        buffer = [];
      }
    }
    writeSync(fd, buffer.join(''));
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, outFile);
  return n;
}
