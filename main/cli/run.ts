import { catalog, catalogHelp } from './commands/catalog';
import { identity, identityHelp } from './commands/identity';
import { init, initHelp } from './commands/init';
import { incidentHelp, status, write } from './commands/incident';
import { journal, journalHelp } from './commands/journal';
import { journalForward, journalForwardHelp } from './commands/journalForward';
import { member, memberHelp } from './commands/member';
import { CliContext, UsageError, type CliIo } from './context';
import { protectKeyArgs } from './keyArgs';
import { errorText } from './errorText';
import { refuseMachineWorkspace } from './workspaceFlag';
import { serve, serveHelp } from './commands/serve';
import { policy, policyHelp } from './commands/policy';
import { action, actionHelp } from './commands/action';
import { connector, connectorHelp } from './commands/connector';
import { playbook, playbookHelp } from './commands/playbook';
import { exercise, exerciseHelp } from './commands/exercise';
import { report, reportHelp } from './commands/report';
import { peer, peerHelp } from './commands/peer';
import { ics, icsHelp } from './commands/ics';

const VERSION = '0.1.0';

export const HELP = `Command Post ${VERSION}: incident command console (CLI)

Usage: commandpost <command> [options]

${initHelp}

${identityHelp}

${memberHelp}

${incidentHelp}

${icsHelp}

${journalHelp}

${journalForwardHelp}

${catalogHelp}

${policyHelp}

${actionHelp}

${connectorHelp}

${playbookHelp}

${exerciseHelp}

${reportHelp}

${serveHelp}

${peerHelp}

Environment:
  COMMANDPOST_HOME          configuration directory (default: the OS app-data directory)
  COMMANDPOST_WORKSPACE     workspace directory (default: <config>/workspaces/default)
  COMMANDPOST_SECRET_STORE  keytar | file: force where the device key is kept
  COMMANDPOST_PASSPHRASE    passphrase for the encrypted key file (machines without a keychain)`;

type Command = (ctx: CliContext, argv: string[]) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  init,
  identity,
  member,
  journal: (ctx, argv) => (argv[0] === 'forward' ? journalForward(ctx, argv.slice(1)) : journal(ctx, argv)),
  catalog,
  serve,
  peer,
  policy,
  action,
  connector,
  playbook,
  exercise,
  report,
  status,
  ics,
  incident: (ctx, argv) => write(ctx, 'incident', argv),
  service: (ctx, argv) => write(ctx, 'service', argv),
  task: (ctx, argv) => write(ctx, 'task', argv),
  note: (ctx, argv) => write(ctx, 'note', argv),
};

/** Every command name `commandpost` accepts (tests iterate over them). */
export const COMMAND_NAMES: readonly string[] = Object.keys(COMMANDS);

/** Run one CLI invocation; returns the exit code. Errors are printed, never thrown. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(`${HELP}\n`);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    io.stderr(`commandpost: unknown command ${JSON.stringify(name)}; see \`commandpost --help\`\n`);
    return 2;
  }
  try {
    refuseMachineWorkspace(name, rest);
    return await command(new CliContext(io), protectKeyArgs(rest));
  } catch (err) {
    const code = err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : '';
    const usage = err instanceof UsageError || code.startsWith('ERR_PARSE_ARGS');
    // The one place a failure gets its "commandpost NAME:" prefix; errorText never doubles it.
    io.stderr(`${errorText(name, err)}\n`);
    if (io.env.COMMANDPOST_DEBUG && err instanceof Error) io.stderr(`${err.stack ?? ''}\n`);
    return usage ? 2 : 1;
  }
}
