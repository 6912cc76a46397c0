import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportLines, type JournalStore, type TrailerOptions } from '../journal';
import { TrailerLineSchema, parseStrictJson, type TrailerLine } from '../../shared/journal';

/** Lines written between yields to the event loop: `serve` archives beside the console and its peers, which must not stall for the whole export. */
const LINES_PER_TURN = 2_000;

/** The export (exportLines, as `journal export` writes it) into `path`, giving the event loop a turn every LINES_PER_TURN lines. */
async function writeExport(store: JournalStore, path: string, trailer: TrailerOptions): Promise<number> {
  let entries = 0;
  const file = await open(path, 'w', 0o600);
  try {
    let buffer: string[] = [];
    for (const line of exportLines(store, trailer, (n) => (entries = n))) {
      buffer.push(`${line}\n`);
      if (buffer.length < LINES_PER_TURN) continue;
      await file.write(buffer.join(''));
      buffer = [];
    }
    await file.write(buffer.join(''));
  } finally {
    await file.close();
  }
  return entries;
}

/** Default cut: this many entries per segment (a few MB for typical entries). */
export const DEFAULT_SEGMENT_ENTRIES = 10_000;
/** A segment also closes before a line that would take it past this size, so huge bodies cannot make one unbounded object. */
export const MAX_SEGMENT_BYTES = 64 * 1024 * 1024;

/** One segment: consecutive export lines (each ending in '\n'), named by the SHA-256 of exactly these bytes. */
export interface Segment {
  index: number;
  body: Buffer;
  entries: number;
  sha256: string;
}

/**
 * The journal as `journal export` writes it, cut into segments. The export
 * goes through exportJsonl itself (one SQLite statement, so one consistent
 * snapshot even while the journal grows), into a private temp file that is
 * unlinked as soon as it is open, so a killed run leaves no copy behind.
 *
 * Cuts depend only on the lines before them (every `segmentEntries` entries,
 * or earlier at MAX_SEGMENT_BYTES), so the same journal always gives the same
 * segment bytes, and appending entries changes only the last segment.
 */
export class SegmentedExport {
  /** The export's trailer line; set once segments() has run to its end. */
  trailer: TrailerLine | null = null;
  private constructor(
    private readonly file: FileHandle,
    readonly entries: number,
    private readonly segmentEntries: number,
  ) {}

  static async create(store: JournalStore, trailer: TrailerOptions, segmentEntries: number): Promise<SegmentedExport> {
    const dir = mkdtempSync(join(tmpdir(), 'commandpost-archive-'));
    try {
      const path = join(dir, 'export.jsonl');
      const entries = await writeExport(store, path, trailer);
      return new SegmentedExport(await open(path, 'r'), entries, segmentEntries);
    } finally {
      // Where the OS allows removing an open file (Linux, macOS), nothing of the journal stays on disk from here on.
      rmSync(dir, { recursive: true, force: true });
    }
  }

  async *segments(): AsyncGenerator<Segment> {
    let parts: Buffer[] = [];
    let size = 0;
    let inSegment = 0;
    let seen = 0;
    let index = 0;
    const close = (): Segment => {
      const body = Buffer.concat(parts);
      const segment = { index: index++, body, entries: inSegment, sha256: createHash('sha256').update(body).digest('hex') };
      parts = [];
      size = 0;
      inSegment = 0;
      return segment;
    };
    for await (const line of linesOf(this.file)) {
      if (seen === this.entries) {
        this.trailer = TrailerLineSchema.parse(parseStrictJson(line.toString('utf8')));
        continue;
      }
      if (inSegment > 0 && size + line.length + 1 > MAX_SEGMENT_BYTES) yield close();
      parts.push(line, NEWLINE);
      size += line.length + 1;
      inSegment += 1;
      seen += 1;
      if (inSegment === this.segmentEntries) yield close();
    }
    if (inSegment > 0) yield close();
    if (this.trailer === null) throw new Error(`the export of ${this.entries} entries has no trailer line`);
  }

  async dispose(): Promise<void> {
    await this.file.close();
  }
}

const NEWLINE = Buffer.from('\n');

const CHUNK = 1 << 20;

/** The '\n'-terminated lines of an open file, without their '\n', from the start. */
async function* linesOf(file: FileHandle): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  for (let position = 0; ;) {
    const { bytesRead, buffer } = await file.read(Buffer.alloc(CHUNK), 0, CHUNK, position);
    if (bytesRead === 0) break;
    position += bytesRead;
    const chunk = buffer.subarray(0, bytesRead);
    let from = 0;
    for (let nl = chunk.indexOf(10, from); nl !== -1; nl = chunk.indexOf(10, from)) {
      const piece = chunk.subarray(from, nl);
      yield pending.length === 0 ? Buffer.from(piece) : Buffer.concat([...pending, piece]);
      pending = [];
      from = nl + 1;
    }
    if (from < chunk.length) pending.push(Buffer.from(chunk.subarray(from)));
  }
  if (pending.length > 0) throw new Error('the export does not end with a newline');
}
