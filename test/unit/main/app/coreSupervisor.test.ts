import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CoreSupervisor, MAX_RESTARTS, RESTART_WINDOW_MS, type SpawnedCore } from '../../../../main/app/coreSupervisor';
import { RemoteSecretStore, ToCoreSchema, type FromCore } from '../../../../main/core';
import { FileStore } from '../../../../main/identity';

// The supervisor's own rules, against cores that do exactly what a test
// tells them (a pair of in-memory ports and a process that exits on demand):
// when it restarts a core, when it gives up, what a caller is told. The
// real core in a real process is coreProcess.test.ts.

class ScriptedCore {
  readonly child = Object.assign(new EventEmitter(), { pid: 4242, killed: 0, kill: () => (this.child.killed++, true) });
  readonly toCore: unknown[] = [];
  private readonly parentEnd = new EventEmitter();
  readonly port = {
    postMessage: (data: unknown) => this.toCore.push(ToCoreSchema.parse(data)),
    on: (event: 'message', listener: (e: { data: unknown }) => void) => this.parentEnd.on(event, listener),
  };
  say(message: FromCore): void {
    this.parentEnd.emit('message', { data: message });
  }
  ready(): void {
    this.say({ type: 'ready', pid: this.child.pid, me: 'me', workspaceDir: '/ws', createdDemo: false });
  }
  exit(code: number): void {
    this.child.emit('exit', code);
  }
}

function supervised() {
  const cores: ScriptedCore[] = [];
  const clock = { t: 1_000_000, now: () => clock.t };
  const logs: string[] = [];
  const downs: string[] = [];
  const restarts: number[] = [];
  const store = new FileStore({ dir: tempDir(), passphrase: () => Promise.resolve('pw-for-tests') });
  const supervisor = new CoreSupervisor({
    spawn: (): SpawnedCore => {
      const core = new ScriptedCore();
      cores.push(core);
      return core;
    },
    safeStorage: store,
    clock,
    log: (line) => logs.push(line),
  });
  supervisor.onDown((reason) => downs.push(reason));
  supervisor.onRestarted((ready) => restarts.push(ready.pid));
  return { supervisor, cores, clock, logs, downs, restarts, store, last: () => cores.at(-1)! };
}

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'cp-supervisor-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('CoreSupervisor', () => {
  it('matches responses to calls by request id and tells an in-flight caller when the core dies', async () => {
    const s = supervised();
    const started = s.supervisor.start();
    s.last().ready();
    await started;
    const first = s.supervisor.call('state:get', {});
    const second = s.supervisor.call('journal:page', { limit: 1 });
    await tick();
    const [a, b] = s.last().toCore.map((m) => JSON.parse((m as { frame: string }).frame) as { id: number; method: string });
    expect([a?.method, b?.method]).toEqual(['state:get', 'journal:page']);
    s.last().say({ type: 'response', frame: { id: b!.id, ok: true, value: 'page' } });
    expect(await second).toEqual({ ok: true, value: 'page' });
    s.last().exit(137);
    expect(await first).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringMatching(/stopped while answering/) } });
  });

  it(`restarts a core that dies, up to ${MAX_RESTARTS} times a minute, then says it is down`, async () => {
    const s = supervised();
    const started = s.supervisor.start();
    s.last().ready();
    await started;
    for (let i = 1; i <= MAX_RESTARTS; i++) {
      s.clock.t += 1000;
      s.last().exit(1);
      expect(s.cores).toHaveLength(i + 1);
      s.last().ready();
      await tick();
      expect(s.restarts).toHaveLength(i);
    }
    s.last().exit(1);
    expect(s.cores).toHaveLength(MAX_RESTARTS + 1);
    expect(s.downs).toEqual([expect.stringMatching(/exited with code 1/)]);
    expect(await s.supervisor.call('state:get', {})).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringMatching(/is down/) } });
  });

  it('counts only the restarts within the last minute', async () => {
    const s = supervised();
    const started = s.supervisor.start();
    s.last().ready();
    await started;
    for (let i = 0; i < MAX_RESTARTS + 2; i++) {
      s.clock.t += RESTART_WINDOW_MS / 2 + 1;
      s.last().exit(1);
      s.last().ready();
      await tick();
    }
    expect(s.downs).toEqual([]);
    expect(s.restarts).toHaveLength(MAX_RESTARTS + 2);
  });

  it('does not restart a core that cannot start: start() rejects with its reason and its process is ended', async () => {
    const s = supervised();
    const started = s.supervisor.start();
    s.last().say({ type: 'failed', message: 'no usable secret store' });
    await expect(started).rejects.toThrow('no usable secret store');
    expect(s.last().child.killed).toBe(1);
    s.last().exit(0);
    expect(s.cores).toHaveLength(1);
  });

  it('asks the core to close, waits for it, then ends its process; a closing core is not restarted', async () => {
    const s = supervised();
    const started = s.supervisor.start();
    s.last().ready();
    await started;
    const closing = s.supervisor.close();
    await tick();
    expect(s.last().toCore).toEqual([{ type: 'close' }]);
    expect(s.last().child.killed).toBe(0);
    s.last().say({ type: 'closed' });
    await closing;
    expect(s.last().child.killed).toBe(1);
    s.last().exit(0);
    expect(s.cores).toHaveLength(1);
    expect(s.downs).toEqual([]);
  });

  it('answers the core’s safeStorage requests with the main process’s store', async () => {
    const s = supervised();
    const started = s.supervisor.start();
    s.last().ready();
    await started;
    // The core's side of the bridge, wired to this supervisor through the scripted port.
    const remote = new RemoteSecretStore((request) => s.last().say(request));
    const relay = setInterval(() => {
      for (const m of s.last().toCore.splice(0)) if ((m as { type: string }).type === 'secret') remote.answered(m as never);
    }, 5);
    try {
      expect(await remote.probe()).toBeNull();
      await remote.set('device-key', 'seed-1');
      expect(await s.store.get('device-key')).toBe('seed-1');
      expect(await remote.get('device-key')).toBe('seed-1');
      expect(await remote.delete('device-key')).toBe(true);
      expect(await remote.get('device-key')).toBeNull();
    } finally {
      clearInterval(relay);
    }
  });
});
