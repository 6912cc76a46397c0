import { BrowserWindow } from 'electron';
import { MIN_WINDOW_SIZE, stateOf, type WindowState } from './windowState';

// The console window. Its webPreferences are written out here, literally,
// so each setting can be read (and checked by electronegativity) where the
// window is made: an isolated, sandboxed renderer with no Node, web security
// on, and no way to run remote or insecure content. Navigation, new windows
// and <webview> are refused for every web contents (security.ts, wired in
// lifecycle.ts on 'web-contents-created').

export interface MainWindowOptions {
  /** The built preload (CommonJS: a sandboxed preload cannot be an ES module). */
  preload: string;
  /** The built renderer's index.html. */
  rendererIndex: string;
  /** electron-vite's dev server; only ever set when the app is not packaged. */
  devServerUrl: string | null;
  bounds: { width: number; height: number; x?: number; y?: number };
  maximized: boolean;
  /** Called with the window's state as it closes, to be remembered. */
  onClose: (state: WindowState) => void;
  log: (line: string) => void;
}

export function createMainWindow(opts: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    ...opts.bounds,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    show: false,
    title: 'Command Post',
    backgroundColor: '#0f1419',
    webPreferences: {
      preload: opts.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      // Middle-click would otherwise ask for a new window (refused anyway by the open handler).
      disableBlinkFeatures: 'Auxclick',
    },
  });
  win.once('ready-to-show', () => {
    if (opts.maximized) win.maximize();
    win.show();
  });
  win.on('close', () => opts.onClose(stateOf(win.getNormalBounds(), win.isMaximized())));
  const loaded = opts.devServerUrl !== null ? win.loadURL(opts.devServerUrl) : win.loadFile(opts.rendererIndex);
  loaded.catch((err: unknown) => opts.log(`could not load the console: ${err instanceof Error ? err.message : String(err)}`));
  return win;
}
