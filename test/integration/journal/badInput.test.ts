import { closeSync, copyFileSync, openSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeCrypto } from '../../../main/crypto';
import { JournalOpenError, JournalStore } from '../../../main/journal';
import { JOURNAL_FILE, Workspace } from '../../../main/workspace';
import { CatalogFileSchema, YamlFileError, parseYaml, readYamlFile } from '../../../main/catalog';
import type { VerifyFailure } from '../../../main/journal';
import { cleanupTempDirs, createWorkspace, exportWires, sha256File, tempDir, verifyFile } from './helpers';

afterAll(cleanupTempDirs);

/** A real, closed journal (WAL checkpointed into the main file) with a few hundred pages. */
let pristine: string;
let pristineExport: string;
let pristineLines: string[];
let wsClock: { now: () => number };

beforeAll(async () => {
  const t = createWorkspace('Bad input source');
  wsClock = t.clock;
  const padding = 'Timeline detail. '.repeat(20);
  for (let b = 0; b < 10; b++) {
    t.ws.appendMany(Array.from({ length: 100 }, (_, i) => ({ kind: 'note.add' as const, body: { text: `note ${b * 100 + i}: ${padding}` } })));
  }
  const { file } = await exportWires(t.ws.store);
  t.ws.close();
  pristine = t.file;
  pristineExport = file;
  pristineLines = readFileSync(file, 'utf8').split('\n');
  expect(pristineLines.at(-1)).toBe('');
  pristineLines.pop();
  expect(statSync(pristine).size).toBeGreaterThan(100 * 4096);
});

/** A copy of the pristine journal, alone in a fresh directory, ready to be damaged. */
function copyJournal(): { dir: string; file: string } {
  const dir = tempDir('cp-bad-');
  const file = join(dir, JOURNAL_FILE);
  copyFileSync(pristine, file);
  return { dir, file };
}

function overwrite(file: string, offset: number, bytes: Buffer): void {
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, bytes, 0, bytes.length, offset);
  } finally {
    closeSync(fd);
  }
}

/** Files in `dir` apart from the SQLite shared-memory index and an empty WAL, which a read-only open may leave. */
function listing(dir: string, file: string): string[] {
  return readdirSync(dir)
    .filter((f) => !(f === `${JOURNAL_FILE}-shm` || (f === `${JOURNAL_FILE}-wal` && statSync(`${file}-wal`).size === 0)))
    .sort();
}

/**
 * Opening must fail with JournalOpenError matching `reason`, through the
 * store (every mode) and the workspace, and leave the file's bytes as they
 * were and no journal data beside it.
 */
function expectRefused(dir: string, file: string, reason: RegExp): void {
  const before = sha256File(file);
  const files = listing(dir, file);
  const attempts: [string, () => { close(): void }][] = [
    ['JournalStore.open', () => JournalStore.open(file, nodeCrypto, { create: false })],
    ['JournalStore.open (create: true)', () => JournalStore.open(file, nodeCrypto, { create: true })],
    ['JournalStore.open (readonly)', () => JournalStore.open(file, nodeCrypto, { create: false, readonly: true })],
    ['Workspace.open', () => Workspace.open({ dir, clock: wsClock })],
  ];
  for (const [label, open] of attempts) {
    let error: unknown = null;
    try {
      open().close();
    } catch (err) {
      error = err;
    }
    expect.soft(error, `${label} should refuse the file, got ${String(error)}`).toBeInstanceOf(JournalOpenError);
    if (error instanceof JournalOpenError) {
      expect.soft(error.file).toBe(file);
      expect.soft(error.reason, label).toMatch(reason);
      expect.soft(error.message).toBe(`cannot open journal ${file}: ${error.reason}`);
    }
    expect.soft(sha256File(file), `${label} changed the file`).toBe(before);
    expect.soft(listing(dir, file), `${label} left files behind`).toEqual(files);
  }
}

