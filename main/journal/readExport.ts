import { createReadStream } from 'node:fs';
import {
  MAX_EXPORT_LINE_BYTES,
  StrictJsonError,
  TrailerLineSchema,
  WireEntrySchema,
  parseStrictJson,
  type TrailerLine,
  type WireEntry,
} from '../../shared/journal';
import type { VerifyFailure } from './verifyJournal';

/** What reading an export found: its entry lines, its trailer, and every line-level failure. */
export interface ExportRead {
  items: { wire: WireEntry; line: number }[];
  /** Lines that are entries, well formed or not: what a trailer's `entries` counts. */
  entryLines: number;
  trailer: { line: number; value: TrailerLine } | null;
  failures: VerifyFailure[];
}

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The lines of a file as raw bytes, without their `\n`, and whether the
 * file ended with one. A line longer than `max` bytes is yielded as null
 * (its bytes are not kept), so one huge line cannot exhaust memory.
 */
async function* rawLines(file: string, max: number): AsyncGenerator<{ bytes: Buffer | null; terminated: boolean }> {
  let parts: Buffer[] = [];
  let size = 0;
  let tooLong = false;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    let from = 0;
    for (let nl = chunk.indexOf(10, from); nl !== -1; nl = chunk.indexOf(10, from)) {
      const piece = chunk.subarray(from, nl);
      const long = tooLong || size + piece.length > max;
      yield { bytes: long ? null : parts.length === 0 ? piece : Buffer.concat([...parts, piece]), terminated: true };
      parts = [];
      size = 0;
      tooLong = false;
      from = nl + 1;
    }
    const rest = chunk.subarray(from);
    if (rest.length === 0) continue;
    if (tooLong || size + rest.length > max) {
      tooLong = true;
      parts = [];
    } else parts.push(Buffer.from(rest));
    size += rest.length;
  }
  if (size > 0) yield { bytes: tooLong ? null : Buffer.concat(parts), terminated: false };
}

/** Who an unparseable entry line claims to be, for the failure message. */
function claimedWhere(json: unknown): Pick<VerifyFailure, 'id' | 'author' | 'seq'> {
  const raw = json as { id?: unknown; header?: { author?: unknown; seq?: unknown } } | null;
  return {
    id: typeof raw?.id === 'string' ? raw.id : undefined,
    author: typeof raw?.header?.author === 'string' ? raw.header.author : undefined,
    seq: typeof raw?.header?.seq === 'number' ? raw.header.seq : undefined,
  };
}

/**
 * Read a JSON Lines export strictly (docs/journal-format.md, *Export file*):
 * UTF-8, one JSON object per `\n`-terminated line, no duplicate member names,
 * no empty lines, entries first and at most one trailer, last.
 */
export async function readExport(file: string): Promise<ExportRead> {
  const out: ExportRead = { items: [], entryLines: 0, trailer: null, failures: [] };
  const fail = (f: VerifyFailure) => out.failures.push(f);
  let n = 0;
  for await (const { bytes, terminated } of rawLines(file, MAX_EXPORT_LINE_BYTES)) {
    n += 1;
    if (!terminated) fail({ line: n, reason: 'the file does not end with a newline: its last line may have been cut off' });
    if (out.trailer !== null) {
      fail({ line: n, reason: `line ${n} follows the trailer (line ${out.trailer.line}); nothing may follow it` });
      continue;
    }
    if (bytes === null) {
      out.entryLines += 1;
      fail({ line: n, reason: `line is longer than ${MAX_EXPORT_LINE_BYTES} bytes` });
      continue;
    }
    let text: string;
    try {
      text = fatalUtf8.decode(bytes);
    } catch {
      out.entryLines += 1;
      fail({ line: n, reason: 'not valid UTF-8' });
      continue;
    }
    if (text.trim() === '') {
      fail({ line: n, reason: 'empty line: an export has none' });
      continue;
    }
    let json: unknown;
    try {
      json = parseStrictJson(text);
    } catch (err) {
      out.entryLines += 1;
      const why = err instanceof StrictJsonError ? `${err.reason} (column ${err.offset + 1})` : String(err);
      fail({ line: n, ...claimedWhere(safeLoose(text)), reason: `not valid JSON (${why}); truncated or edited line?` });
      continue;
    }
    if (json !== null && typeof json === 'object' && !Array.isArray(json) && Object.hasOwn(json, 'trailer')) {
      const parsed = TrailerLineSchema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        fail({ line: n, reason: `malformed trailer: ${issue?.path.join('.') || 'trailer'}: ${issue?.message}` });
        continue;
      }
      out.trailer = { line: n, value: parsed.data };
      continue;
    }
    out.entryLines += 1;
    const parsed = WireEntrySchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      fail({ line: n, ...claimedWhere(json), reason: `malformed entry: ${issue?.path.join('.') || 'entry'}: ${issue?.message}` });
      continue;
    }
    out.items.push({ wire: parsed.data, line: n });
  }
  return out;
}

/** JSON.parse, only to name the entry a strictly refused line claims to be; null when even that fails. */
function safeLoose(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * The entry lines of an export, for callers that only need entries (sync
 * fixtures, benchmarks): every line-level failure is reported through
 * `onFailure`; a trailer is read but left to verifyExportFile to check.
 */
export async function readJsonl(file: string, onFailure: (f: VerifyFailure) => void): Promise<{ wire: WireEntry; line: number }[]> {
  const read = await readExport(file);
  for (const f of read.failures) onFailure(f);
  return read.items;
}
