import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import type { ActionView } from '../../../shared/api/actionMethods';
import { CliContext, UsageError } from '../../../main/cli/context';
import { serve } from '../../../main/cli/commands/serve';
import { waitUntil } from '../../support/waitUntil';
import { cliSandbox } from '../cli/cliHarness';
import { TestClient, cleanupTempDirs } from './hostHarness';

// `commandpost serve` in this process, as a user runs it: a busy port leaves
// nothing behind; the kiosk token survives a restart and a rotation retires
// it (the old URL gets the stale-token page); the demo's second member, the
// demo approver, approves what the commander requested from a second
// console, signing with their own key.

afterAll(() => cleanupTempDirs());

type Sandbox = ReturnType<typeof cliSandbox>;

function startServe(sandbox: Sandbox, args: string[]) {
  const stdout: string[] = [];
  let stderr = '';
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const ctx = new CliContext({ stdout: (t) => stdout.push(...t.split('\n').filter(Boolean)), stderr: (t) => (stderr += t), env: sandbox.env, stdin: null });
  const done = serve(ctx, args, stopped);
  let ended = false;
  void done.then(
    () => (ended = true),
    (err: unknown) => {
      ended = true;
      stderr += `serve failed: ${String(err)}`;
    },
  );
  const finish = async () => {
    stop();
    return done;
  };
  onTestFinished(async () => {
    await finish().catch(() => undefined);
  });
  return {
    stdout,
    stderr: () => stderr,
    done,
    finish,
    url: async () => {
      const prefix = 'Command Post is serving ';
      await waitUntil(`serve to print its URL; stderr: ${stderr}`, () => stdout.some((l) => l.startsWith(prefix)) || ended, 30_000);
      const line = stdout.find((l) => l.startsWith(prefix));
      if (line === undefined) throw new Error(`serve printed no URL; stderr: ${stderr}`);
      return line.slice(prefix.length);
    },
  };
}

