import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { methods } from '../../../../shared/api';
import { systemClock } from '../../../../main/clock';
import { generateKeyPair, signerFromSeed } from '../../../../main/crypto';
import { Workspace } from '../../../../main/workspace';
import { CONTENT_SECURITY_POLICY } from '../../../../main/app/security';
import { startApp } from '../../../../main/app/lifecycle';
import { WINDOW_STATE_FILE } from '../../../../main/app/windowState';
import { caller, setUpApp, started, tearDownApp, trust, type AppRun } from './appHarness';
import { electron, FakeBrowserWindow, FakeNotification, resetElectron } from './electronMock';

vi.mock('electron', async () => (await import('./electronMock')).electronModule);

// The composition root against a mocked Electron: what the created window,
// session and app end up with. The core behind it is real, in a real child
// process (appHarness.ts): a demo workspace in a temp config dir, the device
// key in the passphrase file store.

let run: AppRun;
let home = '';
let logged: string[] = [];
beforeEach(() => {
  run = setUpApp();
  home = run.home;
  logged = run.logged;
});
afterEach(() => tearDownApp(run));

const navEvent = () => ({ preventDefault: vi.fn() });

describe('Electron shell (mocked electron)', () => {
  it('creates the window isolated, sandboxed, without Node, with web security and the CJS preload', async () => {
    const win = await started();
    const prefs = win.options.webPreferences as Record<string, unknown>;
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.disableBlinkFeatures).toContain('Auxclick');
    expect(String(prefs.preload)).toMatch(/preload[/\\]index\.cjs$/);
    expect(win.loadFile).toHaveBeenCalledWith(expect.stringMatching(/renderer[/\\]index\.html$/));
    expect(win.loadURL).not.toHaveBeenCalled();
  });

  it('installs the CSP header on every response and denies every permission request and check', async () => {
    await started();
    const s = electron.session.defaultSession;
    let headers: Record<string, string[]> = {};
    s.headersListener!({ responseHeaders: { 'X-Other': ['1'] } }, (r) => (headers = r.responseHeaders));
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(headers['X-Other']).toEqual(['1']);
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read']) {
      const callback = vi.fn();
      s.permissionRequestHandler!({}, permission, callback);
      expect(callback, permission).toHaveBeenCalledWith(false);
      expect(s.permissionCheckHandler!({}, permission, 'file://')).toBe(false);
    }
  });

  it('prevents navigation and <webview>, denies window.open and opens only https links externally', async () => {
    const win = await started();
    const nav = navEvent();
    win.webContents.emit('will-navigate', nav, 'https://evil.example/');
    expect(nav.preventDefault).toHaveBeenCalled();
    const attach = navEvent();
    win.webContents.emit('will-attach-webview', attach, {}, {});
    expect(attach.preventDefault).toHaveBeenCalled();

    const open = win.webContents.openHandler!;
    expect(open({ url: 'https://status.example.com/incident/1' })).toEqual({ action: 'deny' });
    expect(electron.shell.openExternal).toHaveBeenCalledWith('https://status.example.com/incident/1');
    for (const url of ['http://plain.example/', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share']) {
      expect(open({ url }), url).toEqual({ action: 'deny' });
    }
    expect(electron.shell.openExternal).toHaveBeenCalledTimes(1);
  });

  it('hardens web contents the app did not create itself too', async () => {
    await started();
    const { FakeWebContents } = await import('./electronMock');
    const other = new FakeWebContents();
    electron.app.emit('web-contents-created', {}, other);
    const nav = navEvent();
    other.emit('will-navigate', nav, 'https://evil.example/');
    expect(nav.preventDefault).toHaveBeenCalled();
    expect(other.openHandler!({ url: 'https://x.example/' })).toEqual({ action: 'deny' });
  });

  it('holds the single-instance lock: a second instance quits at once and the first one comes to the front', async () => {
    electron.app.lock = false;
    const whenReady = vi.spyOn(electron.app, 'whenReady');
    startApp();
    expect(electron.app.requestSingleInstanceLock).toHaveBeenCalled();
    expect(electron.app.quit).toHaveBeenCalled();
    // It returned before waiting for 'ready' or listening to anything, so no window can ever open.
    expect(whenReady).not.toHaveBeenCalled();
    expect(electron.app.eventNames()).toEqual([]);
    whenReady.mockRestore();
    expect(FakeBrowserWindow.instances).toHaveLength(0);

    resetElectron();
    const win = await started();
    expect(electron.app.quit).not.toHaveBeenCalled();
    win.minimized = true;
    electron.app.emit('second-instance', {}, [], home);
    expect(win.restore).toHaveBeenCalled();
    expect(win.focus).toHaveBeenCalled();
  });

  it('binds one IPC handler per contract method that answers our window and refuses anyone else', async () => {
    const win = await started();
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual(Object.keys(methods).sort());
    trust(win);
    const invoke = (sender: unknown, frame: unknown, method: string, params: unknown) =>
      electron.ipcMain.handlers.get(method)!({ sender, senderFrame: frame }, params) as Promise<unknown>;

    const ok = (await invoke(win.webContents, win.webContents.mainFrame, 'state:get', {})) as { ok: boolean; value: { entries: number } };
    expect(ok.ok).toBe(true);
    expect(ok.value.entries).toBeGreaterThan(200); // the demo workspace the first run created
    const foreign = { ...win.webContents.mainFrame, url: 'https://evil.example/' };
    expect(await invoke(win.webContents, foreign, 'state:get', {})).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('sets the application menu and remembers the window size and position in the config dir', async () => {
    const win = await started();
    expect(electron.Menu.applied).not.toBeNull();
    const template = electron.Menu.buildFromTemplate.mock.calls[0]![0] as Array<{ label?: string }>;
    expect(template.map((m) => m.label?.replace('&', ''))).toEqual(expect.arrayContaining(['File', 'Edit', 'View', 'Window', 'Help']));

    win.normalBounds = { x: 100, y: 120, width: 1300, height: 850 };
    win.maximized = true;
    win.emit('close', navEvent());
    const file = join(home, WINDOW_STATE_FILE);
    expect(existsSync(file)).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ version: 1, x: 100, y: 120, width: 1300, height: 850, maximized: true });

    // The next window opens where this one was.
    win.emit('closed');
    electron.app.emit('activate');
    const next = FakeBrowserWindow.instances[1]!;
    expect(next.options).toMatchObject({ x: 100, y: 120, width: 1300, height: 850 });
    next.emit('ready-to-show');
    expect(next.maximize).toHaveBeenCalled();
    expect(next.show).toHaveBeenCalled();
  });

  it('shows a desktop notification when someone else assigns me a task', async () => {
    const win = await started();
    trust(win);
    const call = caller(win);
    const me = ((await call('session:get', {})).value as { me: string }).me;
    const incident = Object.keys(((await call('state:get', {})).value as { state: { incidents: Record<string, unknown> } }).state.incidents)[0]!;
    // A second responder, on another device (here: another process writing the same journal).
    const other = signerFromSeed(generateKeyPair().seed);
    expect(
      await call('journal:append', { kind: 'roster.memberPut', body: { member: other.publicKey, name: 'Sam Other', roles: ['responder'] } }),
    ).toMatchObject({
      ok: true,
    });
    const ws = Workspace.open({ dir: join(home, 'workspaces', 'default'), clock: systemClock, signer: other });
    try {
      ws.append('task.create', { incident, title: 'Restart the PSP adapter', assignee: { member: me } });
      ws.append('task.create', { incident, title: 'For the team', assignee: { team: 'payments' } });
    } finally {
      ws.close();
    }
    await vi.waitFor(() => expect(FakeNotification.shown).toEqual([{ title: 'Task assigned to you', body: 'Restart the PSP adapter' }]), {
      timeout: 5000,
      interval: 20,
    });
    // The window got the same change.
    expect(win.webContents.sent.some(([channel]) => channel === 'state:changed')).toBe(true);
  });

  it('tells an approver at this device, by desktop notification, that someone else asks for an approval', async () => {
    const win = await started();
    trust(win);
    const call = caller(win);
    const other = signerFromSeed(generateKeyPair().seed);
    expect(
      await call('journal:append', { kind: 'roster.memberPut', body: { member: other.publicKey, name: 'Rita Requester', roles: ['responder'] } }),
    ).toMatchObject({ ok: true });
    const ws = Workspace.open({ dir: join(home, 'workspaces', 'default'), clock: systemClock, signer: other });
    try {
      ws.append('action.request', {
        connector: 'kubernetes',
        operation: 'restart',
        environment: 'production',
        risk: 'high',
        target: 'payments-api',
        summary: 'Restart payments-api',
        incident: null,
        executor: null,
        params: {},
        preview: '',
      });
    } finally {
      ws.close();
    }
    await vi.waitFor(
      () =>
        expect(FakeNotification.shown).toEqual([
          { title: 'Approval requested', body: 'Restart payments-api\nkubernetes restart in production (risk high), requested by Rita Requester' },
        ]),
      { timeout: 5000, interval: 20 },
    );
  });

  it('says why and quits when the core cannot start', async () => {
    process.env.COMMANDPOST_PASSPHRASE = '';
    startApp();
    electron.app.becomeReady();
    await vi.waitFor(() => expect(electron.dialog.showErrorBox).toHaveBeenCalled(), { timeout: 20_000, interval: 20 });
    expect(electron.app.quit).toHaveBeenCalled();
    expect(FakeBrowserWindow.instances).toHaveLength(0);
    expect(logged.join('')).toMatch(/cannot start: no usable secret store/);
  });
});
