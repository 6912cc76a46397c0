import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatFingerprint } from '../../../shared/sync';
import type { Signer } from '../../../shared/journal';
import { checkBindAddress, isLoopbackHost, kioskToken, portAvailable, startHost, type RunningHost } from '../../host';
import { loadOrCreateDeviceCertificate, type DeviceIdentity } from '../../identity';
import { DEMO_APPROVER, DEMO_APPROVER_AS, JOURNAL_FILE, Workspace, createDemoWorkspace, demoApproverSigner, resourcesDir } from '../../workspace';
import type { CliContext } from '../context';
import { lazySecrets } from './dispatch';
import { federationHelp, federationOptions, federationTarget } from './serveFederation';
import { siemFromFlags, siemHelp, siemOptions, startSiem } from './serveSiem';
import { archiveHelp, archiveOptions, archivePlan, startArchive } from './serveArchive';
import { UsageError } from '../context';

export const serveHelp = `commandpost serve [--workspace DIR] [--port N] [--host ADDR] [--allow-remote] [--tls | --insecure] [--demo]
                  [--kiosk-token | --rotate-kiosk-token] [--as demo-approver]
                  [--federate nats://HOST:PORT [--federate-domain NAME] [--federate-secret NAME] [--federate-ca FILE]]
                  [--siem-otlp URL] [--siem-hec URL --siem-hec-token-secret NAME] [--archive-to s3://BUCKET/PREFIX [--archive-every AGE]]
  Serve the console to a browser and its API over WebSocket, signing as this device, and be
  the room's relay peer: peers sync at /sync on the same port, and every listed peer is dialled.
  Prints "Command Post is serving URL", where URL carries a fresh access token, then
  "Peer sync at wss://HOST:PORT/sync?ws=ID" (ws:// on loopback; what \`peer add\` and \`init --join\` take);
  runs until Ctrl+C / SIGTERM. --port: default 4600, or any free port if 4600 is taken; a port given
  with --port (or the kiosk's) must be free, checked before anything is created.
  --host: default 127.0.0.1; other addresses need --allow-remote (anyone with the URL acts as you),
  and are served over https:// and wss:// with this device's self-signed certificate (made once, key
  in the secret store; browsers warn, peers check it against the device key in the handshake).
  --tls: the same on loopback. --insecure: plain http:// and ws:// off loopback instead (readable on the path).
  --demo: create the demo workspace first if DIR has no journal yet, with a second member, the demo
  approver, whose key this device keeps in its secret store.
  --as demo-approver: serve the console as that demo approver instead of this device (a second window
  on another port, no peer sync, no dispatching): the way to see a full approval on one machine.
  --kiosk-token: use this workspace's stable token, kept in the secret store (made on first use), so
  a room display's URL survives restarts. --rotate-kiosk-token: replace it; old URLs stop working.
  Serve also executes: actions this device executes go out once the policy allows them
  (connectors from <workspace>/dispatch.yaml, secrets from the secret store), playbook runs it
  started move on, and, when it facilitates an exercise, injects fire on the simulated clock.
${federationHelp}
${siemHelp}
${archiveHelp}`;

const DEFAULT_PORT = 4600;

function parsePort(text: string | undefined): number | null {
  if (text === undefined) return null;
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) throw new UsageError(`--port must be 0-65535, not ${JSON.stringify(text)}`);
  return Number(text);
}

/**
 * Resolves on the first SIGINT or SIGTERM. Later ones are swallowed until
 * `release` runs: Ctrl+C reaches every process of the terminal's group, so
 * under `npm start` serve gets the signal twice (from the terminal and from
 * the start script passing it on), and the default action of the second
 * would kill it before the journal is checkpointed and closed.
 */
