import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { journalForward } from '../../../main/cli/commands/journalForward';
import { CliContext, UsageError } from '../../../main/cli/context';
import { runCli } from '../../../main/cli/run';
import { cleanupTempDirs, tempDir } from '../../support/demoWorkspace';
import { Receiver } from './receivers';
import { journalIds, siemWorkspace } from './siemWorkspace';

afterAll(cleanupTempDirs);

function sandbox() {
  const home = tempDir('cp-siem-cli-');
  const env = { COMMANDPOST_HOME: join(home, 'config'), COMMANDPOST_SECRET_STORE: 'file', COMMANDPOST_PASSPHRASE: 'correct horse battery staple' };
  let stdout = '';
  let stderr = '';
  const io = { stdout: (t: string) => (stdout += t), stderr: (t: string) => (stderr += t), env, stdin: null };
  return {
    env,
    run: async (...argv: string[]) => {
      stdout = '';
      stderr = '';
      return { code: await journalForward(new CliContext(io), argv), stdout, stderr };
    },
    setSecret: (name: string, value: string) => runCli(['connector', 'secret', 'set', name], { ...io, readInput: async () => value }),
  };
}

describe('commandpost journal forward', () => {
  it('needs a receiver, and a token secret for HEC that is in the secret store', async () => {
    const cli = sandbox();
    await expect(cli.run('--workspace', '/nowhere')).rejects.toThrow(UsageError);
    await expect(cli.run('--hec', 'http://127.0.0.1:1')).rejects.toThrow('--hec needs --hec-token-secret NAME');
    await expect(cli.run('--hec', 'http://127.0.0.1:1', '--hec-token-secret', 'nope')).rejects.toThrow(
      'needs secret nope (commandpost connector secret set nope): it is not in the secret store (account connector:nope)',
    );
    await expect(cli.run('--otlp', 'file:///tmp/x')).rejects.toThrow('--otlp: expected an http:// or https:// URL');
  });

  it('drains to the end, says how far each receiver got, and exits 1 when one refuses', async () => {
    const { dir } = siemWorkspace(30);
    const otlp = await new Receiver('otlp').start();
    const hec = await new Receiver('hec', 'right-token').start();
    try {
      const cli = sandbox();
      expect(await cli.setSecret('splunk', 'wrong-token')).toBe(0);
      const r = await cli.run('--workspace', dir, '--otlp', otlp.url, '--hec', hec.url, '--hec-token-secret', 'splunk');
      expect(r.code).toBe(1);
      const n = journalIds(dir).length;
      expect(r.stdout).toMatch(new RegExp(`^Forwarded ${n} entries to otlp ${otlp.url}/v1/logs; it has everything up to row \\d+\\.$`, 'm'));
      expect(r.stdout).toContain(
        `Forwarding to hec ${hec.url}/services/collector/event stopped after 0 entries, ${n} rows behind (row 0): HTTP 403, HEC code 4 "Invalid token"`,
      );
      expect(r.stderr).toContain(`siem hec ${hec.url}/services/collector/event: stopped, entries after row 0 not forwarded: HTTP 403`);
      expect(r.stdout + r.stderr).not.toContain('wrong-token');
      // Run again: the OTLP receiver has everything, so nothing more goes there.
      const again = await cli.run('--workspace', dir, '--otlp', otlp.url);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain(`Forwarded 0 entries to otlp ${otlp.url}/v1/logs`);
      expect(otlp.ids).toHaveLength(n);
    } finally {
      await otlp.close();
      await hec.close();
    }
  });
});
