import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';

// A sink's durable cursor: the highest local rowid (storage order, see
// JournalStore.entriesAfterRowid) whose entry the receiver has accepted.
// One small JSON file per sink in <workspace>/siem/, replaced atomically
// (temp file, fsync, rename, fsync of the directory), so after a crash it
// holds either the old or the new position, never half of one. It lives
// beside the journal, not in it: forwarding is this device's business, not
// a fact for every peer, and needs no migration.

export const CURSOR_DIR = 'siem';

const CursorSchema = z.strictObject({
  v: z.literal(1),
  kind: z.enum(['otlp', 'hec']),
  /** Where the entries went (no credentials): for the reader of the file. */
  endpoint: z.string(),
  /** The journal this cursor counts in: a rowid means nothing in another one. */
  workspace: z.string(),
  rowid: z.number().int().nonnegative(),
  /** Wall clock of the last advance, ms since the epoch. */
  updatedAt: z.number().int().nonnegative(),
});

export type Cursor = z.infer<typeof CursorSchema>;

/** The cursor file exists but cannot be read as one: refused, never silently reset (a reset resends everything). */
export class CursorFileError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}; delete it to forward the whole journal to this receiver again`);
    this.name = 'CursorFileError';
  }
}

export const cursorFile = (workspaceDir: string, key: string): string => join(workspaceDir, CURSOR_DIR, `${key}.json`);

/** The stored cursor, or null when this sink has none yet. */
export function readCursor(file: string): Cursor | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new CursorFileError(file, (err as Error).message);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CursorFileError(file, 'not JSON');
  }
  const parsed = CursorSchema.safeParse(json);
  if (!parsed.success) throw new CursorFileError(file, `not a cursor (${parsed.error.issues[0]?.message ?? 'invalid'})`);
  return parsed.data;
}

/** Replace the cursor file durably: it is written in full and on disk before it takes the old one's name. */
export function writeCursor(file: string, cursor: Cursor): void {
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(CursorSchema.parse(cursor))}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  // The rename is durable only once the directory entry is on disk.
  const dirFd = openSync(dir, 'r');
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
}
