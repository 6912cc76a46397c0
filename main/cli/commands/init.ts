import { parseArgs } from 'node:util';
import { fetchGenesis, joinWorkspace, PeerStore, parsePeerUrl } from '../../sync';
import { DEMO_APPROVER, DEMO_APPROVER_AS, Workspace, createDemoWorkspace, resourcesDir } from '../../workspace';
import type { CliContext } from '../context';
import { UsageError } from '../context';
import { summaryText } from '../summary';

export const initHelp = `commandpost init [--workspace DIR] [--name NAME] [--as YOUR_NAME] [--demo]
  Create a workspace with a genesis entry; you (this device) become its admin.
  Creates this device's identity first if it has none (key kept in the OS keychain,
  or in a passphrase-encrypted file: set COMMANDPOST_PASSPHRASE on machines without one).
  --demo  also load the bundled demo catalog (41 services, 8 teams) and a live incident.
commandpost init --join URL [--insecure] [--workspace DIR] [--as YOUR_NAME]
  Start this device's copy of another device's workspace. URL is the "Peer sync at
  wss://…/sync?ws=ID" (or ws://) line its \`commandpost serve\` prints; only the genesis entry is
  fetched (checked against ID), the peer is listed, and the rest arrives by sync once an admin
  has added this device (the command to give them is printed). --insecure: plain ws:// off loopback.`;

export async function init(ctx: CliContext, argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      workspace: { type: 'string' },
      name: { type: 'string' },
      as: { type: 'string' },
      demo: { type: 'boolean' },
      join: { type: 'string' },
      insecure: { type: 'boolean' },
    },
    strict: true,
  });
  const dir = ctx.workspaceDir(values.workspace);
  if (values.join !== undefined) {
    if (values.demo || values.name !== undefined) throw new UsageError('--join takes the workspace as it is: no --demo or --name');
    return join(ctx, dir, values.join, values.insecure === true, values.as);
  }
  const me = await ctx.identity(true);
  if (values.demo) {
    const made = await createDemoWorkspace({
      dir,
      name: values.name,
      creatorName: values.as ?? ctx.io.env.USER ?? 'Incident commander',
      signer: me.signer,
      vault: me.store,
      resources: resourcesDir(ctx.io.env),
      clock: ctx.clock,
    });
    ctx.out(`Created workspace "${made.name}" (${made.id}) in ${dir}`);
    ctx.out(`You are its admin: ${me.publicKey} (key in ${me.store.description})`);
    ctx.out(
      `${made.entries} journal entries; the second member, ${DEMO_APPROVER.name}, approves from \`commandpost serve --workspace ${dir} --as ` +
        `${DEMO_APPROVER_AS}\`.`,
    );
    const ws = await ctx.openAsMe(dir);
    try {
      ctx.out(`\n${summaryText(ws.state, ctx.clock.now())}`);
    } finally {
      ws.close();
    }
    return 0;
  }
  const ws = Workspace.create({
    dir,
    name: values.name ?? 'Command Post workspace',
    creatorName: values.as ?? ctx.io.env.USER ?? 'Incident commander',
    signer: me.signer,
    clock: ctx.clock,
  });
  try {
    ctx.out(`Created workspace "${ws.name}" (${ws.id}) in ${dir}`);
    ctx.out(`You are its admin: ${me.publicKey} (key in ${me.store.description})`);
    ctx.out(`${ws.store.count()} journal entries.`);
  } finally {
    ws.close();
  }
  return 0;
}

async function join(ctx: CliContext, dir: string, url: string, insecure: boolean, as: string | undefined): Promise<number> {
  const peerUrl = parsePeerUrl(url, insecure); // before creating anything: a refused URL leaves no trace
  const me = await ctx.identity(true);
  const genesis = await fetchGenesis(peerUrl, { insecure });
  const ws = joinWorkspace({ dir, genesis, signer: me.signer, clock: ctx.clock });
  try {
    new PeerStore(ws.store.db).add(peerUrl, insecure, ctx.clock.now());
    const name = as ?? ctx.io.env.USER ?? 'NAME';
    ctx.out(`Joined workspace "${ws.name}" (${ws.id}) in ${dir}; peer ${peerUrl} is listed.`);
    ctx.out(`This device: ${me.publicKey} (key in ${me.store.description})`);
    ctx.out('An admin of the workspace must add it before peers serve it anything. On their device:');
    ctx.out(`  commandpost member add --key ${me.publicKey} --name ${JSON.stringify(name)} --role responder`);
    ctx.out('Then run `commandpost serve` here: it syncs with the peer and keeps syncing.');
  } finally {
    ws.close();
  }
  return 0;
}
