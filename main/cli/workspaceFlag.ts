import { UsageError } from './context';

// Every command takes --workspace DIR, except those that act on this machine
// rather than on a workspace: they refuse the flag and say why, instead of
// ignoring it or failing on an unknown option.

/** Command, or "command subcommand", that refuses --workspace, with the reason shown to the user. */
export const MACHINE_COMMANDS: Readonly<Record<string, string>> = {
  identity: 'the device key is per machine',
  'connector secret': 'connector secrets are kept per machine, in its secret store',
};

/** Throws a UsageError when `argv` (the command's arguments) carries --workspace for a command that works per machine. */
export function refuseMachineWorkspace(name: string, argv: readonly string[]): void {
  const end = argv.indexOf('--');
  const options = end === -1 ? argv : argv.slice(0, end);
  if (!options.some((arg) => arg === '--workspace' || arg.startsWith('--workspace='))) return;
  const sub = argv[0] !== undefined && !argv[0].startsWith('-') ? argv[0] : undefined;
  const reason = (sub !== undefined ? MACHINE_COMMANDS[`${name} ${sub}`] : undefined) ?? MACHINE_COMMANDS[name];
  if (reason === undefined) return;
  throw new UsageError(`${sub !== undefined ? `${name} ${sub}` : name} does not take --workspace: ${reason}`);
}
