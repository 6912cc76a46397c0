import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../main/cli/run';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A CLI bound to a fresh config dir, keeping its key in the passphrase file store. */
export function cliSandbox(extraEnv: Record<string, string> = {}) {
  const home = mkdtempSync(join(tmpdir(), 'cp-cli-'));
  const env = {
    PATH: process.env.PATH,
    COMMANDPOST_HOME: join(home, 'config'),
    COMMANDPOST_SECRET_STORE: 'file',
    COMMANDPOST_PASSPHRASE: 'correct horse battery staple',
    USER: 'Priya Natarajan',
    ...extraEnv,
  };
  return {
    home,
    env,
    workspace: join(home, 'ws'),
    async run(...argv: string[]): Promise<CliResult> {
      let stdout = '';
      let stderr = '';
      const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env, stdin: null });
      return { code, stdout, stderr };
    },
  };
}
