// One room as its own process: a `commandpost serve` host (startHost, the
// composition `serve` runs, with peer sync) that federates through its
// site's NATS leaf node. The federation tests start three of them.
//
//   roomProcess.ts --dir WORKSPACE [--nats URL [--domain NAME]]
//
// Without --nats it is a room relay that does not federate (the benchmark's
// single-room baseline, syncing with a listed peer over WebSockets).
//
// The device seed comes in LOAD_PEER_SEED (a throwaway test key).
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { systemClock } from '../../../main/clock';
import { signerFromSeed } from '../../../main/crypto';
import { parseFederationTarget } from '../../../main/federation';
import { startHost } from '../../../main/host';
import type { EntryDraft } from '../../../shared/entries';
import { epochMs } from '../../bench/loadProtocol';
import { RoomCommand, type RoomLine } from './roomProtocol';

function say(line: RoomLine): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

function draft(tag: string, n: number): EntryDraft {
  return n % 10 === 0
    ? { kind: 'incident.open', body: { title: `Cross-site incident ${tag} #${n}`, severity: 3 } }
    : { kind: 'note.add', body: { text: `Failover to the secondary site holding; queue depth falling (${tag} #${n})` } };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { dir: { type: 'string' }, nats: { type: 'string' }, domain: { type: 'string' } } });
  const seed = process.env.LOAD_PEER_SEED;
  if (values.dir === undefined || seed === undefined) throw new Error('usage: LOAD_PEER_SEED=… roomProcess.ts --dir DIR [--nats URL]');
  const signer = signerFromSeed(seed);
  const host = await startHost({
    workspaceDir: values.dir,
    signer,
    clock: systemClock,
    staticDir: values.dir,
    port: 0,
    ...(values.nats !== undefined ? { federate: parseFederationTarget({ url: values.nats, domain: values.domain ?? null }) } : {}),
    log: (line) => process.stderr.write(`[room] ${line}\n`),
  });
  const status = () => ({
    count: host.feed.workspace.store.count(),
    stateHash: host.feed.stateHash(),
    federation: host.core.federation?.status() ?? null,
  });
  let arrivals: [string, number][] = [];
  host.sync?.journal.onStored((entries) => {
    const t = epochMs();
    for (const e of entries) if (e.header.author !== signer.publicKey) arrivals.push([e.id, t]);
  });
  say({ t: 'ready', port: host.port, syncUrl: host.syncUrl ?? '', ...status() });
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on('line', (text) => {
    const cmd = RoomCommand.parse(JSON.parse(text));
    if (cmd.cmd === 'append') {
      const at = epochMs();
      const entries = host.feed.appendMany(Array.from({ length: cmd.n }, (_, i) => draft(cmd.tag, i + 1)));
      say({ t: 'appended', ids: entries.map((e) => e.id), at, ...status() });
    } else if (cmd.cmd === 'status') say({ t: 'status', ...status() });
    else if (cmd.cmd === 'dial') {
      host.sync?.addPeer(cmd.url, false);
      say({ t: 'status', ...status() });
    } else if (cmd.cmd === 'arrivals') {
      say({ t: 'arrivals', arrivals });
      arrivals = [];
    } else {
      const final = status();
      void host.close().then(() => {
        say({ t: 'bye', ...final });
        process.stdout.write('', () => process.exit(0));
      });
    }
  });
  lines.on('close', () => void host.close().finally(() => process.exit(0)));
}

main().catch((err: unknown) => {
  process.stderr.write(`room failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
