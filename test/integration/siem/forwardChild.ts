import { CliContext } from '../../../main/cli/context';
import { journalForward } from '../../../main/cli/commands/journalForward';

// `commandpost journal forward` in a process of its own, so a test can kill -9
// it mid-stream. (The command is reached through journalForward directly until
// the CLI's command table routes `journal forward` to it.)

const ctx = new CliContext({
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  env: process.env,
  stdin: null,
});
process.exitCode = await journalForward(ctx, process.argv.slice(2));
