// The relay load run (issue 14, item 6), shared by the benchmark
// (load.bench.ts: 20 peers x 50 entries/s x 60 s) and the integration test
// (test/integration/peers/relayLoad.test.ts: a small room). One relay (a
// `commandpost serve` host with peer sync, loadRelay.ts) in its own process;
// every peer (loadPeer.ts) in its own process, dialling only the relay; and
// console clients on the relay's API socket in this process. After the
// writing stops and everything settles, every journal is opened and its entry
// ids compared with every id that was appended.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { systemClock } from '../../main/clock';
import { generateKeyPair, nodeCrypto, signerFromSeed } from '../../main/crypto';
import { JournalStore } from '../../main/journal';
import { JOURNAL_FILE, Workspace } from '../../main/workspace';
import { ConsoleClient, LoadChild } from './loadChild';
import { LoadPeerLine, LoadRelayLine, LoadTimes } from './loadProtocol';
import { copyWorkspace } from './syncWorkload';

export interface LoadOptions {
  /** An empty directory for the journals and timing files. */
  root: string;
  peers: number;
  /** Entries per second, per peer. */
  rate: number;
  seconds: number;
  consoles: number;
  /** Each peer appends what is due once every tickMs (one transaction). */
  tickMs?: number;
  /** How long to wait for everything to arrive once the writing stopped. */
  settleTimeoutMs?: number;
  progress?: (line: string) => void;
}

/** Who ended with what: entries missing from (or unexpected in) each journal, and its state hash. */
export interface Holding {
  name: string;
  count: number;
  missing: number;
  unexpected: number;
  stateHash: string;
}

export interface LoadResult {
  expectedEntries: number;
  appended: number;
  /** Everything arrived everywhere within the settle timeout. */
  settled: boolean;
  holdings: Holding[];
  consoles: { events: number; entries: number; stateHash: string; bytes: number; missing: number }[];
  /** Author asked to append -> stored by each other peer, ms (all pairs). */
  propagationMs: number[];
  /** Author asked to append -> state:changed event at a console client, ms. */
  consoleMs: number[];
  appendSeconds: number;
  /** From the start to the moment every journal and console held everything. */
  settleSeconds: number;
  cpuSeconds: { relay: number; peers: number; thisProcess: number };
  /** When it did not settle: the last lines the relay and the first peer logged. */
  logs: { relay: string; peer0: string } | null;
}

const cpuNow = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

/** Found the workspace on the relay's key with every peer a responder; returns the ids it holds. */
function foundRoom(dir: string, relaySeed: string, peerKeys: readonly string[]): string[] {
  const ws = Workspace.create({ dir, name: 'Relay load', creatorName: 'Relay', signer: signerFromSeed(relaySeed), clock: systemClock });
  try {
    ws.appendMany(peerKeys.map((member, i) => ({ kind: 'roster.memberPut', body: { member, name: `Peer ${i}`, roles: ['responder'], teams: [] } })));
    return ids(ws.store);
  } finally {
    ws.close();
  }
}

function ids(store: JournalStore): string[] {
  return (store.db.prepare('SELECT id FROM entries').pluck().all() as unknown[]).map(String);
}

function idsIn(dir: string): string[] {
  const store = JournalStore.open(join(dir, JOURNAL_FILE), nodeCrypto, { create: false, readonly: true });
  try {
    return ids(store);
  } finally {
    store.close();
  }
}

function compare(expected: ReadonlySet<string>, held: readonly string[]): { missing: number; unexpected: number } {
  const have = new Set(held);
  let missing = 0;
  for (const id of expected) if (!have.has(id)) missing += 1;
  return { missing, unexpected: held.filter((id) => !expected.has(id)).length };
}

