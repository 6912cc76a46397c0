import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_WINDOW_SIZE,
  initialBounds,
  loadWindowState,
  saveWindowState,
  stateOf,
  windowStateFile,
  type WindowState,
} from '../../../../main/app/windowState';

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cp-winstate-'));
  dirs.push(dir);
  return windowStateFile(dir);
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];

describe('remembered window size and position', () => {
  it('round-trips through a JSON file in the config dir, written atomically', () => {
    const file = tempFile();
    const state: WindowState = { version: 1, x: 10, y: 20, width: 1280, height: 800, maximized: true };
    saveWindowState(file, state);
    const warnings: string[] = [];
    expect(loadWindowState(file, (w) => warnings.push(w))).toEqual(state);
    expect(warnings).toEqual([]);
  });

  it('is silent when there is no file yet', () => {
    const warnings: string[] = [];
    expect(loadWindowState(tempFile(), (w) => warnings.push(w))).toBeNull();
    expect(warnings).toEqual([]);
  });

  it('ignores a corrupt or invalid file with a warning naming the file and the problem', () => {
    const cases: Array<[string, RegExp]> = [
      ['{"version":1,"width":12', /not valid JSON/],
      ['[]', /file|expected object/i],
      ['{"version":2,"width":1280,"height":800}', /version/],
      ['{"version":1,"width":10,"height":800}', /width/],
      ['{"version":1,"width":1280.5,"height":800}', /width/],
      ['{"version":1,"width":1280,"height":800,"x":"left"}', /x/],
      ['{"version":1,"width":1280,"height":800,"evil":true}', /evil|Unrecognized/],
    ];
    for (const [text, problem] of cases) {
      const file = tempFile();
      writeFileSync(file, text);
      const warnings: string[] = [];
      expect(
        loadWindowState(file, (w) => warnings.push(w)),
        text,
      ).toBeNull();
      expect(warnings, text).toHaveLength(1);
      expect(warnings[0]).toContain(file);
      expect(warnings[0], text).toMatch(problem);
    }
  });

  it('opens at the default size without a state, and drops a position that is off every display', () => {
    expect(initialBounds(null, screen)).toEqual(DEFAULT_WINDOW_SIZE);
    const base: WindowState = { version: 1, width: 1000, height: 700, maximized: false };
    expect(initialBounds({ ...base, x: 100, y: 100 }, screen)).toEqual({ width: 1000, height: 700, x: 100, y: 100 });
    // Was on the projector to the right, which is not connected today.
    expect(initialBounds({ ...base, x: 2500, y: 100 }, screen)).toEqual({ width: 1000, height: 700 });
    expect(initialBounds({ ...base, x: 2500, y: 100 }, [...screen, { x: 1920, y: 0, width: 1920, height: 1080 }])).toMatchObject({ x: 2500 });
    expect(initialBounds(base, screen)).toEqual({ width: 1000, height: 700 });
  });

  it('remembers the normal bounds, rounded and never below the minimum size', () => {
    expect(stateOf({ x: 1.4, y: 2.6, width: 300, height: 200 }, false)).toEqual({ version: 1, x: 1, y: 3, width: 800, height: 560, maximized: false });
  });
});
