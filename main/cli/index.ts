import { runCli } from './run';

// Entry point of the `commandpost` binary (plain Node, no Electron).
runCli(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  env: process.env,
  stdin: process.stdin.isTTY ? process.stdin : null,
  readInput: process.stdin.isTTY ? undefined : () => readAll(process.stdin),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`commandpost: ${String(err)}\n`);
    process.exitCode = 1;
  },
);

/** Standard input to its end (a piped secret, never a terminal). */
async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  stream.setEncoding('utf8');
  for await (const chunk of stream) text += String(chunk);
  return text;
}
