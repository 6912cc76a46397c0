import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { StateChangedEvent, SyncChangedEvent } from '../../../shared/api';
import { systemClock } from '../../../main/clock';
import { generateKeyPair, signerFromSeed } from '../../../main/crypto';
import { startHost, type RunningHost } from '../../../main/host';
import { JoinError, fetchGenesis, joinWorkspace, PeerStore } from '../../../main/sync';
import { Workspace } from '../../../main/workspace';
import { cleanupTempDirs, tempDir } from '../host/hostHarness';
import { waitUntil } from '../../support/waitUntil';

// Two `commandpost serve` hosts in one process: A founds the workspace, B
// joins it with the genesis A hands out, A's admin adds B, B lists A as a
// peer. Then: catch-up, live both ways, rows from a peer folded without the
// change feed reopening the workspace, status and lag, and an outage that
// heals on its own.

afterAll(() => cleanupTempDirs());

const waitFor = (what: string, cond: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> => waitUntil(what, cond, ms);

const quiet = () => undefined;
const host = (dir: string, signer: ReturnType<typeof signerFromSeed>, port = 0): Promise<RunningHost> =>
  startHost({ workspaceDir: dir, signer, clock: systemClock, port, staticDir: dir, log: quiet });

describe('two hosts as peers', () => {
  it('join, admit, catch up, live both ways, survive an outage, and report status', async () => {
    const base = tempDir('cp-peers-');
    const signerA = signerFromSeed(generateKeyPair().seed);
    const signerB = signerFromSeed(generateKeyPair().seed);
    const dirA = join(base, 'a');
    const dirB = join(base, 'b');
    const a0 = Workspace.create({ dir: dirA, name: 'War room', creatorName: 'Alex', signer: signerA, clock: systemClock });
    const incident = a0.append('incident.open', { title: 'Checkout failing', severity: 1 });
    a0.appendMany(Array.from({ length: 600 }, (_, i) => ({ kind: 'note.add' as const, body: { text: `note ${i}` } })));
    a0.close();

    let a = await host(dirA, signerA);
    expect(a.syncUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/sync\?ws=[0-9a-f]{32}$/);
    const syncUrlA = a.syncUrl!;

    // The genesis only for the id asked for; the joiner checks it against that id.
    const wrongId = syncUrlA.replace(/ws=[0-9a-f]{32}/, `ws=${'0'.repeat(32)}`);
    await expect(fetchGenesis(wrongId)).rejects.toThrow(/wrong-workspace/);
    await expect(fetchGenesis(syncUrlA.replace(/\?ws=.*/, ''))).rejects.toThrow(JoinError);
    const genesis = await fetchGenesis(syncUrlA);
    const b0 = joinWorkspace({ dir: dirB, genesis, signer: signerB, clock: systemClock });
    new PeerStore(b0.store.db).add(syncUrlA, false, systemClock.now());
    b0.close();

    const b = await host(dirB, signerB);
    try {
      // Not admitted yet: A refuses B, B says why and keeps retrying.
      await waitFor('B to be refused', () => b.sync!.status().peers[0]?.status === 'failed');
      expect(b.sync!.status().peers[0]!.reason).toMatch(/not-a-member/);
      expect(b.feed.workspace.store.count()).toBe(1);

      a.feed.append({ kind: 'roster.memberPut', body: { member: signerB.publicKey, name: 'Blake', roles: ['responder'], teams: [] } });
      const syncEvents: SyncChangedEvent[] = [];
      b.sync!.onChange((e) => syncEvents.push(e));
      await waitFor('B to catch up', () => b.feed.workspace.store.count() === a.feed.workspace.store.count(), 30_000);
      expect(b.feed.workspace.stateHash()).toBe(a.feed.stateHash());
      // Rows a peer sent are the feed's own: folded in place, never by reopening the workspace.
      expect(b.feed.reopens).toBe(0);
      expect(syncEvents.some((e) => e.status.online)).toBe(true);

      // Live both ways, with state:changed for the UI on the receiving side.
      const seenByA: StateChangedEvent[] = [];
      a.feed.onChange((e) => seenByA.push(e));
      const task = b.feed.append({ kind: 'task.create', body: { incident: incident.id, title: 'Roll back the PSP adapter' } });
      await waitFor('B -> A', () => seenByA.some((e) => e.added.some((x) => x.id === task.id)));
      const note = a.feed.append({ kind: 'note.add', body: { text: 'from A' } });
      await waitFor('A -> B', () => b.feed.workspace.store.get(note.id) !== null);
      expect(a.feed.reopens).toBe(0);

      await waitFor('lag 0 both ways', () => {
        const p = b.sync!.status().peers[0];
        return p?.status === 'connected' && p.weLack === 0 && p.theyLack === 0;
      });
      const statusB = b.sync!.status();
      expect(statusB).toMatchObject({ available: true, online: true, waiting: 0, progress: null, equivocations: [] });
      expect(statusB.peers[0]).toMatchObject({ url: syncUrlA, direction: 'outbound', device: signerA.publicKey, insecure: false });
      // A sees B as a peer that dialled in.
      expect(a.sync!.status().peers).toEqual([expect.objectContaining({ direction: 'inbound', status: 'connected', device: signerB.publicKey })]);
      // And B's host wrote the status where `commandpost peer list` reads it.
      await waitFor('status persisted', () => new PeerStore(b.feed.workspace.store.db).list()[0]?.status === 'connected');

      // Outage: A goes away. B keeps working, counts what waits, and says it is offline.
      const portA = a.port;
      await a.close();
      await waitFor('B offline', () => !b.sync!.status().online);
      const offline = b.feed.append({ kind: 'note.add', body: { text: 'written while A was away' } });
      await waitFor('B counts what waits', () => b.sync!.status().waiting === 1);
      // A comes back on the same port; B reconnects by itself and both converge.
      a = await host(dirA, signerA, portA);
      await waitFor('reconnect and converge', () => a.feed.workspace.store.get(offline.id) !== null, 30_000);
      await waitFor('same state', () => a.feed.stateHash() === b.feed.stateHash());
    } finally {
      await b.close();
      await a.close();
    }
  }, 90_000);
});
