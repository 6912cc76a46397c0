import { parseArgs } from 'node:util';
import { Workspace, loadDemo, resourcesDir } from '../../workspace';
import type { CliContext } from '../context';
import { summaryText } from '../summary';

export const initHelp = `commandpost init [--workspace DIR] [--name NAME] [--as YOUR_NAME] [--demo]
  Create a workspace with a genesis entry; you (this device) become its admin.
  Creates this device's identity first if it has none (key kept in the OS keychain,
  or in a passphrase-encrypted file: set COMMANDPOST_PASSPHRASE on machines without one).
  --demo  also load the bundled demo catalog (41 services, 8 teams) and a live incident.`;

export async function init(ctx: CliContext, argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { workspace: { type: 'string' }, name: { type: 'string' }, as: { type: 'string' }, demo: { type: 'boolean' } },
    strict: true,
  });
  const dir = ctx.workspaceDir(values.workspace);
  const me = await ctx.identity(true);
  const ws = Workspace.create({
    dir,
    name: values.name ?? (values.demo ? 'Online shop (demo)' : 'Command Post workspace'),
    creatorName: values.as ?? ctx.io.env.USER ?? 'Incident commander',
    signer: me.signer,
    clock: ctx.clock,
  });
  try {
    if (values.demo) loadDemo(ws, resourcesDir(ctx.io.env), ctx.clock);
    ctx.out(`Created workspace "${ws.name}" (${ws.id}) in ${dir}`);
    ctx.out(`You are its admin: ${me.publicKey} (key in ${me.store.description})`);
    ctx.out(`${ws.store.count()} journal entries.`);
    if (values.demo) ctx.out(`\n${summaryText(ws.state, ctx.clock.now())}`);
  } finally {
    ws.close();
  }
  return 0;
}
