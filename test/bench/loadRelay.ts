// The relay of the load run (loadCluster.ts) as its own process: a
// `commandpost serve` host (startHost, with peer sync) on loopback, which
// every load peer dials and the console clients use as their API.
//
//   loadRelay.ts --dir WORKSPACE
//
// The device seed comes in LOAD_PEER_SEED (base64url; a throwaway test key).
// Commands on stdin and replies on stdout as in loadProtocol.ts.
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { systemClock } from '../../main/clock';
import { signerFromSeed } from '../../main/crypto';
import { startHost } from '../../main/host';
import { LoadCommand, type LoadRelayLine } from './loadProtocol';

function say(line: LoadRelayLine): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

function cpuUs(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { dir: { type: 'string' } } });
  const seed = process.env.LOAD_PEER_SEED;
  if (values.dir === undefined || seed === undefined) throw new Error('usage: LOAD_PEER_SEED=… loadRelay.ts --dir WORKSPACE');
  const host = await startHost({
    workspaceDir: values.dir,
    signer: signerFromSeed(seed),
    clock: systemClock,
    staticDir: values.dir,
    log: (line) => process.stderr.write(`[relay] ${line}\n`),
  });
  if (host.syncUrl === null) throw new Error('the relay serves no peer sync');
  const count = () => host.feed.workspace.store.count();
  say({ t: 'ready', port: host.port, token: host.token, syncUrl: host.syncUrl, count: count(), cpuUs: cpuUs() });
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on('line', (text) => {
    const cmd = LoadCommand.parse(JSON.parse(text));
    if (cmd.cmd !== 'quit') {
      say({ t: 'status', count: count(), cpuUs: cpuUs() });
      return;
    }
    const final = { count: count(), stateHash: host.feed.stateHash(), cpuUs: cpuUs() };
    void host.close().then(() => {
      say({ t: 'bye', ...final });
      process.stdout.write('', () => process.exit(0));
    });
  });
  lines.on('close', () => void host.close().finally(() => process.exit(0)));
}

main().catch((err: unknown) => {
  process.stderr.write(`load relay failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
