import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { get as httpsGet } from 'node:https';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatFingerprint } from '../../../shared/sync';
import { CliContext } from '../../../main/cli/context';
import { serve } from '../../../main/cli/commands/serve';
import { TLS_CERTIFICATE_FILE } from '../../../main/identity';
import { cliSandbox } from '../cli/cliHarness';
import { cleanupTempDirs } from '../host/hostHarness';
import { waitUntil } from '../../support/waitUntil';

// The whole wss:// path through the CLI, in one process: two devices, each
// with its own config dir and secret store, each running `commandpost serve
// --tls` (real https and wss on loopback, each with the certificate its
// device made for itself); B joins A with `init --join wss://…`, A's admin
// adds B, and an incident opened on A is stored on B.

afterAll(() => cleanupTempDirs());

const waitFor = (what: string, cond: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> => waitUntil(what, cond, ms);

/** `commandpost serve ARGS` in this process, as the device of `sandbox`, until stop() is called. */
function startServe(sandbox: ReturnType<typeof cliSandbox>, args: string[]) {
  const stdout: string[] = [];
  let stderr = '';
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const ctx = new CliContext({ stdout: (t) => stdout.push(...t.split('\n').filter(Boolean)), stderr: (t) => (stderr += t), env: sandbox.env, stdin: null });
  const done = serve(ctx, args, stopped);
  return {
    stdout,
    stderr: () => stderr,
    done,
    stop,
    line: async (prefix: string) => {
      await waitFor(`serve to print "${prefix}"; stderr: ${stderr}`, () => stdout.some((l) => l.startsWith(prefix)));
      return stdout.find((l) => l.startsWith(prefix))!.slice(prefix.length);
    },
  };
}

function httpsStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    httpsGet(url, { rejectUnauthorized: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on('error', reject);
  });
}

describe('commandpost serve --tls: peers over wss://', () => {
  it('init --join wss://, member add, and an entry written on one host is stored on the other', async () => {
    const a = cliSandbox();
    const b = cliSandbox();
    const wsA = a.workspace;
    const wsB = b.workspace;
    expect((await a.run('init', '--workspace', wsA, '--name', 'War room', '--as', 'Alex')).code).toBe(0);
    const hostA = startServe(a, ['--workspace', wsA, '--port', '0', '--tls']);
    let hostB: ReturnType<typeof startServe> | null = null;
    try {
      const consoleA = await hostA.line('Command Post is serving ');
      const syncA = await hostA.line('Peer sync at ');
      expect(consoleA).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
      expect(syncA).toMatch(/^wss:\/\/127\.0\.0\.1:\d+\/sync\?ws=[0-9a-f]{32}$/);
      // The console is https with the device's certificate, whose fingerprint serve printed.
      expect(await httpsStatus(consoleA.replace(/\/\?token=.*/, '/api'))).toBe(426);
      const certA = new X509Certificate(readFileSync(join(a.env.COMMANDPOST_HOME, TLS_CERTIFICATE_FILE)));
      expect(hostA.stderr()).toContain(`TLS certificate sha256 ${certA.fingerprint256}`);
      expect(certA.fingerprint256).toBe(formatFingerprint(certA.fingerprint256.replace(/:/g, '').toLowerCase()));

      const joined = await b.run('init', '--join', syncA, '--workspace', wsB, '--as', 'Blake');
      expect(joined.stderr).toBe('');
      expect(joined.code).toBe(0);
      const key = /--key ([A-Za-z0-9_-]{43})/.exec(joined.stdout)?.[1];
      expect(key, joined.stdout).toBeDefined();
      expect((await a.run('member', 'add', '--key', key!, '--name', 'Blake', '--role', 'responder', '--workspace', wsA)).code).toBe(0);

      hostB = startServe(b, ['--workspace', wsB, '--port', '0', '--tls']);
      expect(await hostB.line('Peer sync at ')).toMatch(/^wss:\/\//);
      const opened = await a.run('incident', 'open', '--title', 'Checkout failing over TLS', '--severity', '1', '--workspace', wsA);
      expect(opened.code).toBe(0);
      await waitFor('the incident to reach B', async () => (await b.run('status', '--workspace', wsB)).stdout.includes('Checkout failing over TLS'));

      // B's host writes the link's status where `peer list` reads it: connected, over wss, not flagged insecure.
      let list = '';
      await waitFor('peer list to show the link', async () => /^connected /m.test((list = (await b.run('peer', 'list', '--workspace', wsB)).stdout)));
      expect(list).toMatch(/^connected .* wss:\/\/127\.0\.0\.1:\d+\/sync\?ws=[0-9a-f]{32}$/m);
      expect(list).not.toContain('insecure');
    } finally {
      hostB?.stop();
      hostA.stop();
      expect(await hostA.done).toBe(0);
      if (hostB !== null) expect(await hostB.done).toBe(0);
    }
  }, 120_000);

  it('serves TLS by default off loopback, plain only with --insecure, and refuses --tls with --insecure', async () => {
    const a = cliSandbox();
    expect((await a.run('init', '--workspace', a.workspace)).code).toBe(0);
    const remote = startServe(a, ['--workspace', a.workspace, '--port', '0', '--host', '0.0.0.0', '--allow-remote']);
    try {
      expect(await remote.line('Command Post is serving ')).toMatch(/^https:\/\//);
      expect(await remote.line('Peer sync at ')).toMatch(/^wss:\/\//);
    } finally {
      remote.stop();
      expect(await remote.done).toBe(0);
    }
    const plain = startServe(a, ['--workspace', a.workspace, '--port', '0', '--host', '0.0.0.0', '--allow-remote', '--insecure']);
    try {
      expect(await plain.line('Command Post is serving ')).toMatch(/^http:\/\//);
      expect(await plain.line('Peer sync at ')).toMatch(/^ws:\/\//);
      expect(plain.stderr()).not.toContain('TLS certificate');
    } finally {
      plain.stop();
      expect(await plain.done).toBe(0);
    }
    const both = await a.run('serve', '--workspace', a.workspace, '--tls', '--insecure');
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--tls and --insecure contradict each other');
  }, 60_000);
});
