import { ManualClock } from '../../../shared/clock';
import { runCli } from '../../../main/cli/run';
import { cliSandbox, type CliResult } from '../cli/cliHarness';
import { T0 } from '../journal/helpers';

/** A CLI sandbox whose commands all read one manual clock, so entries can be aged. */
export function clockedCli() {
  const sandbox = cliSandbox();
  const clock = new ManualClock(T0);
  return {
    ...sandbox,
    clock,
    async run(...argv: string[]): Promise<CliResult> {
      let stdout = '';
      let stderr = '';
      const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: sandbox.env, stdin: null, clock });
      return { code, stdout, stderr };
    },
  };
}

export const DAY = 86_400_000;