describe('opening a file that is not a healthy journal', () => {
  it('refuses an empty file', () => {
    const dir = tempDir('cp-bad-');
    const file = join(dir, JOURNAL_FILE);
    writeFileSync(file, '');
    expectRefused(dir, file, /file is empty/);
  });

  it('refuses a file too short to hold a SQLite header', () => {
    const { dir, file } = copyJournal();
    truncateSync(file, 60);
    expectRefused(dir, file, /too short.*truncated/);
  });

  it('refuses a journal truncated to half its size', () => {
    const { dir, file } = copyJournal();
    truncateSync(file, Math.floor(statSync(file).size / 2) + 123);
    expectRefused(dir, file, /damaged|truncated/);
  });

  it('refuses a file with garbage where the SQLite magic should be', () => {
    const { dir, file } = copyJournal();
    overwrite(file, 0, Buffer.from('GARBAGE-GARBAGE!', 'latin1'));
    expectRefused(dir, file, /not a SQLite database \(bad magic header\)/);
  });

  it('refuses a text file', () => {
    const dir = tempDir('cp-bad-');
    const file = join(dir, JOURNAL_FILE);
    writeFileSync(file, 'This is a shopping list, not a journal.\n'.repeat(10));
    expectRefused(dir, file, /bad magic header/);
  });

  it('refuses a foreign SQLite database (no Command Post application_id)', () => {
    const dir = tempDir('cp-bad-');
    const file = join(dir, JOURNAL_FILE);
    const db = new Database(file);
    db.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL)');
    db.prepare('INSERT INTO customers (name) VALUES (?)').run('Ada');
    db.close();
    expectRefused(dir, file, /a SQLite database, but not a Command Post journal \(application_id 0x0\)/);
  });

  it('refuses a journal whose middle pages are overwritten', () => {
    const { dir, file } = copyJournal();
    const pages = statSync(file).size / 4096;
    const from = Math.floor(pages / 2) - 4;
    // Eight pages of a repeating non-zero pattern in the middle of the file, where entry rows live.
    const junk = Buffer.alloc(8 * 4096);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 131 + 7) & 0xff;
    overwrite(file, from * 4096, junk);
    expectRefused(dir, file, /damaged/);
  });

  it('refuses a journal whose table of contents (sqlite_schema on page 1) is overwritten', () => {
    const { dir, file } = copyJournal();
    overwrite(file, 100, Buffer.alloc(3996, 0xee));
    expectRefused(dir, file, /damaged/);
  });
});

