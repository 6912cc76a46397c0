import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { methods, type StateChangedEvent } from '../../../../shared/api';
import { systemClock } from '../../../../main/clock';
import { openCore } from '../../../../main/core';
import { bindIpc } from '../../../../main/app/ipc';
import { isTrustedSender } from '../../../../main/app/trustedSender';
import type { Api } from '../../../../preload/index';
import { IpcApiClient, type CommandPostBridge } from '../../../../renderer/api/ipcClient';
import { cleanupTempDirs, demoWorkspace } from '../../../support/demoWorkspace';
import { electron, FakeWebContents } from './electronMock';

vi.mock('electron', async () => (await import('./electronMock')).electronModule);

// The preload bridge, alone and then as the middle of the whole IPC
// transport: renderer IpcApiClient -> preload api -> ipcMain handler ->
// handle() on a real workspace, and state changes back the other way.

// Compile-time: the preload's Api is what the renderer's client expects of window.commandpost.
type Assert<T extends true> = T;
export type _PreloadFitsRenderer = Assert<Api extends CommandPostBridge ? true : false>;

let api: Api;

beforeAll(async () => {
  await import('../../../../preload/index');
  api = electron.contextBridge.exposed.get('commandpost') as Api;
});
afterEach(() => {
  electron.ipcRenderer.invoke.mockClear();
  electron.ipcRenderer.removeAllListeners();
});
afterAll(() => cleanupTempDirs());

describe('preload bridge', () => {
  it('exposes window.commandpost with named functions only, never ipcRenderer', () => {
    expect(api).toBeDefined();
    expect(Object.keys(api).sort()).toEqual(['call', 'onStateChanged', 'onSyncChanged']);
    for (const value of Object.values(api)) {
      expect(typeof value).toBe('function');
      expect(value).not.toBe(electron.ipcRenderer);
    }
    expect(JSON.stringify(Object.getOwnPropertyNames(api))).not.toMatch(/ipc|invoke|send/i);
  });

  it('passes each contract method to its own channel and refuses every other name without touching IPC', async () => {
    for (const method of Object.keys(methods)) {
      await api.call(method as keyof typeof methods, { probe: method });
      expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith(method, { probe: method });
    }
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledTimes(Object.keys(methods).length);
    for (const name of ['shell:exec', 'state:changed', '__proto__', 'toString', '']) {
      // The type says no; a compromised page would not care.
      const r = await api.call(name as keyof typeof methods, {});
      expect(r, name).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    }
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledTimes(Object.keys(methods).length);
  });

  it('subscribes to state:changed and unsubscribes exactly that listener', () => {
    const seen: unknown[] = [];
    const off = api.onStateChanged((e) => seen.push(e));
    electron.ipcRenderer.emit('state:changed', {}, { n: 1 });
    expect(seen).toEqual([{ n: 1 }]);
    off();
    electron.ipcRenderer.emit('state:changed', {}, { n: 2 });
    expect(seen).toEqual([{ n: 1 }]);
    expect(electron.ipcRenderer.listenerCount('state:changed')).toBe(0);
  });
});

describe('the IPC transport end to end (renderer client, preload, main handlers, real workspace)', () => {
  it('calls, parses results and errors, and delivers state changes to the renderer', async () => {
    const { dir, signer } = demoWorkspace();
    // The core in this process behind the binding's CoreCaller (in the app it is the utility process: coreProcess.test.ts).
    const core = openCore({ workspaceDir: dir, signer, clock: systemClock, log: () => undefined, transport: 'electron-ipc', sync: false });
    core.start();
    const contents = new FakeWebContents();
    const indexFile = join(dir, 'renderer', 'index.html');
    contents.mainFrame.url = pathToFileURL(indexFile).href;
    // Main side: what ipcRenderer.invoke reaches, and where webContents.send goes.
    contents.send = (channel: string, payload: unknown) => electron.ipcRenderer.emit(channel, {}, payload);
    const unbind = bindIpc({
      ipcMain: electron.ipcMain,
      core: { call: (method, params) => Promise.resolve(core.handle(method, params)), onEvent: (listener) => core.onEvent(listener) },
      isTrusted: (event) => isTrustedSender(event, { webContents: contents }, { indexFile, devServerUrl: null }),
      target: () => contents,
      log: () => undefined,
    });
    electron.ipcRenderer.invoke.mockImplementation((channel: string, ...args: unknown[]) =>
      Promise.resolve(electron.ipcMain.handlers.get(channel)!({ sender: contents, senderFrame: contents.mainFrame }, ...args)),
    );
    try {
      const client = new IpcApiClient(api);
      const statuses: string[] = [];
      client.onConnection((s) => statuses.push(s));
      expect(statuses).toEqual(['online']);

      const session = await client.call('session:get', {});
      expect(session).toEqual({ ok: true, value: expect.objectContaining({ me: signer.publicKey, transport: 'electron-ipc' }) });
      const bad = await client.call('journal:page', { limit: 0 });
      expect(bad).toMatchObject({ ok: false, error: { code: 'bad_request' } });

      const events: StateChangedEvent[] = [];
      const off = client.onStateChanged((e) => events.push(e));
      const appended = await client.call('journal:append', { kind: 'note.add', body: { text: 'over IPC' } });
      expect(appended.ok).toBe(true);
      await vi.waitFor(() => expect(events).toHaveLength(1), { timeout: 5000, interval: 10 });
      expect(events[0]!.added[0]!.body).toEqual({ text: 'over IPC' });
      off();

      // Garbage from the other side is reported as an error, never handed on unparsed.
      electron.ipcRenderer.invoke.mockImplementationOnce(() => Promise.resolve({ surprise: true }));
      expect(await client.call('state:get', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
      electron.ipcRenderer.invoke.mockImplementationOnce(() => Promise.resolve({ ok: true, value: { stateHash: 5 } }));
      expect(await client.call('state:get', {})).toMatchObject({ ok: false, error: { code: 'bad_request' } });
      electron.ipcRenderer.invoke.mockImplementationOnce(() => Promise.reject(new Error("No handler registered for 'state:get'")));
      expect(await client.call('state:get', {})).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringContaining('No handler') } });
    } finally {
      electron.ipcRenderer.invoke.mockReset();
      unbind();
      core.close();
    }
  });
});
