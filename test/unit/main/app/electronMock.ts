import { EventEmitter } from 'node:events';
import { vi } from 'vitest';
import { FakeMessageChannelMain, fakeUtilityProcess } from './utilityProcessMock';

// A stand-in for the 'electron' module: Electron's binary is never
// downloaded on these machines, so main/app and preload are tested against
// this. Use it as
//   vi.mock('electron', async () => (await import('./electronMock')).electronModule);
// and read what the code under test did from `electron` (same instance).
// It records calls; it does not imitate Electron beyond what the tests read.

export interface FakeFrame {
  url: string;
  processId: number;
  routingId: number;
  parent: FakeFrame | null;
}

type OpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' };

export class FakeWebContents extends EventEmitter {
  mainFrame: FakeFrame = { url: 'about:blank', processId: 7, routingId: 1, parent: null };
  openHandler: OpenHandler | null = null;
  readonly sent: Array<[string, unknown]> = [];
  destroyed = false;
  readonly sendInputEvent = vi.fn();
  readonly reload = vi.fn();

  setWindowOpenHandler(handler: OpenHandler): void {
    this.openHandler = handler;
  }

  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static readonly instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  readonly loadFile = vi.fn((_file: string) => Promise.resolve());
  readonly loadURL = vi.fn((_url: string) => Promise.resolve());
  readonly show = vi.fn();
  readonly maximize = vi.fn();
  readonly restore = vi.fn();
  readonly focus = vi.fn();
  minimized = false;
  maximized = false;
  normalBounds = { x: 40, y: 60, width: 1200, height: 800 };

  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.instances.push(this);
    // Electron announces every new web contents on the app before the constructor returns.
    electron.app.emit('web-contents-created', {}, this.webContents);
  }

  static getAllWindows(): FakeBrowserWindow[] {
    return [...FakeBrowserWindow.instances];
  }

  isMinimized(): boolean {
    return this.minimized;
  }

  isMaximized(): boolean {
    return this.maximized;
  }

  isDestroyed(): boolean {
    return false;
  }

  getNormalBounds() {
    return { ...this.normalBounds };
  }
}

export class FakeNotification extends EventEmitter {
  static readonly shown: Array<{ title: string; body: string }> = [];
  static supported = true;

  constructor(readonly options: { title: string; body: string }) {
    super();
  }

  static isSupported(): boolean {
    return FakeNotification.supported;
  }

  show(): void {
    FakeNotification.shown.push(this.options);
  }
}

type Invoke = (event: unknown, ...args: unknown[]) => unknown;
type PermissionRequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void) => void;
type HeadersListener = (
  details: { responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders: Record<string, string[]> }) => void,
) => void;

class FakeApp extends EventEmitter {
  lock = true;
  isPackaged = false;
  name = 'Command Post';
  readonly quit = vi.fn();
  readonly requestSingleInstanceLock = vi.fn(() => this.lock);
  readonly setAppUserModelId = vi.fn();
  private ready: { promise: Promise<void>; resolve: () => void } = deferred();

  whenReady(): Promise<void> {
    return this.ready.promise;
  }

  /** Fire Electron's 'ready'. */
  becomeReady(): void {
    this.ready.resolve();
  }

  reset(): void {
    this.removeAllListeners();
    this.lock = true;
    this.isPackaged = false;
    this.quit.mockClear();
    this.requestSingleInstanceLock.mockClear();
    this.ready = deferred();
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

class FakeIpcRenderer extends EventEmitter {
  readonly invoke = vi.fn((_channel: string, ..._args: unknown[]): Promise<unknown> => Promise.resolve({ ok: true, value: null }));
}

export const electron = {
  app: new FakeApp(),
  BrowserWindow: FakeBrowserWindow,
  Notification: FakeNotification,
  ipcMain: {
    handlers: new Map<string, Invoke>(),
    handle(channel: string, listener: (event: never, ...args: never[]) => unknown): void {
      if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      this.handlers.set(channel, listener as Invoke);
    },
    removeHandler(channel: string): void {
      this.handlers.delete(channel);
    },
  },
  ipcRenderer: new FakeIpcRenderer(),
  contextBridge: {
    exposed: new Map<string, unknown>(),
    exposeInMainWorld(key: string, api: unknown): void {
      this.exposed.set(key, api);
    },
  },
  session: {
    defaultSession: {
      permissionRequestHandler: null as PermissionRequestHandler | null,
      permissionCheckHandler: null as ((...args: unknown[]) => boolean) | null,
      headersListener: null as HeadersListener | null,
      setPermissionRequestHandler(handler: PermissionRequestHandler): void {
        this.permissionRequestHandler = handler;
      },
      setPermissionCheckHandler(handler: (...args: unknown[]) => boolean): void {
        this.permissionCheckHandler = handler;
      },
      webRequest: {
        onHeadersReceived(listener: HeadersListener): void {
          electron.session.defaultSession.headersListener = listener;
        },
      },
    },
  },
  shell: { openExternal: vi.fn((_url: string) => Promise.resolve()) },
  Menu: {
    applied: null as unknown,
    buildFromTemplate: vi.fn((template: unknown) => ({ template })),
    setApplicationMenu(menu: unknown): void {
      electron.Menu.applied = menu;
    },
  },
  dialog: { showErrorBox: vi.fn() },
  // The core's process: a real Node child process running the real core entry (utilityProcessMock.ts).
  utilityProcess: fakeUtilityProcess,
  MessageChannelMain: FakeMessageChannelMain,
  screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
  safeStorage: {
    isEncryptionAvailable: () => false,
    encryptString: (s: string) => Buffer.from(s),
    decryptString: (b: Buffer) => b.toString(),
    getSelectedStorageBackend: () => 'basic_text',
  },
};

/** What `import … from 'electron'` gives the code under test. */
export const electronModule = { ...electron, default: electron };

/** Forget everything the last test did. */
export function resetElectron(): void {
  electron.app.reset();
  FakeBrowserWindow.instances.length = 0;
  FakeNotification.shown.length = 0;
  FakeNotification.supported = true;
  electron.ipcMain.handlers.clear();
  electron.ipcRenderer.removeAllListeners();
  electron.ipcRenderer.invoke.mockClear();
  electron.contextBridge.exposed.clear();
  const s = electron.session.defaultSession;
  s.permissionRequestHandler = null;
  s.permissionCheckHandler = null;
  s.headersListener = null;
  electron.shell.openExternal.mockClear();
  electron.Menu.applied = null;
  electron.Menu.buildFromTemplate.mockClear();
  electron.dialog.showErrorBox.mockClear();
}