describe('verifying a damaged JSON Lines export', () => {
  const header = (line: string) => JSON.parse(line) as { id: string; header: { author: string; seq: number } };

  /** Write the export with line `n` (1-based) replaced, and verify it. */
  async function verifyWith(n: number, edit: (line: string) => string): Promise<{ failures: VerifyFailure[]; original: string; stateHash: string | null }> {
    const original = pristineLines[n - 1]!;
    const lines = [...pristineLines];
    lines[n - 1] = edit(original);
    expect(lines[n - 1]).not.toBe(original);
    const file = join(tempDir('cp-jsonl-'), 'edited.jsonl');
    writeFileSync(file, lines.map((l) => `${l}\n`).join(''));
    const before = sha256File(file);
    const report = await verifyFile(file);
    expect(sha256File(file)).toBe(before);
    return { failures: report.failures, original, stateHash: report.stateHash };
  }

  /** Replace the character at `index` with a different one from the same alphabet. */
  function flipAt(line: string, index: number, alphabet: string): string {
    const c = line[index]!;
    const replacement = alphabet[(alphabet.indexOf(c) + 1) % alphabet.length]!;
    return line.slice(0, index) + replacement + line.slice(index + 1);
  }
  const HEX = '0123456789abcdef';
  const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

  it('the untouched export verifies', async () => {
    const report = await verifyFile(pristineExport);
    expect(report.failures).toEqual([]);
    expect(report.entries).toBe(pristineLines.length - 1); // the last line is the trailer
    expect(report.trailer?.entries).toBe(pristineLines.length - 1);
    expect(report.stateHash).not.toBeNull();
  });

  it('a line truncated in the middle of the file: names the line, and the author and seq now missing from the chain', async () => {
    const n = 500;
    const { failures, original, stateHash } = await verifyWith(n, (l) => l.slice(0, Math.floor(l.length / 2)));
    const { header: h } = header(original);
    expect(stateHash).toBeNull();
    expect(failures).toContainEqual({ line: n, reason: expect.stringMatching(/not valid JSON.*truncated or edited line\?/) });
    expect(failures).toContainEqual({ author: h.author, seq: h.seq, reason: expect.stringMatching(/gap: seq \d+ is missing/) });
  });

  it('an export cut off in the middle of its last entry names that line, the missing newline and the missing trailer', async () => {
    const file = join(tempDir('cp-jsonl-'), 'cut.jsonl');
    const text = readFileSync(pristineExport, 'utf8');
    const lastEntry = pristineLines.at(-2)!;
    writeFileSync(file, text.slice(0, text.length - pristineLines.at(-1)!.length - 1 - Math.floor(lastEntry.length / 2)));
    const report = await verifyFile(file);
    expect(report.stateHash).toBeNull();
    const line = pristineLines.length - 1;
    expect(report.failures).toEqual([
      { line, reason: 'the file does not end with a newline: its last line may have been cut off' },
      { line, reason: expect.stringMatching(/^not valid JSON \(unterminated string.*truncated or edited line\?/) },
      { reason: expect.stringMatching(/^no export trailer \(the signed last line\)/) },
    ]);
  });

  it('one byte flipped in a signature: bad signature, naming line, entry id, author and seq', async () => {
    const n = 321;
    const { failures, original, stateHash } = await verifyWith(n, (l) => flipAt(l, l.indexOf('"sig":"') + 7 + 20, B64URL));
    const { id, header: h } = header(original);
    expect(stateHash).toBeNull();
    expect(failures).toContainEqual({ line: n, id, author: h.author, seq: h.seq, reason: 'bad signature' });
  });

  it('one byte flipped in a body: body does not match bodyHash, naming line, entry id, author and seq', async () => {
    const n = 654;
    const { failures, original, stateHash } = await verifyWith(n, (l) => {
      const at = l.indexOf('"text":"note ') + '"text":"note '.length;
      return flipAt(l, at, '0123456789');
    });
    const { id, header: h } = header(original);
    expect(stateHash).toBeNull();
    expect(failures).toContainEqual({ line: n, id, author: h.author, seq: h.seq, reason: 'body does not match bodyHash' });
  });

  it('one byte flipped in prev: the id no longer matches the header, naming line, entry id, author and seq', async () => {
    const n = 777;
    const { failures, original, stateHash } = await verifyWith(n, (l) => flipAt(l, l.indexOf('"prev":"') + 8 + 30, HEX));
    const { id, header: h } = header(original);
    expect(stateHash).toBeNull();
    expect(failures).toContainEqual({ line: n, id, author: h.author, seq: h.seq, reason: expect.stringMatching(/^id does not match the header/) });
  });
});

describe('catalog YAML with mistakes', () => {
  const good = ['teams:', '  - id: payments', '    name: Payments', 'services:', '  - id: payments-api', '    name: Payments API', '    team: payments', ''];

  it('accepts the good file (control)', () => {
    expect(parseYaml('catalog.yaml', good.join('\n'), CatalogFileSchema).services[0]?.id).toBe('payments-api');
  });

  it('a syntax error names file:line and says it is invalid YAML', () => {
    const text = ['teams:', '  - id: payments', '    name: Payments', '   channel: "#payments"', 'services: []', ''].join('\n');
    let error: unknown;
    try {
      parseYaml('catalog.yaml', text, CatalogFileSchema);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(YamlFileError);
    const e = error as YamlFileError;
    expect(e.file).toBe('catalog.yaml');
    expect(e.line).toBe(4);
    expect(e.reason).toMatch(/^invalid YAML: /);
    expect(e.message).toMatch(/^catalog\.yaml:4: invalid YAML: /);
  });

  it('an unterminated quoted string is reported as invalid YAML with a line', () => {
    const text = [...good.slice(0, 5), '    name: "Payments API', '    team: payments', ''].join('\n');
    // The yaml parser only knows where the closing quote is missing: the end of the document.
    expect(() => parseYaml('catalog.yaml', text, CatalogFileSchema)).toThrow(/^catalog\.yaml:(6|7|8): invalid YAML: Missing closing "quote/);
  });

  it('a duplicate key is a syntax error at its line', () => {
    const text = [...good.slice(0, 6), '    name: Payments API again', ''].join('\n');
    expect(() => parseYaml('catalog.yaml', text, CatalogFileSchema)).toThrow(/^catalog\.yaml:7: invalid YAML: .*unique/i);
  });

  it('a schema violation names file:line, the path and the reason', () => {
    const text = [...good.slice(0, 4), '  - id: Payments API', '    name: Payments API', ''].join('\n');
    let error: unknown;
    try {
      parseYaml('catalog.yaml', text, CatalogFileSchema);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(YamlFileError);
    const e = error as YamlFileError;
    expect(e.line).toBe(5);
    expect(e.message).toBe('catalog.yaml:5: services.0.id: expected a lower-case slug');
  });

  it('a wrong type deeper down names its own line', () => {
    const text = [...good.slice(0, 7), '    tier: high', ''].join('\n');
    expect(() => parseYaml('catalog.yaml', text, CatalogFileSchema)).toThrow(/^catalog\.yaml:8: services\.0\.tier: /);
  });

  it('readYamlFile names the real path and leaves the file untouched', () => {
    const file = join(tempDir('cp-yaml-'), 'catalog-info.yaml');
    writeFileSync(file, ['teams:', '  - id: payments', '    name: Payments', '    colour: blue', ''].join('\n'));
    const before = sha256File(file);
    expect(() => readYamlFile(file, CatalogFileSchema)).toThrow(YamlFileError);
    expect(() => readYamlFile(file, CatalogFileSchema)).toThrow(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: teams\\.0: .*colour`));
    expect(sha256File(file)).toBe(before);
  });

  it('readYamlFile on a missing file says it cannot read it', () => {
    const file = join(tempDir('cp-yaml-'), 'nope.yaml');
    expect(() => readYamlFile(file, CatalogFileSchema)).toThrow(/nope\.yaml: cannot read: .*ENOENT/);
  });
});
