// One peer of the relay load run (load.bench.ts, loadCluster.ts) as its own
// OS process, so 20 peers verify and store on every core the machine has, as
// 20 laptops would:
//
//   loadPeer.ts --dir WORKSPACE --relay SYNC_URL --rate N --seconds S --tick-ms T --out FILE
//
// The device seed comes in LOAD_PEER_SEED (base64url; a throwaway test key).
// The workspace in WORKSPACE is a copy of the founder's journal. The peer
// keeps one connection to the relay (Reconnector), and on {"cmd":"start"}
// appends N entries a second for S seconds, in one transaction every T ms.
// It notes the wall-clock time of every entry: its own when it asked for the
// append, everyone else's when its journal stored them. On {"cmd":"quit"} it
// writes those times to FILE, closes cleanly and exits. Replies are JSON lines
// on stdout (LoadPeerLine); the sync log goes to stderr.
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { nodeTimers, systemClock, systemRandom } from '../../main/clock';
import { signerFromSeed } from '../../main/crypto';
import { Reconnector, SyncNode, WorkspaceJournal, wsDialer } from '../../main/sync';
import { Workspace } from '../../main/workspace';
import type { EntryDraft } from '../../shared/entries';
import { LoadCommand, epochMs, type LoadPeerLine, type LoadTimes } from './loadProtocol';

const { values: args } = parseArgs({
  options: {
    dir: { type: 'string' },
    relay: { type: 'string' },
    rate: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '60' },
    'tick-ms': { type: 'string', default: '100' },
    out: { type: 'string' },
  },
});

function say(line: LoadPeerLine): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

function required(value: string | undefined, name: string): string {
  if (value === undefined) throw new Error(`${name} is required`);
  return value;
}

function main(): void {
  const dir = required(args.dir, '--dir');
  const relay = required(args.relay, '--relay');
  const out = required(args.out, '--out');
  const rate = Number(args.rate);
  const total = Math.round(rate * Number(args.seconds));
  const tickMs = Number(args['tick-ms']);
  const signer = signerFromSeed(required(process.env.LOAD_PEER_SEED, 'LOAD_PEER_SEED'));
  const ws = Workspace.open({ dir, clock: systemClock, signer });
  const journal = new WorkspaceJournal(ws);
  const times: LoadTimes = { device: signer.publicKey, own: [], stored: [] };
  let asked = 0;
  journal.onStored((entries) => {
    const t = epochMs();
    // Own entries are timed when asked for (below); only the others' are timed here.
    for (const e of entries) if (e.header.author !== signer.publicKey) times.stored.push([e.id, t]);
  });
  const node = new SyncNode({ journal, signer, clock: systemClock, log: (line) => process.stderr.write(`[${signer.publicKey.slice(0, 6)}] ${line}\n`) });
  const link = new Reconnector({
    dial: wsDialer(relay, { timeoutMs: 10_000 }),
    attach: (l) => node.attach(l),
    timers: nodeTimers,
    random: systemRandom,
    backoff: { baseMs: 100, maxMs: 1_000 },
  });
  link.start();

  const status = () => ({ count: ws.store.count(), appended: asked, live: link.session?.state === 'live', cpuUs: cpuUs() });
  let writer: ReturnType<typeof setInterval> | null = null;
  const start = () => {
    const t0 = performance.now();
    // Each tick appends whatever is due by now, so a late timer catches up instead of slowing the rate down.
    writer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - t0) * rate) / 1000));
      if (due <= asked) return;
      const drafts = Array.from({ length: due - asked }, (_, i): EntryDraft => note(signer.publicKey, asked + i + 1));
      const t = epochMs();
      for (const e of journal.appendMany(drafts)) times.own.push([e.id, t]);
      asked = due;
      if (asked >= total) {
        if (writer !== null) clearInterval(writer);
        say({ t: 'done', ...status() });
      }
    }, tickMs);
  };
  const quit = () => {
    if (writer !== null) clearInterval(writer);
    link.stop();
    node.close();
    journal.stop();
    writeFileSync(out, JSON.stringify(times));
    const final = { ...status(), stateHash: ws.stateHash() };
    ws.close();
    say({ t: 'bye', ...final });
    process.stdout.write('', () => process.exit(0));
  };

  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on('line', (text) => {
    const cmd = LoadCommand.parse(JSON.parse(text));
    if (cmd.cmd === 'start') start();
    else if (cmd.cmd === 'status') say({ t: 'status', ...status() });
    else quit();
  });
  // The parent went away: do not linger.
  lines.on('close', () => process.exit(0));
  say({ t: 'ready', device: signer.publicKey, ...status() });
}

/** Mostly notes; every tenth an incident, so the projection and its hash change too. */
function note(device: string, n: number): EntryDraft {
  const tag = `${device.slice(0, 6)} #${n}`;
  return n % 10 === 0
    ? { kind: 'incident.open', body: { title: `Load incident ${tag}`, severity: 3 } }
    : { kind: 'note.add', body: { text: `Error rate on /authorise back under 2% after the failover; watching the retry queue (${tag})` } };
}

function cpuUs(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

try {
  main();
} catch (err) {
  process.stderr.write(`load peer failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
}
