import { spawn } from 'node:child_process';
import { z } from 'zod';
import { ConnectorParamsError, failure, parseParams, success, type Connector, type ConnectorResult, type ExecuteContext } from './connector';
import { scrubResult } from './secrets';

// Local commands from an allowlist. The allowlist (device configuration, not
// the journal) fixes the program and its leading arguments; an action names
// an entry and may add arguments only where the entry allows, each checked
// against the entry's pattern. spawn() gets an argv array with shell: false,
// so no argument is ever interpreted by a shell.

export interface AllowedCommand {
  /** Program and fixed arguments, e.g. ["/usr/local/bin/flush-cache", "--region"]. */
  argv: readonly string[];
  /** Extra arguments an action may append, each matching this (anchored) pattern. */
  extraArgs?: { pattern: string; max: number };
  timeoutMs?: number;
  cwd?: string;
  /** Environment for the child; the parent's is NOT inherited (only PATH), so secrets in it do not leak. */
  env?: Readonly<Record<string, string>>;
}

export interface CommandConfig {
  allowlist: Readonly<Record<string, AllowedCommand>>;
}

export const CommandParams = z.strictObject({
  operation: z.literal('run'),
  command: z.string().min(1).max(100),
  args: z.array(z.string().max(1000)).max(50).default([]),
});
export type CommandParams = z.output<typeof CommandParams>;

const OUTPUT_LIMIT = 64 * 1024;
const DEFAULT_TIMEOUT_MS = 60_000;

/** The argv an action would run, or why it may not. */
export function commandArgv(config: CommandConfig, p: CommandParams): string[] | string {
  const entry = Object.hasOwn(config.allowlist, p.command) ? config.allowlist[p.command] : undefined;
  if (entry === undefined || entry.argv.length === 0) return `command ${JSON.stringify(p.command)} is not on the allowlist`;
  if (p.args.length > 0) {
    const extra = entry.extraArgs;
    if (extra === undefined) return `command ${p.command} takes no extra arguments`;
    if (p.args.length > extra.max) return `command ${p.command} takes at most ${extra.max} extra arguments`;
    const re = new RegExp(`^(?:${extra.pattern})$`);
    const bad = p.args.find((a) => !re.test(a));
    if (bad !== undefined) return `argument ${JSON.stringify(bad)} is not allowed for ${p.command}`;
  }
  return [...entry.argv, ...p.args];
}

function run(argv: string[], entry: AllowedCommand, signal: AbortSignal | undefined): Promise<ConnectorResult> {
  return new Promise((resolve) => {
    const [program, ...args] = argv as [string, ...string[]];
    const timeoutMs = entry.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const child = spawn(program, args, {
      shell: false,
      cwd: entry.cwd,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...entry.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(signal === undefined ? {} : { signal }),
    });
    let stdout = '';
    let stderr = '';
    const take = (acc: string, chunk: Buffer) => (acc.length >= OUTPUT_LIMIT ? acc : (acc + chunk.toString('utf8')).slice(0, OUTPUT_LIMIT));
    child.stdout.on('data', (c: Buffer) => (stdout = take(stdout, c)));
    child.stderr.on('data', (c: Buffer) => (stderr = take(stderr, c)));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      // Not retryable: a local command may not be idempotent, and a missing program stays missing.
      resolve(failure(signal?.aborted ? 'aborted' : 'config', `cannot run ${program}: ${(err as NodeJS.ErrnoException).code ?? err.message}`));
    });
    child.on('close', (code, sig) => {
      clearTimeout(timer);
      const data = { exitCode: code, stdout, stderr };
      if (timedOut)
        resolve(failure('timeout', `${program} did not finish within ${timeoutMs} ms and was killed`, { vendorMessage: stderr.slice(-500) || null }));
      else if (code === 0) resolve(success(`${program} exited 0`, { data }));
      else
        resolve(
          failure('exit', `${program} exited ${code ?? `on ${sig}`}${stderr.trim() === '' ? '' : `: ${stderr.trim().split('\n').slice(-1)[0]}`}`, {
            vendorMessage: stderr.slice(-2000) || null,
          }),
        );
    });
  });
}

export function commandConnector(config: CommandConfig): Connector<CommandParams> {
  return {
    id: 'command',
    operations: ['run'],
    params: CommandParams,
    validate(params) {
      const p = parseParams('command', CommandParams, params);
      const argv = commandArgv(config, p);
      if (typeof argv === 'string') throw new ConnectorParamsError('command', 'command', argv);
      return p;
    },
    preview(p) {
      const argv = commandArgv(config, p);
      if (typeof argv === 'string') return { text: `Will not run: ${argv}`, request: null };
      return { text: `Run ${JSON.stringify(argv)} on the executing device (no shell)`, request: null, argv };
    },
    async execute(p, ctx: ExecuteContext) {
      const argv = commandArgv(config, p);
      if (typeof argv === 'string') return failure('invalid', argv);
      const entry = config.allowlist[p.command] as AllowedCommand;
      const result = await run(argv, entry, ctx.signal);
      return scrubResult(result, Object.values(entry.env ?? {}));
    },
  };
}
