import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatFingerprint } from '../../../shared/sync';
import { checkBindAddress, isLoopbackHost, startHost, type RunningHost } from '../../host';
import { loadOrCreateDeviceCertificate } from '../../identity';
import { JOURNAL_FILE, Workspace, loadDemo, resourcesDir } from '../../workspace';
import type { CliContext } from '../context';
import { lazySecrets } from './dispatch';
import { UsageError } from '../context';

export const serveHelp = `commandpost serve [--workspace DIR] [--port N] [--host ADDR] [--allow-remote] [--tls | --insecure] [--demo]
  Serve the console to a browser and its API over WebSocket, signing as this device, and be
  the room's relay peer: peers sync at /sync on the same port, and every listed peer is dialled.
  Prints "Command Post is serving URL", where URL carries a fresh access token, then
  "Peer sync at wss://HOST:PORT/sync?ws=ID" (ws:// on loopback; what \`peer add\` and \`init --join\` take);
  runs until Ctrl+C / SIGTERM. --port: default 4600, or any free port if 4600 is taken.
  --host: default 127.0.0.1; other addresses need --allow-remote (anyone with the URL acts as you),
  and are served over https:// and wss:// with this device's self-signed certificate (made once, key
  in the secret store; browsers warn, peers check it against the device key in the handshake).
  --tls: the same on loopback. --insecure: plain http:// and ws:// off loopback instead (readable on the path).
  --demo: create the demo workspace first if DIR has no journal yet.
  Serve also executes: actions this device executes go out once the policy allows them
  (connectors from <workspace>/dispatch.yaml, secrets from the secret store), playbook runs it
  started move on, and, when it facilitates an exercise, injects fire on the simulated clock.`;

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
  const dir = ctx.workspaceDir(values.workspace);
  const demo = values.demo === true && !existsSync(join(dir, JOURNAL_FILE));
  const me = await ctx.identity(demo);
  if (demo) {
    const ws = Workspace.create({ dir, name: 'Online shop (demo)', creatorName: ctx.io.env.USER ?? 'Incident commander', signer: me.signer, clock: ctx.clock });
    try {
      loadDemo(ws, resourcesDir(ctx.io.env), ctx.clock);
    } finally {
      ws.close();
    }
    ctx.warn(`Created the demo workspace in ${dir}`);
  }
  const certificate = tls ? await loadOrCreateDeviceCertificate({ configDir: ctx.configDir, device: me, clock: ctx.clock, log: (m) => ctx.warn(m) }) : null;
  const options = {
    workspaceDir: dir,
    signer: me.signer,
    clock: ctx.clock,
    host: bind,
    allowRemote,
    syncInsecure: insecure,
    ...(certificate !== null ? { tls: certificate } : {}),
    log: (line: string) => ctx.warn(line),
    // Serve runs the dispatcher: actions this device executes go out once allowed.
    secrets: lazySecrets(ctx),
    ...(ctx.io.env.COMMANDPOST_RENDERER ? { staticDir: ctx.io.env.COMMANDPOST_RENDERER } : {}),
  };
  const signals = stopped === undefined ? untilSignal() : null;
  const stop = stopped ?? signals!.signalled;
  let host: RunningHost;
  try {
    host = await startHost({ ...options, port: port ?? DEFAULT_PORT });
  } catch (err) {
    if (port !== null || (err as { code?: string }).code !== 'EADDRINUSE') throw err;
    ctx.warn(`Port ${DEFAULT_PORT} is in use; serving on a free port instead.`);
    host = await startHost({ ...options, port: 0 });
  }
  ctx.out(`Command Post is serving ${host.url}`);
  if (host.syncUrl !== null) ctx.out(`Peer sync at ${host.syncUrl}`);
  if (certificate !== null) {
    ctx.warn(`TLS certificate sha256 ${formatFingerprint(certificate.fingerprint)}: self-signed, so a browser warns (compare this fingerprint); peers check it against this device's key.`);
  }
  ctx.warn(`Workspace ${dir}; press Ctrl+C to stop.`);
  await stop;
  try {
    await host.close();
  } finally {
    signals?.release();
  }
  ctx.warn('Stopped; journal checkpointed and closed.');
  return 0;
}
