import { readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StateChangedEventSchema } from '../../../../shared/api';
import { JOURNAL_FILE } from '../../../../main/workspace';
import { caller, quit, setUpApp, started, tearDownApp, trust, type AppRun } from './appHarness';
import { electron } from './electronMock';
import { FakeUtilityProcess } from './utilityProcessMock';

vi.mock('electron', async () => (await import('./electronMock')).electronModule);

// The desktop core off the UI thread: the app forks the core's utility
// process (here a real Node child running main/core/main.ts) and carries the
// API to it over a MessagePort. These tests look at the process boundary:
// where SQLite is open, what crosses it, and what happens when the core dies
// or the app quits.

let run: AppRun;
beforeEach(() => {
  run = setUpApp();
});
afterEach(() => tearDownApp(run));

const journal = () => join(run.home, 'workspaces', 'default', JOURNAL_FILE);

/** The files a process has open (Linux /proc). */
function openFiles(pid: number | 'self'): string[] {
  const dir = `/proc/${pid}/fd`;
  return readdirSync(dir).flatMap((fd) => {
    try {
      return [readlinkSync(join(dir, fd))];
    } catch {
      return []; // closed meanwhile
    }
  });
}

const corePid = (): number => {
  const core = FakeUtilityProcess.forked.at(-1);
  if (core?.pid === undefined) throw new Error('no core process was forked');
  return core.pid;
};

describe('the desktop core in its utility process', () => {
  it('runs in its own process, which has the journal open, not the app', async () => {
    const win = await started();
    trust(win);
    const pid = corePid();
    expect(pid).not.toBe(process.pid);
    expect(FakeUtilityProcess.forked).toHaveLength(1);
    expect(openFiles(pid)).toContain(journal());
    expect(openFiles('self')).not.toContain(journal());
    expect(run.logged.join('')).toMatch(/Created the demo workspace/); // its log lines reach the app's log
  });

  it('answers calls through the IPC handlers and pushes the changes to the window', async () => {
    const win = await started();
    trust(win);
    const call = caller(win);
    expect(await call('session:get', {})).toMatchObject({ ok: true, value: { transport: 'electron-ipc' } });
    const appended = await call('journal:append', { kind: 'note.add', body: { text: 'from the desktop window' } });
    expect(appended).toMatchObject({ ok: true, value: { id: expect.any(String) } });
    await vi.waitFor(() => expect(win.webContents.sent.some(([channel]) => channel === 'state:changed')).toBe(true), { timeout: 10_000, interval: 20 });
    const [, payload] = win.webContents.sent.find(([channel]) => channel === 'state:changed')!;
    expect(StateChangedEventSchema.parse(payload).added.map((e) => e.id)).toContain((appended.value as { id: string }).id);
    // The core's errors come back as data, as over the WebSocket.
    expect(await call('journal:append', { kind: 'task.assign', body: { task: 'nope', assignee: null } })).toMatchObject({
      ok: false,
      error: { code: 'refused' },
    });
  });

  it('refuses bad payloads in the main process, naming the problem', async () => {
    const win = await started();
    trust(win);
    const call = caller(win);
    const before = (await call('state:get', {})).value as { entries: number };
    expect(await call('journal:page', { limit: 5000 })).toMatchObject({
      ok: false,
      error: { code: 'bad_request', message: expect.stringMatching(/params\.limit/) },
    });
    expect(await call('journal:append', { kind: 'shell.exec', body: {} })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await call('journal:append', { kind: 'note.add', body: { text: 1n } })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(((await call('state:get', {})).value as { entries: number }).entries).toBe(before.entries);
  });

  it('reports a core that was killed, restarts it, reloads the window, and answers again', async () => {
    const win = await started();
    trust(win);
    const call = caller(win);
    const first = corePid();
    process.kill(first, 'SIGKILL');
    await vi.waitFor(() => expect(run.logged.join('')).toMatch(/the core stopped unexpectedly \(its process exited with code 137\); restarting it/), {
      timeout: 10_000,
      interval: 20,
    });
    await vi.waitFor(() => expect(win.webContents.reload).toHaveBeenCalled(), { timeout: 30_000, interval: 50 });
    expect(corePid()).not.toBe(first);
    expect(await call('state:get', {})).toMatchObject({ ok: true });
    expect(electron.dialog.showErrorBox).not.toHaveBeenCalled();
  });

  it('checkpoints and closes the journal in the core before the app quits', async () => {
    const win = await started();
    trust(win);
    expect(await caller(win)('journal:append', { kind: 'note.add', body: { text: 'the last word' } })).toMatchObject({ ok: true });
    const core = FakeUtilityProcess.forked.at(-1)!.child;
    await quit();
    // The app quit only once the core had closed; then it ended the core's process.
    await vi.waitFor(() => expect(core.exitCode !== null || core.signalCode !== null).toBe(true), { timeout: 10_000, interval: 20 });
    expect(run.logged.join('')).not.toMatch(/did not close/);
    const db = new Database(journal(), { readonly: true });
    try {
      const last = (db.prepare('SELECT max(rowid) AS n FROM entries').get() as { n: number }).n;
      expect((db.prepare('SELECT max_rowid AS n FROM checkpoint WHERE id = 1').get() as { n: number }).n).toBe(last);
    } finally {
      db.close();
    }
  });
});
