import { afterAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { systemClock } from '../../../main/clock';
import { InsecureTransportError, SyncNode, SyncServer, WorkspaceJournal, connectPeer, joinWorkspace, wsDialer, type SyncEvent } from '../../../main/sync';
import { Workspace } from '../../../main/workspace';
import { toWire } from '../../../shared/journal';
import { MAX_SYNC_FRAME_BYTES, sameVector } from '../../../shared/sync';
import { cleanupTempDirs, newSigner, tempDir } from './peers';
import { waitUntil } from '../../support/waitUntil';

afterAll(cleanupTempDirs);

const waitFor = (what: string, cond: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> => waitUntil(what, cond, ms);

function twoDevices() {
  const signerA = newSigner();
  const signerB = newSigner();
  const a = Workspace.create({ dir: tempDir(), name: 'War room', creatorName: 'Alex', signer: signerA, clock: systemClock });
  a.append('roster.memberPut', { member: signerB.publicKey, name: 'Blake', roles: ['responder'], teams: [] });
  const genesis = toWire([...a.store.entriesAfter(null)][0]!);
  const b = joinWorkspace({ dir: tempDir(), genesis, signer: signerB, clock: systemClock });
  const ja = new WorkspaceJournal(a);
  const jb = new WorkspaceJournal(b);
  return {
    a,
    b,
    ja,
    jb,
    nodeA: new SyncNode({ journal: ja, signer: signerA, clock: systemClock }),
    nodeB: new SyncNode({ journal: jb, signer: signerB, clock: systemClock }),
  };
}

describe('peer sync over real WebSockets on loopback', () => {
  it('a device joined from the genesis catches up, then both write and converge to one state hash', async () => {
    const t = twoDevices();
    t.ja.appendMany(Array.from({ length: 1200 }, (_, i) => ({ kind: 'note.add' as const, body: { text: `note ${i}` } })));
    const server = await SyncServer.listen({ node: t.nodeA });
    const events: SyncEvent[] = [];
    t.nodeB.onEvent((e) => events.push(e));
    try {
      const session = await connectPeer(t.nodeB, server.url);
      await waitFor('catch-up', () => t.b.store.count() === t.a.store.count());
      expect(session.peer).toBe(t.a.me);
      const progress = events.filter((e) => e.type === 'progress');
      expect(progress.at(-1)).toMatchObject({ received: 1201, total: 1201 });
      // At the handshake, then after each import (a group import may take all three batches at once).
      expect(progress.length).toBeGreaterThanOrEqual(2);

      const fromA = t.ja.append('incident.open', { title: 'Payments degraded', severity: 2 });
      const fromB = t.jb.append('note.add', { text: 'looking at the payments dashboards' });
      await waitFor('live push both ways', () => t.a.store.get(fromB.id) !== null && t.b.store.get(fromA.id) !== null);
      expect(sameVector(t.ja.versionVector(), t.jb.versionVector())).toBe(true);
      expect(t.b.stateHash()).toBe(t.a.stateHash());
      expect(t.a.store.count()).toBe(1204);
    } finally {
      t.nodeA.close();
      t.nodeB.close();
      await server.close();
      t.a.close();
      t.b.close();
    }
  });

  it('answers oversized and binary frames with an error and closes', async () => {
    const t = twoDevices();
    const server = await SyncServer.listen({ node: t.nodeA });
    const before = t.a.stateHash();
    try {
      for (const [payload, code] of [
        [' '.repeat(MAX_SYNC_FRAME_BYTES + 10), 'frame-too-large'],
        [Buffer.from([0xde, 0xad, 0xbe, 0xef]), 'binary-frame'],
      ] as const) {
        const ws = new WebSocket(server.url);
        const frames: string[] = [];
        ws.on('message', (d) => frames.push(String(d)));
        await new Promise((r) => ws.once('open', r));
        ws.send(payload);
        await new Promise((r) => ws.once('close', r));
        expect(frames.map((f) => JSON.parse(f) as { t: string; code?: string }).find((f) => f.t === 'error')?.code).toBe(code);
      }
      expect(t.a.stateHash()).toBe(before);
    } finally {
      t.nodeA.close();
      t.nodeB.close();
      await server.close();
      t.a.close();
      t.b.close();
    }
  });

  it('refuses plain ws off loopback unless told it is insecure; wss goes anywhere', async () => {
    const t = twoDevices();
    try {
      await expect(SyncServer.listen({ node: t.nodeA, host: '0.0.0.0' })).rejects.toThrow(InsecureTransportError);
      expect(() => wsDialer('ws://10.1.2.3:7000/sync')).toThrow(/--insecure/);
      expect(() => wsDialer('ws://10.1.2.3:7000/sync', { insecure: true })).not.toThrow();
      expect(() => wsDialer('wss://10.1.2.3:7000/sync')).not.toThrow();
      expect(() => wsDialer('http://10.1.2.3:7000/sync')).toThrow(InsecureTransportError);
      expect(() => wsDialer('ws://127.0.0.1:7000/sync')).not.toThrow();
    } finally {
      t.nodeA.close();
      t.nodeB.close();
      t.a.close();
      t.b.close();
    }
  });
});
