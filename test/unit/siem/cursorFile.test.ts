import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CursorFileError, cursorFile, readCursor, type Cursor } from '../../../main/siem';
import { writeCursor } from '../../../main/siem/cursorFile';
import { cleanupTempDirs, tempDir } from '../../support/demoWorkspace';

afterAll(cleanupTempDirs);

const cursor: Cursor = { v: 1, kind: 'hec', endpoint: 'https://splunk:8088/services/collector/event', workspace: 'a'.repeat(32), rowid: 42, updatedAt: 1 };

describe('the SIEM cursor file', () => {
  it('is absent until written, then holds exactly what was written, with no temp file left', () => {
    const dir = tempDir('cp-cursor-');
    const file = cursorFile(dir, 'hec-0123456789abcdef');
    expect(readCursor(file)).toBeNull();
    writeCursor(file, cursor);
    writeCursor(file, { ...cursor, rowid: 43 });
    expect(readCursor(file)).toEqual({ ...cursor, rowid: 43 });
    expect(readdirSync(join(dir, 'siem'))).toEqual(['hec-0123456789abcdef.json']);
  });

  it('is refused, naming the file and the way out, when it is not a cursor', () => {
    const dir = tempDir('cp-cursor-');
    const file = cursorFile(dir, 'otlp-0123456789abcdef');
    writeCursor(file, cursor);
    writeFileSync(file, '{"v":1,"rowid":');
    expect(() => readCursor(file)).toThrow(CursorFileError);
    expect(() => readCursor(file)).toThrow(`${file}: not JSON; delete it to forward the whole journal to this receiver again`);
    writeFileSync(file, JSON.stringify({ ...cursor, rowid: -1 }));
    expect(() => readCursor(file)).toThrow(/not a cursor/);
  });
});
