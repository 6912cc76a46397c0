import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, type BrowserWindow, dialog, ipcMain, Menu, Notification, safeStorage, screen, session, shell } from 'electron';
import { systemClock } from '../clock';
import { SafeStorageStore } from '../identity';
import { configDir } from '../workspace';
import { applyAppIdentity } from './appIdentity';
import { forkCore, withPackagedResources } from './coreFork';
import { CoreSupervisor } from './coreSupervisor';
import { bindIpc } from './ipc';
import { applicationMenuTemplate } from './menu';
import { hardenSession, hardenWebContents } from './security';
import { isTrustedSender, type RendererLocation } from './trustedSender';
import { createMainWindow } from './window';
import { initialBounds, loadWindowState, saveWindowState, windowStateFile } from './windowState';

// The Electron composition root: single-instance lock, session and
// web-contents hardening, the core (in its utility process, started and
// watched by coreSupervisor.ts), the IPC binding, the window, the menu and
// desktop notifications. Each piece lives in its own file and is tested
// there; this file only wires them.

const here = fileURLToPath(new URL('.', import.meta.url));
const log = (line: string): void => {
  process.stderr.write(`commandpost: ${line}\n`);
};

/** Electron's safeStorage as the secret store between the OS keychain and the passphrase file. */
export function electronSafeStorage(dir: string): SafeStorageStore {
  return new SafeStorageStore({
    dir,
    safeStorage,
    backend: () => (process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os'),
  });
}

function rendererLocation(): RendererLocation {
  const devServerUrl = !app.isPackaged ? (process.env.ELECTRON_RENDERER_URL ?? null) : null;
  return { indexFile: join(here, '../renderer/index.html'), devServerUrl };
}

/** Start the desktop app; a second instance only focuses the first one's window and quits. */
export function startApp(): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  applyAppIdentity(process.platform, app);
  let win: BrowserWindow | null = null;
  const focus = (): void => {
    if (win === null || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  };
  app.on('second-instance', focus);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, (url) => shell.openExternal(url), log));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  const ready = async (): Promise<void> => {
    hardenSession(session.defaultSession);
    const env = withPackagedResources(process.env, app.isPackaged, process.resourcesPath);
    const config = configDir(env);
    // SQLite, the fold, sync and dispatch run in the core's process, never on this loop.
    const core = new CoreSupervisor({ spawn: () => forkCore(here, env), safeStorage: electronSafeStorage(config), clock: systemClock, log });
    try {
      await core.start();
    } catch (err) {
      await core.close();
      throw err;
    }
    const where = rendererLocation();
    const stateFile = windowStateFile(config);

    const openWindow = (): BrowserWindow => {
      const saved = loadWindowState(stateFile, log);
      const created = createMainWindow({
        preload: join(here, '../preload/index.cjs'),
        rendererIndex: where.indexFile,
        devServerUrl: where.devServerUrl,
        bounds: initialBounds(
          saved,
          screen.getAllDisplays().map((d) => d.workArea),
        ),
        maximized: saved?.maximized ?? false,
        onClose: (state) => {
          try {
            saveWindowState(stateFile, state);
          } catch (err) {
            log(`could not remember the window position: ${(err as Error).message}`);
          }
        },
        log,
      });
      created.on('closed', () => {
        if (win === created) win = null;
      });
      return created;
    };

    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        applicationMenuTemplate(
          { platform: process.platform, appName: app.name, isPackaged: app.isPackaged },
          {
            // The same keystroke the renderer's palette listens for (menu.ts explains why).
            commandPalette: () =>
              win?.webContents.sendInputEvent({ type: 'keyDown', keyCode: 'K', modifiers: [process.platform === 'darwin' ? 'meta' : 'control'] }),
          },
        ),
      ),
    );

    const unbind = bindIpc({ ipcMain, core, isTrusted: (event) => isTrustedSender(event, win, where), target: () => win?.webContents ?? null, log });
    core.onNotices((notices) => {
      if (!Notification.isSupported()) return;
      for (const notice of notices) {
        const shown = new Notification({ title: notice.title, body: notice.body });
        shown.on('click', focus);
        shown.show();
      }
    });
    // A restarted core knows nothing of what the window has: the window starts over from the core's state.
    core.onRestarted(() => win?.webContents.reload());
    core.onDown((reason) =>
      dialog.showErrorBox(
        'Command Post core stopped',
        `The part of Command Post that keeps the journal stopped and was not restarted: ${reason}.\n` +
          'The window can no longer read or change the journal. Quit and start Command Post again.',
      ),
    );
    win = openWindow();

    app.on('activate', () => {
      if (win === null) win = openWindow();
    });
    // Quitting waits for the core to checkpoint and close the journal, then quits for real.
    let closed = false;
    app.on('will-quit', (event) => {
      if (closed) return;
      event.preventDefault();
      unbind();
      void core.close().finally(() => {
        closed = true;
        app.quit();
      });
    });
  };

  app
    .whenReady()
    .then(ready)
    .catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      log(`cannot start: ${message}`);
      dialog.showErrorBox('Command Post cannot start', message);
      app.quit();
    });
}
