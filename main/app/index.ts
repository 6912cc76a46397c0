import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, safeStorage, session, shell } from 'electron';
import { SafeStorageStore } from '../identity';
import { CONTENT_SECURITY_POLICY, isSafeExternalUrl, secureWebPreferences } from './security';

// The Electron shell: windows, security policy and the Electron-only pieces
// (safeStorage). Everything else lives in plain-Node folders under main/.

const here = fileURLToPath(new URL('.', import.meta.url));

/** Electron's safeStorage as the secret store between the OS keychain and the passphrase file. */
export function electronSafeStorage(dir: string): SafeStorageStore {
  return new SafeStorageStore({
    dir,
    safeStorage,
    backend: () => (process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os'),
  });
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    title: 'Command Post',
    backgroundColor: '#0f1419',
    webPreferences: secureWebPreferences(join(here, '../preload/index.cjs')),
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  void win.loadFile(join(here, '../renderer/index.html'));
  return win;
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const [win] = BrowserWindow.getAllWindows();
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  void app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
    });
    createWindow();
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
