import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { TestClient, cleanupTempDirs, root, tempDir, withTimeout } from './hostHarness';

afterAll(() => cleanupTempDirs());

const cliEntry = join(root, 'main', 'cli', 'index.ts');
const run = promisify(execFile);

describe('commandpost serve (real processes)', () => {
  it('serves the demo, shows a change the CLI makes from another process live, and stops cleanly on SIGTERM', async () => {
    const home = tempDir('cp-serve-');
    const workspace = join(home, 'ws');
    const env = {
      PATH: process.env.PATH ?? '',
      COMMANDPOST_HOME: join(home, 'config'),
      COMMANDPOST_SECRET_STORE: 'file',
      COMMANDPOST_PASSPHRASE: 'pw-for-tests',
      USER: 'Priya Natarajan',
    };
    const child = spawn(process.execPath, ['--import', 'tsx', cliEntry, 'serve', '--demo', '--workspace', workspace, '--port', '0'], { env, cwd: root });
    // A failed assertion must not leave the server running behind the test run.
    onTestFinished(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const stdoutLines: string[] = [];
    const lines = createInterface({ input: child.stdout });
    const firstLine = new Promise<string>((resolve) =>
      lines.on('line', (line) => {
        stdoutLines.push(line);
        resolve(line);
      }),
    );
    const first = await withTimeout(firstLine, 30_000, `serve to print its URL; stderr: ${stderr}`);
    const match = /^Command Post is serving (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]{43}))$/.exec(first);
    expect(match, first).not.toBeNull();
    const [, , port, token] = match!;
    const client = await TestClient.connect(`ws://127.0.0.1:${port}/api?token=${token}`);
    try {
      const state = await client.value<{ entries: number }>('state:get');
      // The demo (234 entries, with the demo approver: the second member who can approve).
      expect(state.entries).toBe(234);

      // Another process, the CLI, writes to the same journal file.
      const cli = await run(
        process.execPath,
        ['--import', 'tsx', cliEntry, 'service', 'status', 'cdn', 'down', '--reason', 'edge outage', '--workspace', workspace],
        { env, cwd: root },
      );
      expect(cli.stderr).toBe('');
      const event = await withTimeout(client.nextEvent(), 10_000, 'state:changed for the CLI write');
      expect(event.entries).toBe(235);
      expect(event.added).toHaveLength(1);
      expect(event.added[0]!.header.kind).toBe('service.status');
      const after = await client.value<{ state: { services: Record<string, { status: string }> } }>('state:get');
      expect(after.state.services.cdn?.status).toBe('down');
    } finally {
      client.close();
    }
    child.kill('SIGTERM');
    const [code] = (await withTimeout(once(child, 'exit'), 10_000, 'serve to exit')) as [number | null];
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('Created the demo workspace');
    expect(stderr).toContain('Stopped; journal checkpointed and closed.');
    // Exactly two lines: the console URL (format unchanged), then the peer sync / join URL on the same port.
    expect(stdoutLines).toHaveLength(2);
    expect(stdoutLines[0]).toBe(first);
    expect(stdoutLines[1]).toMatch(new RegExp(`^Peer sync at ws://127\\.0\\.0\\.1:${port}/sync\\?ws=[0-9a-f]{32}$`));
  });

  it('rejects a non-loopback --host without --allow-remote, with a clear message', async () => {
    const home = tempDir('cp-serve-');
    const env = { PATH: process.env.PATH ?? '', COMMANDPOST_HOME: join(home, 'config'), COMMANDPOST_SECRET_STORE: 'file', COMMANDPOST_PASSPHRASE: 'pw' };
    const r = await run(process.execPath, ['--import', 'tsx', cliEntry, 'serve', '--demo', '--workspace', join(home, 'ws'), '--host', '0.0.0.0'], {
      env,
      cwd: root,
    }).then(
      () => null,
      (err: { code: number; stderr: string; stdout: string }) => err,
    );
    expect(r).not.toBeNull();
    expect(r!.code).toBe(1);
    expect(r!.stdout).toBe('');
    expect(r!.stderr).toMatch(/refusing to listen on 0\.0\.0\.0.*--allow-remote/s);
  });
});
