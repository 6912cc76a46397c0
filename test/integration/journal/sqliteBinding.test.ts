import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { JournalOpenError, openDatabase, useSqliteBinding } from '../../../main/journal';

// The desktop app from a checkout loads an Electron-ABI copy of the addon
// through better-sqlite3's nativeBinding option (scripts/electronNative.mjs).
// Here the Node-ABI addon stands in for that copy: the option is honoured,
// and a missing addon is a clear open error, not a crash.
const nodeAddon = fileURLToPath(new URL('../../../node_modules/better-sqlite3/build/Release/better_sqlite3.node', import.meta.url));

describe('useSqliteBinding', () => {
  const dirs: string[] = [];
  afterEach(() => {
    useSqliteBinding(null);
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const tmp = () => {
    const d = mkdtempSync(join(tmpdir(), 'cp-binding-'));
    dirs.push(d);
    return d;
  };

  it('opens journals with the addon it was given', () => {
    useSqliteBinding(nodeAddon);
    const db = openDatabase(join(tmp(), 'j.sqlite'), { create: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('names the addon it could not load and creates nothing', () => {
    const dir = tmp();
    useSqliteBinding(join(dir, 'missing', 'better_sqlite3.node'));
    expect(() => openDatabase(join(dir, 'j.sqlite'), { create: true })).toThrow(JournalOpenError);
    expect(() => openDatabase(join(dir, 'j.sqlite'), { create: true })).toThrow(/missing/);
    expect(existsSync(join(dir, 'j.sqlite'))).toBe(false);
  });
});
