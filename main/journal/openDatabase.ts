import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { JournalOpenError } from './errors';
import { migrate } from './migrations';

/**
 * Journals up to this size get SQLite's quick_check on every open (tens of
 * milliseconds). Larger ones would blow the cold-start budget, so for them
 * damage surfaces as JournalOpenError/SQLITE_CORRUPT when touched, and
 * `commandpost journal verify WORKSPACE` runs the full integrity check.
 */
export const FULL_CHECK_MAX_BYTES = 64 * 1024 * 1024;

/** 'CPJ1' in the SQLite header's application_id field marks our journals. */
export const APPLICATION_ID = 0x43504a31;
const SQLITE_MAGIC = 'SQLite format 3\u0000';

/**
 * Look at the file's first page before SQLite opens it for writing, so that a
 * foreign or damaged file is refused without a single byte changing.
 */
function checkHeader(file: string): void {
  const size = statSync(file).size;
  if (size === 0) throw new JournalOpenError(file, 'file is empty');
  if (size < 100) throw new JournalOpenError(file, 'file is too short to be a SQLite database (truncated?)');
  const header = Buffer.alloc(100);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, header, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (header.toString('latin1', 0, 16) !== SQLITE_MAGIC) throw new JournalOpenError(file, 'not a SQLite database (bad magic header)');
  const appId = header.readUInt32BE(68);
  if (appId !== APPLICATION_ID) {
    throw new JournalOpenError(file, `a SQLite database, but not a Command Post journal (application_id 0x${appId.toString(16)})`);
  }
}

function wrap(file: string, err: unknown): JournalOpenError {
  const code = (err as { code?: string }).code ?? '';
  const message = (err as Error).message;
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') return new JournalOpenError(file, `database is damaged (${message})`);
  return new JournalOpenError(file, message);
}

/**
 * The better-sqlite3 addon to load instead of the one in node_modules. The
 * desktop app started from a source checkout needs an Electron-ABI build while
 * the CLI and tests keep the Node-ABI one: `npm start` builds the former beside
 * the latter (scripts/electronNative.mjs) and passes its path in
 * COMMANDPOST_SQLITE_BINDING, which main/app hands here before opening anything.
 */
let nativeBinding: string | null = null;

export function useSqliteBinding(path: string | null): void {
  nativeBinding = path;
}

export function openDatabase(file: string, opts: { create: boolean; readonly?: boolean }): Database.Database {
  const exists = existsSync(file);
  if (!exists && !opts.create) throw new JournalOpenError(file, 'no such file');
  if (exists) checkHeader(file);
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: opts.readonly ?? false, fileMustExist: !opts.create, ...(nativeBinding !== null ? { nativeBinding } : {}) });
  } catch (err) {
    throw wrap(file, err);
  }
  try {
    // Before WAL mode, so the id lands in the main file's header, where
    // checkHeader reads it, rather than in the write-ahead log.
    if (!exists) db.pragma(`application_id = ${APPLICATION_ID}`);
    if (exists && statSync(file).size <= FULL_CHECK_MAX_BYTES) {
      const result = db.pragma('quick_check', { simple: true });
      if (result !== 'ok') throw new JournalOpenError(file, `database is damaged (integrity check: ${String(result)})`);
    }
    if (!opts.readonly) {
      db.pragma('journal_mode = WAL');
      // FULL: an acknowledged append survives power loss, not only a crash.
      db.pragma('synchronous = FULL');
      migrate(db);
    } else {
      db.prepare('SELECT count(*) FROM entries').get();
    }
    return db;
  } catch (err) {
    db.close();
    if (err instanceof JournalOpenError) throw err;
    throw wrap(file, err);
  }
}
