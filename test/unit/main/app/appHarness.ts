import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, vi } from 'vitest';
import { startApp } from '../../../../main/app/lifecycle';
import { electron, FakeBrowserWindow, resetElectron } from './electronMock';
import { killForked } from './utilityProcessMock';

// The desktop app started against the mocked Electron, for the tests that
// drive it whole: a temp config dir with the device key in the passphrase
// file store, and the core in a real child process (utilityProcessMock.ts).
// Call from a test file that has vi.mock('electron', …) at its top.

const ENV_KEYS = ['COMMANDPOST_HOME', 'COMMANDPOST_SECRET_STORE', 'COMMANDPOST_PASSPHRASE', 'COMMANDPOST_WORKSPACE', 'ELECTRON_RENDERER_URL'] as const;

export interface AppRun {
  home: string;
  /** What the app wrote to stderr (its log). */
  logged: string[];
}

export function setUpApp(): AppRun {
  resetElectron();
  const run: AppRun = { home: mkdtempSync(join(tmpdir(), 'cp-app-')), logged: [] };
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    run.logged.push(String(chunk));
    return true;
  });
  saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
  process.env.COMMANDPOST_HOME = run.home;
  process.env.COMMANDPOST_SECRET_STORE = 'file';
  process.env.COMMANDPOST_PASSPHRASE = 'pw-for-tests';
  delete process.env.COMMANDPOST_WORKSPACE;
  delete process.env.ELECTRON_RENDERER_URL;
  return run;
}
let saved: Record<string, string | undefined> = {};

/** Quit as Electron would ('will-quit', which the app holds until the core has closed), then clean up. */
export async function tearDownApp(run: AppRun): Promise<void> {
  await quit();
  await killForked();
  vi.restoreAllMocks();
  for (const k of ENV_KEYS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  rmSync(run.home, { recursive: true, force: true });
}

/** Emit 'will-quit'; if the app held it for the core, wait until it quits again. */
export async function quit(): Promise<void> {
  const event = { preventDefault: vi.fn() };
  electron.app.quit.mockClear();
  electron.app.emit('will-quit', event);
  if (event.preventDefault.mock.calls.length > 0) await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalled(), { timeout: 20_000, interval: 20 });
}

/** Start the app, wait for its window, and make the window show our renderer (so its calls are trusted). */
export async function started(): Promise<FakeBrowserWindow> {
  startApp();
  electron.app.becomeReady();
  await vi.waitFor(() => expect(FakeBrowserWindow.instances).toHaveLength(1), { timeout: 30_000, interval: 20 });
  return FakeBrowserWindow.instances[0]!;
}

export function trust(win: FakeBrowserWindow): void {
  win.webContents.mainFrame.url = pathToFileURL(win.loadFile.mock.calls[0]![0]).href;
}

/** Call the API as our window does. */
export function caller(
  win: FakeBrowserWindow,
): (method: string, params: unknown) => Promise<{ ok: boolean; value: never; error: { code: string; message: string } }> {
  return async (method, params) =>
    (await electron.ipcMain.handlers.get(method)!({ sender: win.webContents, senderFrame: win.webContents.mainFrame }, params)) as never;
}
