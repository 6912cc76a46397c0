import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_FRAME_BYTES, methods, StateChangedEventSchema } from '../../../../shared/api';
import { systemClock } from '../../../../main/clock';
import { openCore, type Core } from '../../../../main/core';
import { bindIpc, type CoreCaller } from '../../../../main/app/ipc';
import { isRendererUrl, isTrustedSender, type FrameLike, type RendererLocation } from '../../../../main/app/trustedSender';
import { cleanupTempDirs, demoWorkspace } from '../../../support/demoWorkspace';
import { electron, FakeWebContents, resetElectron } from './electronMock';

vi.mock('electron', async () => (await import('./electronMock')).electronModule);

// The IPC binding over a real demo workspace. The app's core runs in its
// utility process (coreProcess.test.ts); here it runs in this process behind
// the same CoreCaller interface, so these tests see the binding itself: what
// it refuses before the core is asked, and what it passes on.

const where: RendererLocation = { indexFile: join('/opt/commandpost/out/renderer/index.html'), devServerUrl: null };
const OUR_URL = pathToFileURL(where.indexFile).href;

interface Setup {
  core: Core;
  feed: Core['feed'];
  contents: FakeWebContents;
  me: string;
  logs: string[];
  /** Every call that reached the core. */
  forwarded: string[];
  unbind: () => void;
}
let setup: Setup | null = null;

function bind(): Setup {
  const { dir, signer } = demoWorkspace();
  const core = openCore({ workspaceDir: dir, signer, clock: systemClock, log: () => undefined, transport: 'electron-ipc', sync: false });
  core.start();
  const forwarded: string[] = [];
  const caller: CoreCaller = {
    call: async (method, params) => {
      forwarded.push(method);
      return core.handle(method, params);
    },
    onEvent: (listener) => core.onEvent(listener),
  };
  const contents = new FakeWebContents();
  contents.mainFrame.url = OUR_URL;
  const win = { webContents: contents };
  const logs: string[] = [];
  const unbind = bindIpc({
    ipcMain: electron.ipcMain,
    core: caller,
    isTrusted: (event) => isTrustedSender(event, win, where),
    target: () => contents,
    log: (line) => logs.push(line),
  });
  setup = { core, feed: core.feed, contents, me: signer.publicKey, logs, forwarded, unbind };
  return setup;
}

/** Invoke a handler as Electron would: (event, ...args). */
function invoke(s: Setup, method: string, args: unknown[], sender: { sender: unknown; senderFrame: FrameLike | null } = fromUs(s)): Promise<unknown> {
  const handler = electron.ipcMain.handlers.get(method);
  if (handler === undefined) throw new Error(`no handler for ${method}`);
  return Promise.resolve(handler(sender, ...args));
}

const fromUs = (s: Setup) => ({ sender: s.contents, senderFrame: s.contents.mainFrame });

beforeEach(() => resetElectron());
afterEach(() => {
  setup?.unbind();
  setup?.core.close();
  setup = null;
});
afterAll(() => cleanupTempDirs());

