import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../../shared/clock';
import { wallAtOffset } from '../../../shared/exercise';
import { toWire, type Signer } from '../../../shared/journal';
import { generateKeyPair, signerFromSeed } from '../../../main/crypto';
import { adhocInject, loadScenarioFile, requireExercise, setSpeed, setupExercise } from '../../../main/exercise';
import { startHost, type RunningHost } from '../../../main/host';
import { joinWorkspace, PeerStore } from '../../../main/sync';
import { Workspace } from '../../../main/workspace';
import { cleanupTempDirs, resources, tempDir } from '../host/hostHarness';
import { waitUntil } from '../../support/waitUntil';

// An exercise's network partition, enforced by sync between three real hosts
// on loopback WebSockets: F (the facilitator's relay, as `commandpost serve`
// in the war room), A (the commander) and B (data on-call). A and B both
// sync through F, and A also dials B directly. While "commander cut off from
// data-oncall" is in force, nothing either writes reaches the other — not
// over their own link (closed, not redialled) and not relayed by F — while
// both still sync with F. When scenario time passes the partition's end, they
// converge by themselves.

afterAll(() => cleanupTempDirs());

const MIN = 60_000;

/** Real time that a test can move forward, for every host at once. */
class JumpClock implements Clock {
  private skip = 0;
  now(): number {
    return Date.now() + this.skip;
  }
  jump(ms: number): void {
    this.skip += ms;
  }
}

const waitFor = (what: string, cond: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> => waitUntil(what, cond, ms);

const has = (h: RunningHost, id: string) => h.feed.workspace.store.get(id) !== null;

describe('exercise network partitions over real sync', () => {
  it('partitioned participants exchange nothing, directly or relayed, and converge once it heals', async () => {
    const base = tempDir('cp-partition-');
    const clock = new JumpClock();
    const [f, a, b]: Signer[] = [0, 1, 2].map(() => signerFromSeed(generateKeyPair().seed)) as [Signer, Signer, Signer];
    const dirs = { f: join(base, 'f'), a: join(base, 'a'), b: join(base, 'b') };
    const ws = Workspace.create({ dir: dirs.f, name: 'Exercise room', creatorName: 'Fiona', signer: f, clock });
    // Speed 1: the partition cannot heal by itself while the test looks; it is healed on purpose below.
    setupExercise(ws, loadScenarioFile(join(resources, 'scenarios', 'database-failover-peak.yaml'), resources), {
      seed: '1',
      speed: 1,
      cast: { commander: { key: a.publicKey, name: 'Ana' }, 'data-oncall': { key: b.publicKey, name: 'Bo' } },
    });
    const genesis = toWire([...ws.store.entriesAfter(null)][0]!);
    ws.close();

    const quiet = () => undefined;
    const host = (dir: string, signer: Signer) => startHost({ workspaceDir: dir, signer, clock, port: 0, staticDir: dir, log: quiet });
    const hostF = await host(dirs.f, f);
    const hosts: RunningHost[] = [hostF];
    try {
      for (const [dir, signer] of [
        [dirs.a, a],
        [dirs.b, b],
      ] as const) {
        const joined = joinWorkspace({ dir, genesis, signer, clock });
        new PeerStore(joined.store.db).add(hostF.syncUrl!, false, clock.now());
        joined.close();
      }
      const hostA = await host(dirs.a, a);
      hosts.push(hostA);
      const hostB = await host(dirs.b, b);
      hosts.push(hostB);
      hostA.sync!.addPeer(hostB.syncUrl!, false);
      const linkAB = () => hostA.sync!.status().peers.find((p) => p.url === hostB.syncUrl);

      await waitFor('everyone caught up', () => hosts.every((h) => h.feed.workspace.store.count() === hostF.feed.workspace.store.count()));
      await waitFor('A and B linked directly', () => linkAB()?.status === 'connected');

      const partition = { type: 'partition' as const, cut: ['commander'], from: ['data-oncall'], duration: 20 * MIN, description: 'bridge down' };
      adhocInject(hostF.feed.workspace, partition, undefined, (drafts) => hostF.feed.appendMany(drafts));
      await waitFor('the partition reached A and B', () => [hostA, hostB].every((h) => h.feed.workspace.state.exercise?.disruptions.length === 1));
      // Their own link is cut, with the reason, and stays down.
      await waitFor('A stops dialling B', () => linkAB()?.status === 'failed');
      expect(linkAB()?.reason).toMatch(/^exercise network partition \(adhoc-1\) until T\+20:0\d$/);
      await waitFor('B drops its side', () => !hostB.sync!.status().peers.some((p) => p.direction === 'inbound' && p.device === a.publicKey));

      const fromA = hostA.feed.append({ kind: 'note.add', body: { text: 'A: failing over now' } });
      const fromB = hostB.feed.append({ kind: 'note.add', body: { text: 'B: replica is 2 s behind' } });
      await waitFor('F gets both', () => has(hostF, fromA.id) && has(hostF, fromB.id));
      // F writes after it holds both; F's own entries still reach everyone, in total order after A's and B's.
      const marker = hostF.feed.append({ kind: 'exercise.note', body: { text: 'marker' } });
      await waitFor('the marker reaches A and B', () => has(hostA, marker.id) && has(hostB, marker.id));
      expect(has(hostB, fromA.id)).toBe(false);
      expect(has(hostA, fromB.id)).toBe(false);
      expect(linkAB()?.status).toBe('failed');

      // Heal: the facilitator speeds up, and scenario time passes the partition's end.
      setSpeed(hostF.feed.workspace, 60, (drafts) => hostF.feed.appendMany(drafts));
      await waitFor('the speed change reached A and B', () => [hostA, hostB].every((h) => h.feed.workspace.state.exercise?.segments.at(-1)?.speed === 60));
      const ex = requireExercise(hostF.feed.workspace);
      const healsAt = wallAtOffset(ex.segments, ex.disruptions[0]!.until)!;
      // At most 20 s of wall time: well inside the sessions' idle timeout.
      clock.jump(Math.max(0, healsAt - clock.now()) + 1);

      await waitFor('A and B converge', () => has(hostB, fromA.id) && has(hostA, fromB.id));
      await waitFor('A dials B again', () => linkAB()?.status === 'connected');
      await waitFor('one state everywhere', () => {
        const counts = new Set(hosts.map((h) => h.feed.workspace.store.count()));
        return counts.size === 1 && new Set(hosts.map((h) => h.feed.stateHash())).size === 1;
      });
    } finally {
      for (const h of hosts.reverse()) await h.close();
    }
  }, 90_000);
});