function untilSignal(): { signalled: Promise<string>; release: () => void } {
  let first: ((signal: string) => void) | null = null;
  const onSignal = (signal: string) => {
    first?.(signal);
    first = null;
  };
  const signalled = new Promise<string>((resolve) => {
    first = resolve;
  });
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signalled,
    release: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/** The port to listen on, found free before anything is created; a busy default falls back to any free port unless a kiosk needs it. */
async function choosePort(ctx: CliContext, bind: string, asked: number | null, kiosk: boolean): Promise<number> {
  const wanted = asked ?? DEFAULT_PORT;
  if (wanted === 0 || (await portAvailable(bind, wanted))) return wanted;
  if (asked !== null || kiosk) throw new UsageError(`port ${wanted} is in use; choose another with --port N`);
  ctx.warn(`Port ${DEFAULT_PORT} is in use; serving on a free port instead.`);
  return 0;
}

/** The demo workspace, with its second member: the demo approver, whose key goes to this device's secret store. */
async function createDemo(ctx: CliContext, dir: string, me: DeviceIdentity): Promise<void> {
  await createDemoWorkspace({
    dir,
    creatorName: ctx.io.env.USER ?? 'Incident commander',
    signer: me.signer,
    vault: me.store,
    resources: resourcesDir(ctx.io.env),
    clock: ctx.clock,
  });
  ctx.warn(`Created the demo workspace in ${dir}`);
  ctx.warn(
    `To approve a request as its second member, ${DEMO_APPROVER.name}, open a second console: commandpost serve --workspace ${dir} --as ${DEMO_APPROVER_AS}`,
  );
}

async function approverSigner(ctx: CliContext, dir: string, me: DeviceIdentity): Promise<Signer> {
  const ws = Workspace.open({ dir, clock: ctx.clock });
  const id = ws.id;
  ws.close();
  return demoApproverSigner(me.store, id, dir);
}

/** `stopped` ends the command (tests pass their own); by default the first SIGINT or SIGTERM. */
export async function serve(ctx: CliContext, argv: string[], stopped?: Promise<unknown>): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      workspace: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      'allow-remote': { type: 'boolean' },
      insecure: { type: 'boolean' },
      tls: { type: 'boolean' },
      demo: { type: 'boolean' },
      'kiosk-token': { type: 'boolean' },
      'rotate-kiosk-token': { type: 'boolean' },
      as: { type: 'string' },
      ...federationOptions,
      ...siemOptions,
      ...archiveOptions,
    },
    strict: true,
  });
  const port = parsePort(values.port);
  const bind = values.host ?? '127.0.0.1';
  const allowRemote = values['allow-remote'] === true;
  const insecure = values.insecure === true;
  if (insecure && values.tls === true) throw new UsageError('--tls and --insecure contradict each other: --insecure serves plain http:// and ws://');
  checkBindAddress(bind, allowRemote); // before anything is created
  // Off loopback, TLS unless told otherwise: the token in the console URL and the entries must not cross the network in clear.
  const tls = values.tls === true || (!isLoopbackHost(bind) && !insecure);
  const rotate = values['rotate-kiosk-token'] === true;
  const kiosk = rotate || values['kiosk-token'] === true;
  if (values.as !== undefined && values.as !== DEMO_APPROVER_AS)
    throw new UsageError(`--as takes only ${DEMO_APPROVER_AS} (the demo's second member), not ${JSON.stringify(values.as)}`);
  const asApprover = values.as === DEMO_APPROVER_AS;
  if (asApprover && values.federate !== undefined) throw new UsageError(`--federate relays this device's room; the ${DEMO_APPROVER_AS} console does not sync`);
  const dir = ctx.workspaceDir(values.workspace);
  if (asApprover && !existsSync(join(dir, JOURNAL_FILE)))
    throw new UsageError(`--as ${DEMO_APPROVER_AS} serves an existing demo workspace; ${dir} has no journal (run \`commandpost serve --demo\` first)`);
  // Before any workspace, journal or key is created: a busy port must leave nothing behind.
  const listenPort = await choosePort(ctx, bind, port, kiosk);
  const demo = values.demo === true && !existsSync(join(dir, JOURNAL_FILE));
  const me = await ctx.identity(demo);
  if (demo) await createDemo(ctx, dir, me);
  const signer = asApprover ? await approverSigner(ctx, dir, me) : me.signer;
  const federate = await federationTarget(ctx, values);
  const siemSinks = await siemFromFlags(ctx, values);
  const archive = await archivePlan(ctx, values);
  const certificate = tls ? await loadOrCreateDeviceCertificate({ configDir: ctx.configDir, device: me, clock: ctx.clock, log: (m) => ctx.warn(m) }) : null;
  const options = {
    workspaceDir: dir,
    signer,
    clock: ctx.clock,
    host: bind,
    allowRemote,
    syncInsecure: insecure,
    ...(certificate !== null ? { tls: certificate } : {}),
    log: (line: string) => ctx.warn(line),
    // The kiosk's token is read (or made) once the workspace id is known; it is printed only in the URL line.
    ...(kiosk ? { token: (workspaceId: string) => kioskToken(me.store, workspaceId, rotate) } : {}),
    // The demo approver's window is a second console on this device's journal: this device's own serve syncs and dispatches.
    ...(asApprover ? { sync: false } : { secrets: lazySecrets(ctx) }),
    ...(federate !== undefined ? { federate } : {}),
    ...(ctx.io.env.COMMANDPOST_RENDERER ? { staticDir: ctx.io.env.COMMANDPOST_RENDERER } : {}),
  };
  const signals = stopped === undefined ? untilSignal() : null;
  const stop = stopped ?? signals!.signalled;
  let host: RunningHost;
  try {
    host = await startHost({ ...options, port: listenPort });
  } catch (err) {
    signals?.release();
    if ((err as { code?: string }).code !== 'EADDRINUSE') throw err;
    throw new UsageError(`port ${listenPort} is in use; choose another with --port N`);
  }
  const siem = startSiem(ctx, siemSinks, { workspaceDir: dir, device: signer.publicKey, feed: host.feed });
  // The archive is signed by this device (the manifest says who archived), whoever the console serves as.
  const archiving = startArchive(ctx, archive, { workspaceDir: dir, signer: me.signer });
  ctx.out(`Command Post is serving ${host.url}`);
  if (host.syncUrl !== null) ctx.out(`Peer sync at ${host.syncUrl}`);
  if (federate !== undefined) ctx.out(`Federating through ${federate.label}${federate.domain !== null ? ` (JetStream domain ${federate.domain})` : ''}`);
  if (asApprover) ctx.warn(`Serving as ${DEMO_APPROVER.name} (the demo approver), not as this device: approvals from this console are signed with their key.`);
  if (kiosk)
    ctx.warn(
      rotate
        ? 'Kiosk token replaced: URLs made with the old one no longer work.'
        : 'Kiosk token: this URL stays the same across restarts (--rotate-kiosk-token replaces it).',
    );
  if (certificate !== null) {
    ctx.warn(
      `TLS certificate sha256 ${formatFingerprint(certificate.fingerprint)}: self-signed, so a browser warns (compare this fingerprint); peers ` +
        `check it against this device's key.`,
    );
  }
  ctx.warn(`Workspace ${dir}; press Ctrl+C to stop.`);
  await stop;
  try {
    await siem?.stop();
    await archiving?.stop();
    await host.close();
  } finally {
    signals?.release();
  }
  ctx.warn('Stopped; journal checkpointed and closed.');
  return 0;
}