async function pollUntil(done: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const until = performance.now() + timeoutMs;
  while (performance.now() < until) {
    if (await done()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return done();
}

export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const say = opts.progress ?? (() => undefined);
  const relayKey = generateKeyPair();
  const peerKeys = Array.from({ length: opts.peers }, () => generateKeyPair());
  const relayDir = join(opts.root, 'relay');
  const initial = foundRoom(
    relayDir,
    relayKey.seed,
    peerKeys.map((k) => k.publicKey),
  );
  const perPeer = Math.round(opts.rate * opts.seconds);
  const expectedEntries = initial.length + opts.peers * perPeer;

  const relay = new LoadChild('relay', './loadRelay.ts', ['--dir', relayDir], relayKey.seed, LoadRelayLine);
  const peers: LoadChild<LoadPeerLine>[] = [];
  const consoles: ConsoleClient[] = [];
  try {
    const ready = await relay.next('ready', 60_000);
    for (const [i, key] of peerKeys.entries()) {
      const dir = copyWorkspace(relayDir, join(opts.root, `peer-${i}`));
      const argv = ['--dir', dir, '--relay', ready.syncUrl, '--rate', String(opts.rate), '--seconds', String(opts.seconds)];
      argv.push('--tick-ms', String(opts.tickMs ?? 100), '--out', join(opts.root, `peer-${i}.times.json`));
      peers.push(new LoadChild(`peer-${i}`, './loadPeer.ts', argv, key.seed, LoadPeerLine));
    }
    await Promise.all(peers.map((p) => p.next('ready', 120_000)));
    const allLive = await pollUntil(async () => (await Promise.all(peers.map((p) => p.ask({ cmd: 'status' }, 'status')))).every((s) => s.live), 120_000);
    if (!allLive) throw new Error('not every peer reached a live session with the relay');
    for (let i = 0; i < opts.consoles; i++) consoles.push(await ConsoleClient.connect(ready.port, ready.token));
    say(`load: relay, ${opts.peers} peers and ${opts.consoles} consoles connected; writing ${opts.rate}/s per peer for ${opts.seconds} s`);

    const cpu0 = { relay: (await relay.ask({ cmd: 'status' }, 'status')).cpuUs, peers: await peerCpu(peers), self: cpuNow() };
    const t0 = performance.now();
    for (const p of peers) p.send({ cmd: 'start' });
    const done = await Promise.all(peers.map((p) => p.next('done', opts.seconds * 1000 + 120_000)));
    const appendSeconds = (performance.now() - t0) / 1000;
    const appended = done.reduce((n, d) => n + d.appended, 0);
    say(`load: ${appended} entries appended in ${appendSeconds.toFixed(1)} s; waiting for every journal and console to hold ${expectedEntries}`);
    const settled = await pollUntil(async () => {
      const counts = [
        (await relay.ask({ cmd: 'status' }, 'status')).count,
        ...(await Promise.all(peers.map((p) => p.ask({ cmd: 'status' }, 'status')))).map((s) => s.count),
      ];
      return counts.every((n) => n >= expectedEntries) && consoles.every((c) => c.entries >= expectedEntries);
    }, opts.settleTimeoutMs ?? 300_000);
    const settleSeconds = (performance.now() - t0) / 1000;
    const logs = settled ? null : { relay: relay.logTail.slice(-3000), peer0: peers[0]?.logTail.slice(-3000) ?? '' };
    const cpu1 = { relay: (await relay.ask({ cmd: 'status' }, 'status')).cpuUs, peers: await peerCpu(peers), self: cpuNow() };
    say(`load: ${settled ? 'settled' : 'NOT settled'} after ${settleSeconds.toFixed(1)} s; closing and comparing journals`);

    const byes = await Promise.all(peers.map((p) => p.ask({ cmd: 'quit' }, 'bye')));
    const relayBye = await relay.ask({ cmd: 'quit' }, 'bye');
    for (const c of consoles) c.close();

    const times = peers.map((_, i) => LoadTimes.parse(JSON.parse(readFileSync(join(opts.root, `peer-${i}.times.json`), 'utf8'))));
    const appendedAt = new Map<string, number>();
    for (const t of times) for (const [id, at] of t.own) appendedAt.set(id, at);
    const expected = new Set([...initial, ...appendedAt.keys()]);
    const holdings: Holding[] = [{ name: 'relay', count: relayBye.count, stateHash: relayBye.stateHash, ...compare(expected, idsIn(relayDir)) }];
    for (const [i, bye] of byes.entries())
      holdings.push({ name: `peer-${i}`, count: bye.count, stateHash: bye.stateHash, ...compare(expected, idsIn(join(opts.root, `peer-${i}`))) });
    const propagationMs: number[] = [];
    for (const t of times) for (const [id, at] of t.stored) if (appendedAt.has(id)) propagationMs.push(at - appendedAt.get(id)!);
    const consoleMs: number[] = [];
    for (const c of consoles) for (const [id, at] of c.arrived) if (appendedAt.has(id)) consoleMs.push(at - appendedAt.get(id)!);
    return {
      expectedEntries,
      appended,
      settled,
      holdings,
      consoles: consoles.map((c) => ({
        events: c.events,
        entries: c.entries,
        stateHash: c.stateHash,
        bytes: c.bytes,
        missing: [...appendedAt.keys()].filter((id) => !c.arrived.has(id)).length,
      })),
      propagationMs,
      consoleMs,
      appendSeconds,
      settleSeconds,
      logs,
      cpuSeconds: { relay: (cpu1.relay - cpu0.relay) / 1e6, peers: (cpu1.peers - cpu0.peers) / 1e6, thisProcess: (cpu1.self - cpu0.self) / 1e6 },
    };
  } finally {
    for (const c of consoles) c.close();
    for (const p of peers) p.kill();
    relay.kill();
  }
}

async function peerCpu(peers: readonly LoadChild<LoadPeerLine>[]): Promise<number> {
  return (await Promise.all(peers.map((p) => p.ask({ cmd: 'status' }, 'status')))).reduce((n, s) => n + s.cpuUs, 0);
}
