import { runCli } from './run';

// Entry point of the `commandpost` binary (plain Node, no Electron).
runCli(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  env: process.env,
  stdin: process.stdin.isTTY ? process.stdin : null,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`commandpost: ${String(err)}\n`);
    process.exitCode = 1;
  },
);