describe('IPC binding of the API contract', () => {
  it('registers exactly one handler per contract method, named as the method, and removes them on unbind', () => {
    const s = bind();
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual(Object.keys(methods).sort());
    s.unbind();
    expect(electron.ipcMain.handlers.size).toBe(0);
  });

  it('answers valid calls from our window with { ok: true, value } over the real workspace', async () => {
    const s = bind();
    expect(await invoke(s, 'session:get', [{}])).toMatchObject({ ok: true, value: { me: s.me, transport: 'electron-ipc', workspaceName: 'Host test' } });
    const state = (await invoke(s, 'state:get', [{}])) as { ok: true; value: { entries: number; stateHash: string } };
    expect(state).toMatchObject({ ok: true, value: { entries: 233 } });
    methods['state:get'].result.parse(state.value);
    const page = (await invoke(s, 'journal:page', [{ limit: 5 }])) as { ok: true; value: unknown };
    expect(methods['journal:page'].result.parse(page.value).entries).toHaveLength(5);
    // Params may be omitted where the schema has none required.
    expect(await invoke(s, 'state:get', [])).toMatchObject({ ok: true });
  });

  it('rejects bad payloads with a structured error naming the problem, and changes nothing', async () => {
    const s = bind();
    const before = s.feed.workspace.store.count();
    const cases: Array<[string, unknown[], string, RegExp]> = [
      ['journal:page', [{ limit: 5000 }], 'bad_request', /params\.limit/],
      ['journal:page', [{ limit: 'ten' }], 'bad_request', /params\.limit/],
      ['state:get', [{ extra: 1 }], 'bad_request', /params/],
      ['journal:append', [{ kind: 'shell.exec', body: {} }], 'bad_request', /params\.kind/],
      ['journal:append', [{ kind: 'note.add' }], 'bad_request', /params\.body/],
      ['journal:append', ['not an object'], 'bad_request', /params/],
      ['journal:append', [{ kind: 'note.add', body: { text: 1n } }], 'bad_request', /plain JSON/],
      ['journal:append', [{ kind: 'note.add', body: { text: 'x'.repeat(MAX_FRAME_BYTES) } }], 'too_large', /limit/],
      ['journal:append', [{ kind: 'note.add', body: { text: 'a' } }, { extra: true }], 'bad_request', /one params argument/],
    ];
    for (const [method, args, code, message] of cases) {
      const r = (await invoke(s, method, args)) as { ok: false; error: { code: string; message: string } };
      expect(r.ok, `${method} ${JSON.stringify(args, (_k, v: unknown) => (typeof v === 'bigint' ? 'bigint' : v)).slice(0, 80)}`).toBe(false);
      expect(r.error.code).toBe(code);
      expect(r.error.message).toMatch(message);
    }
    // A body the fold refuses comes back as `refused`, with the rule.
    expect(await invoke(s, 'journal:append', [{ kind: 'task.assign', body: { task: 'nope', assignee: null } }])).toMatchObject({
      ok: false,
      error: { code: 'refused' },
    });
    expect(s.feed.workspace.store.count()).toBe(before);
    // Only the well-formed call reached the core; the rest were refused in the main process.
    expect(s.forwarded).toEqual(['journal:append']);
  });

  it('refuses foreign senders before doing anything: iframes, other web contents, foreign pages, no frame', async () => {
    const s = bind();
    const before = s.feed.workspace.store.count();
    const main = s.contents.mainFrame;
    const other = new FakeWebContents();
    other.mainFrame.url = OUR_URL;
    const senders: Array<[string, { sender: unknown; senderFrame: FrameLike | null }]> = [
      ['a subframe of our window', { sender: s.contents, senderFrame: { url: OUR_URL, processId: main.processId, routingId: 99, parent: main } }],
      ['another frame in our process', { sender: s.contents, senderFrame: { ...main, routingId: main.routingId + 1 } }],
      ['another web contents showing our page', { sender: other, senderFrame: other.mainFrame }],
      ['our window on a foreign page', { sender: s.contents, senderFrame: { ...main, url: 'https://evil.example/index.html' } }],
      ['our window on another local file', { sender: s.contents, senderFrame: { ...main, url: pathToFileURL('/etc/passwd').href } }],
      ['a dev server that is not configured', { sender: s.contents, senderFrame: { ...main, url: 'http://localhost:5173/' } }],
      ['no frame at all (navigated away or destroyed)', { sender: s.contents, senderFrame: null }],
    ];
    for (const [what, sender] of senders) {
      expect(await invoke(s, 'journal:append', [{ kind: 'note.add', body: { text: 'sneaky' } }], sender), what).toMatchObject({
        ok: false,
        error: { code: 'unauthorized' },
      });
      expect(await invoke(s, 'state:get', [{}], sender), what).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
    expect(s.feed.workspace.store.count()).toBe(before);
    expect(s.forwarded).toEqual([]);
    expect(s.logs.filter((l) => l.startsWith('refused'))).toHaveLength(senders.length * 2);
  });

  it('pushes every state change to the window on state:changed, with the entries added', async () => {
    const s = bind();
    const changes: unknown[] = [];
    s.core.onEvent((frame) => changes.push(frame.event));
    const appended = (await invoke(s, 'journal:append', [{ kind: 'note.add', body: { text: 'from the desktop window' } }])) as {
      ok: true;
      value: { id: string };
    };
    expect(appended.ok).toBe(true);
    await vi.waitFor(() => expect(s.contents.sent).toHaveLength(1), { timeout: 5000, interval: 10 });
    const [channel, payload] = s.contents.sent[0]!;
    expect(channel).toBe('state:changed');
    const event = StateChangedEventSchema.parse(payload);
    expect(event.entries).toBe(234);
    expect(event.added.map((e) => e.id)).toEqual([appended.value.id]);
    expect(changes).toEqual([payload]);

    // A destroyed window gets nothing (and nothing throws).
    s.contents.destroyed = true;
    await invoke(s, 'journal:append', [{ kind: 'note.add', body: { text: 'second' } }]);
    await vi.waitFor(() => expect(changes).toHaveLength(2), { timeout: 5000, interval: 10 });
    expect(s.contents.sent).toHaveLength(1);
  });
});

describe('which renderer URLs count as ours', () => {
  it('is the built index.html, or a page of the dev server origin when one is configured', () => {
    expect(isRendererUrl(OUR_URL, where)).toBe(true);
    expect(isRendererUrl(`${OUR_URL}#/tasks`, where)).toBe(true);
    expect(isRendererUrl('file://evil-host/opt/commandpost/out/renderer/index.html', where)).toBe(false);
    expect(isRendererUrl('not a url', where)).toBe(false);
    const dev = { ...where, devServerUrl: 'http://localhost:5173/' };
    expect(isRendererUrl('http://localhost:5173/index.html', dev)).toBe(true);
    expect(isRendererUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isRendererUrl('http://127.0.0.1:5173/', dev)).toBe(false);
  });
});
