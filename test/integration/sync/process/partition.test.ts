import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, tempDir } from '../peers';
import { foundWorkspace, makeDevice, verifyExport } from './fixture';
import { PeerProcess, converged, vvTotal, waitForStatuses } from './peerProcess';
import type { PeerStatus } from './protocol';
import { LinkProxy } from './proxy';

afterAll(cleanupTempDirs);

// Short heartbeats and idle timeout so a stalled link is noticed (and redialled)
// within the test, and a short dial timeout and backoff so a healed link comes
// back at once. The protocol is the one every peer runs; only the timings shrink.
const PEER_OPTS = { limits: { heartbeatMs: 250, idleTimeoutMs: 1_500 }, backoffMaxMs: 400, dialTimeoutMs: 1_500 };

const livePeers = (s: PeerStatus) => s.sessions.filter((x) => x.state === 'live' && x.peer !== null).map((x) => x.peer);

describe('three peer processes on loopback, links cut by proxies', () => {
  it('all write while partitioned (links dropped and stalled); after healing they hold the same entries and state', async () => {
    const root = tempDir('cp-partition-');
    const [devA, devB, devC] = await Promise.all(['alex', 'blake', 'casey'].map((n) => makeDevice(root, n)));
    const { genesisFile, entries: roster } = foundWorkspace(root, devA!, [devB!, devC!]);
    const a = new PeerProcess(devA!, PEER_OPTS);
    const b = new PeerProcess(devB!, { ...PEER_OPTS, genesisFile });
    const c = new PeerProcess(devC!, { ...PEER_OPTS, genesisFile });
    const peers = [a, b, c];
    const proxies: LinkProxy[] = [];
    try {
      await Promise.all(peers.map((p) => p.started()));
      // A-B, A-C and B-C each through their own proxy: every link can be cut on its own.
      const [ab, ac, bc] = await Promise.all([LinkProxy.start(portOf(b)), LinkProxy.start(portOf(c)), LinkProxy.start(portOf(c))]);
      proxies.push(ab!, ac!, bc!);
      await a.dial(ab!.url());
      await a.dial(ac!.url());
      await b.dial(bc!.url());
      await waitForStatuses(peers, 'the roster everywhere and all three links live', (s) => converged(s, roster) && s.every((x) => livePeers(x).length === 2));

      // Outage: A's links are pulled, B-C turns into a black hole. Wait until every peer has noticed
      // (the stalled one only by its idle timeout), so the writes below really are made apart.
      ab!.drop();
      ac!.drop();
      bc!.stall();
      const cut = await waitForStatuses(peers, 'every session to end', (s) => s.every((x) => livePeers(x).length === 0));
      // The black hole was noticed by silence, not by a closed socket.
      expect(cut[1]!.ended.some((x) => x.peer === c.device && /nothing heard/.test(x.closeReason ?? ''))).toBe(true);
      for (let round = 0; round < 2; round++) for (const p of peers) await p.append(100);
      const apart = await Promise.all(peers.map((p) => p.status()));
      for (const s of apart) expect(s.count, 'no entry crossed a cut link').toBe(roster + 200);

      for (const proxy of proxies) proxy.heal();
      const healed = await waitForStatuses(peers, 'convergence after healing', (s) => converged(s, roster + 600));
      expectNoLossNoDuplicates(healed, { [a.device]: roster + 200, [b.device]: 200, [c.device]: 200 });

      // Relay: with A-C cut, A's and C's writes still reach each other through B.
      ac!.drop();
      await waitForStatuses([a, c], 'the A-C link to end', (s) => !livePeers(s[0]!).includes(c.device) && !livePeers(s[1]!).includes(a.device));
      await a.append(50);
      await c.append(50);
      const relayed = await waitForStatuses(peers, 'convergence through B', (s) => converged(s, roster + 700));
      expect(livePeers(relayed[0]!)).not.toContain(c.device);
      expectNoLossNoDuplicates(relayed, { [a.device]: roster + 250, [b.device]: 200, [c.device]: 250 });
      ac!.heal();

      const final = relayed[0]!;
      await Promise.all(peers.map((p) => p.quit()));
      // Each journal on disk verifies on its own (signatures, chains, roster), and folds afresh to the same state.
      for (const p of peers) {
        const report = await verifyExport(p.dev.dir, join(root, `${p.name}.jsonl`));
        expect(report.failures, `${p.name}'s journal`).toEqual([]);
        expect(report.entries).toBe(roster + 700);
        expect(report.stateHash).toBe(final.stateHash);
      }
    } finally {
      await Promise.all(peers.map((p) => p.kill9()));
      await Promise.all(proxies.map((p) => p.close()));
    }
  }, 180_000);
});

function portOf(p: PeerProcess): number {
  return Number(new URL(p.url).port);
}

/** Every author's chain complete up to what it wrote, and not one row more than those chains. */
function expectNoLossNoDuplicates(statuses: readonly PeerStatus[], wrote: Record<string, number>): void {
  for (const s of statuses) {
    expect(s.vv).toEqual(wrote);
    expect(s.count).toBe(vvTotal(s.vv));
  }
}