/** A port that is free now (listen on 0, close). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function page(url: string): Promise<{ status: number; body: string }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.text() };
}

const tokenOf = (url: string): string => new URL(url).searchParams.get('token') ?? '';

describe('serve: a busy port', () => {
  it('creates nothing (no workspace, journal or key) and names the port', async () => {
    const sandbox = cliSandbox();
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
    const address = blocker.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const ctx = new CliContext({ stdout: () => undefined, stderr: () => undefined, env: sandbox.env, stdin: null });
    const refused = serve(ctx, ['--demo', '--workspace', sandbox.workspace, '--port', String(address.port)], Promise.resolve());
    await expect(refused).rejects.toThrow(UsageError);
    await expect(refused).rejects.toThrow(`port ${address.port} is in use; choose another with --port N`);
    expect(existsSync(sandbox.workspace)).toBe(false);
    const config = sandbox.env.COMMANDPOST_HOME;
    expect(existsSync(config) ? readdirSync(config) : []).toEqual([]);
  });
});

describe('serve --kiosk-token', () => {
  it('serves the same URL across restarts until --rotate-kiosk-token replaces it; the old URL then gets the stale-token page', async () => {
    const sandbox = cliSandbox();
    const port = String(await freePort());
    const args = ['--workspace', sandbox.workspace, '--port', port];

    const first = startServe(sandbox, [...args, '--demo', '--kiosk-token']);
    const url = await first.url();
    expect((await page(url)).status).toBe(200);
    await first.finish();

    const second = startServe(sandbox, [...args, '--kiosk-token']);
    expect(await second.url()).toBe(url);
    expect((await page(url)).status).toBe(200);
    await second.finish();

    // Without the flag, a fresh token as always: the kiosk URL does not open it.
    const plain = startServe(sandbox, args);
    expect(await plain.url()).not.toBe(url);
    expect((await page(url)).status).toBe(401);
    await plain.finish();

    const rotated = startServe(sandbox, [...args, '--rotate-kiosk-token']);
    const newUrl = await rotated.url();
    expect(newUrl).not.toBe(url);
    const stale = await page(url);
    expect(stale.status).toBe(401);
    expect(stale.body).toContain('access token is not valid for this server');
    expect(stale.body).toContain('--kiosk-token');
    const check = await fetch(`http://127.0.0.1:${port}/access?token=${encodeURIComponent(tokenOf(url))}`);
    expect(check.status).toBe(401);
    expect(await check.json()).toEqual({ access: 'denied', reason: 'invalid' });
    expect((await page(newUrl)).status).toBe(200);
    expect(rotated.stderr()).toContain('Kiosk token replaced');
    await rotated.finish();

    // The token is printed in the URL line only: never in the log, never in the journal.
    for (const s of [first, second, plain, rotated]) {
      expect(s.stderr()).not.toContain(tokenOf(url));
      expect(s.stderr()).not.toContain(tokenOf(newUrl));
      expect(s.stdout.filter((l) => l.includes(tokenOf(newUrl)) || l.includes(tokenOf(url))).length).toBeLessThanOrEqual(1);
    }
    const journal = readFileSync(join(sandbox.workspace, 'journal.sqlite'));
    expect(journal.includes(tokenOf(url))).toBe(false);
    expect(journal.includes(tokenOf(newUrl))).toBe(false);
  });
});

describe('serve --as demo-approver', () => {
  it('lets the demo approver approve what the commander requested, from a second console signed with their own key', async () => {
    const sandbox = cliSandbox();
    const commander = startServe(sandbox, ['--demo', '--workspace', sandbox.workspace, '--port', '0']);
    const commanderUrl = new URL(await commander.url());
    expect(commander.stderr()).toContain(`--workspace ${sandbox.workspace} --as demo-approver`);
    const approver = startServe(sandbox, ['--workspace', sandbox.workspace, '--port', '0', '--as', 'demo-approver']);
    const approverUrl = new URL(await approver.url());
    expect(approverUrl.port).not.toBe(commanderUrl.port);
    expect(approver.stderr()).toContain('Serving as Avery Demo-Approver');

    const ic = await TestClient.connect(`ws://127.0.0.1:${commanderUrl.port}/api?token=${tokenOf(commanderUrl.href)}`);
    const ap = await TestClient.connect(`ws://127.0.0.1:${approverUrl.port}/api?token=${tokenOf(approverUrl.href)}`);
    try {
      const { id } = await ic.value<{ id: string }>('actions:request', {
        connector: 'webhook',
        operation: 'post',
        environment: 'production',
        risk: 'high',
        target: 'https://hooks.example.com/commandpost',
        summary: 'Fail over the acquirer',
        params: { url: 'https://hooks.example.com/commandpost', payload: { text: 'fail over' }, secret: 'webhook' },
      });
      const mine = (await ic.value<{ actions: ActionView[] }>('actions:list')).actions.find((a) => a.id === id);
      expect(mine?.can.approve).toMatch(/you requested it/);

      let seen: ActionView | undefined;
      await waitUntil(
        'the approver console to see the request',
        async () => {
          seen = (await ap.value<{ actions: ActionView[] }>('actions:list')).actions.find((a) => a.id === id);
          return seen !== undefined;
        },
        20_000,
      );
      expect(seen?.can.approve).toBeNull();
      await ap.value('actions:approve', { id, paramsHash: seen?.paramsHash, comment: 'looks right' });

      await waitUntil(
        'the commander to see the approval',
        async () => {
          const a = (await ic.value<{ actions: ActionView[] }>('actions:list')).actions.find((x) => x.id === id);
          return a?.decision?.approvers.some((p) => p.name === 'Avery Demo-Approver') === true;
        },
        20_000,
      );
      const session = await ap.value<{ me: string }>('session:get');
      const members = (await ic.value<{ state: { members: Record<string, { name: string; roles: string[] }> } }>('state:get')).state.members;
      expect(members[session.me]).toMatchObject({ name: 'Avery Demo-Approver', roles: ['approver'] });
    } finally {
      ic.close();
      ap.close();
    }
    await approver.finish();
    await commander.finish();
  });

  it('refuses --as for a workspace without a demo approver key, and any other --as', async () => {
    const sandbox = cliSandbox();
    expect((await sandbox.run('init', '--workspace', sandbox.workspace)).code).toBe(0);
    const ctx = new CliContext({ stdout: () => undefined, stderr: () => undefined, env: sandbox.env, stdin: null });
    await expect(serve(ctx, ['--workspace', sandbox.workspace, '--port', '0', '--as', 'demo-approver'], Promise.resolve())).rejects.toThrow(
      /holds no demo approver key/,
    );
    await expect(serve(ctx, ['--workspace', sandbox.workspace, '--port', '0', '--as', 'someone'], Promise.resolve())).rejects.toThrow(
      /--as takes only demo-approver/,
    );
  });
});
