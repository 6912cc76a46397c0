import { closeSync, openSync, renameSync, writeSync } from 'node:fs';

/**
 * Write text lines to `outFile` through `outFile.partial` and a rename, so a
 * failed export never leaves half a file under the requested name. Lines are
 * written in chunks (an export of a million entries must not sit in memory as
 * one string). Returns how many lines were written.
 */
export function writeLinesAtomically(outFile: string, lines: Iterable<string>): number {
  const tmp = `${outFile}.partial`;
  const fd = openSync(tmp, 'w', 0o600);
  let n = 0;
  try {
    let buffer: string[] = [];
    for (const line of lines) {
      buffer.push(`${line}\n`);
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
