import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';

// Where the window was and how big, remembered between runs in the config
// dir. The file is ours but still input: it is parsed with a schema, and a
// file that does not parse is ignored with a warning (the window then opens
// at its default size), never a reason not to start.

export const WINDOW_STATE_FILE = 'window-state.json';

export const DEFAULT_WINDOW_SIZE = { width: 1440, height: 900 } as const;
export const MIN_WINDOW_SIZE = { width: 800, height: 560 } as const;

const Coordinate = z.number().int().min(-100_000).max(100_000);
const Extent = (min: number) => z.number().int().min(min).max(100_000);

export const WindowStateSchema = z.strictObject({
  version: z.literal(1),
  x: Coordinate.optional(),
  y: Coordinate.optional(),
  width: Extent(MIN_WINDOW_SIZE.width),
  height: Extent(MIN_WINDOW_SIZE.height),
  maximized: z.boolean().default(false),
});
export type WindowState = z.infer<typeof WindowStateSchema>;

export interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function windowStateFile(configDir: string): string {
  return join(configDir, WINDOW_STATE_FILE);
}

/** The remembered state, or null when there is none or it cannot be used (then `warn` says why). */
export function loadWindowState(file: string, warn: (line: string) => void): WindowState | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') warn(`Ignoring the saved window position in ${file}: ${(err as Error).message}`);
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    warn(`Ignoring the saved window position in ${file}: not valid JSON`);
    return null;
  }
  const parsed = WindowStateSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    warn(`Ignoring the saved window position in ${file}: ${issue ? `${issue.path.join('.') || 'file'}: ${issue.message}` : 'invalid'}`);
    return null;
  }
  return parsed.data;
}

/** Write atomically (temp file + rename), so a crash mid-write never leaves half a file. */
export function saveWindowState(file: string, state: WindowState): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(WindowStateSchema.parse(state), null, 2)}\n`);
  renameSync(tmp, file);
}

/**
 * BrowserWindow bounds for a remembered state: its size, and its position
 * only if the window's title bar would still be on one of today's displays
 * (a laptop undocked from the war-room projector must not open off-screen).
 */
export function initialBounds(state: WindowState | null, workAreas: readonly Area[]): { width: number; height: number; x?: number; y?: number } {
  if (state === null) return { ...DEFAULT_WINDOW_SIZE };
  const size = { width: state.width, height: state.height };
  if (state.x === undefined || state.y === undefined) return size;
  const { x, y } = state;
  // The top-left 100×40 px (where the title bar is) must lie inside one display.
  const visible = workAreas.some((a) => x >= a.x && y >= a.y && x + 100 <= a.x + a.width && y + 40 <= a.y + a.height);
  return visible ? { ...size, x, y } : size;
}

/** What to remember of a window: its normal (unmaximized) bounds and whether it was maximized. */
export function stateOf(normalBounds: Area, maximized: boolean): WindowState {
  return {
    version: 1,
    x: Math.round(normalBounds.x),
    y: Math.round(normalBounds.y),
    width: Math.max(MIN_WINDOW_SIZE.width, Math.round(normalBounds.width)),
    height: Math.max(MIN_WINDOW_SIZE.height, Math.round(normalBounds.height)),
    maximized,
  };
}
