import { afterAll, describe, expect, it } from 'vitest';
import { toWire } from '../../../shared/journal';
import { policyHash } from '../../../shared/approvals';
import { createConnectors, staticSecrets, type HttpClient } from '../../../main/connectors';
import { nodeCrypto } from '../../../main/crypto';
import { Dispatcher, Outbox, dispatchJournal } from '../../../main/dispatch';
import { SyncNode } from '../../../main/sync';
import { cleanupTempDirs, closePeers, makePeers, T0, type TestPeer } from '../sync/peers';
import { SimNetwork } from '../sync/simNetwork';
import { SimScheduler, seededRandom } from '../sync/simScheduler';
import { POLICY } from './fixture';

afterAll(cleanupTempDirs);

/** A peer's dispatcher with an HTTP client that only counts what it would send. */
function dispatcherOf(peer: TestPeer, sched: SimScheduler, sent: string[]): Dispatcher {
  const http: HttpClient = async (req) => {
    sent.push(req.headers['idempotency-key'] ?? '?');
    return { status: 200, headers: {}, body: '{"ok":true}' };
  };
  return new Dispatcher({
    journal: dispatchJournal(peer.ws, peer.journal),
    outbox: new Outbox(peer.ws.store.db),
    connectors: createConnectors(),
    secrets: staticSecrets({ hook: 'partition-test-secret' }),
    clock: sched.clock,
    timers: sched,
    random: () => 0.5,
    http,
  });
}

describe('partitioned approval (in-process peers over a simulated network)', () => {
  it('an approval given on the other side of a partition counts after healing; only the requester dispatches, exactly once', async () => {
    const sched = new SimScheduler(T0);
    const peers = makePeers(3, [sched.clock, sched.clock, sched.clock], { rosterEverywhere: true });
    const [admin, a, b] = peers as [TestPeer, TestPeer, TestPeer];
    // Peer 2 becomes an approver; the policy goes in force everywhere before the test starts.
    const extra = [
      admin.ws.append('roster.memberPut', { member: b.signer.publicKey, name: 'Pam Approver', roles: ['approver'], teams: ['sre'] }),
      admin.ws.append('policy.publish', { text: POLICY, hash: policyHash(nodeCrypto, POLICY) }),
    ].map(toWire);
    a.journal.import(extra);
    b.journal.import(extra);

    const net = new SimNetwork(sched, seededRandom(6), { minDelayMs: 1, maxDelayMs: 5, drop: 0, duplicate: 0 });
    const nodes = [a, b].map((p) => new SyncNode({ journal: p.journal, signer: p.signer, clock: sched.clock, timers: sched, limits: { heartbeatMs: 1_000 } }));
    net.listen(1, (link) => nodes[1]!.attach(link));
    const dial = () => net.dial(0, 1, (err, link) => err === null && link && nodes[0]!.attach(link));
    const runUntil = (done: () => boolean) => {
      for (let i = 0; i < 10_000 && !done(); i++) sched.runUntil(sched.now + 10);
      expect(done()).toBe(true);
    };

    const sentByA: string[] = [];
    const sentByB: string[] = [];
    const dA = dispatcherOf(a, sched, sentByA);
    const dB = dispatcherOf(b, sched, sentByB);

    dial();
    const request = a.journal.append('action.request', {
      connector: 'webhook',
      operation: 'post',
      environment: 'production',
      risk: 'high',
      target: 'deploy hook',
      summary: 'restart payments-api',
      params: { url: 'http://127.0.0.1:9/hook', payload: { text: 'restart' }, secret: 'hook' },
    });
    runUntil(() => b.ws.state.actions?.[request.id] !== undefined);

    net.cut(0, 1);
    sched.runUntil(sched.now + 100);
    b.journal.append('action.approve', { action: request.id, comment: 'approved from the other side of the partition' });
    for (let i = 0; i < 3; i++) {
      await dA.runOnce();
      await dB.runOnce();
      sched.runUntil(sched.now + 1_000);
    }
    expect(sentByA).toEqual([]);
    expect(sentByB).toEqual([]);
    expect(new Outbox(a.ws.store.db).get(request.id)).toMatchObject({ state: 'waiting-approval' });
    expect(new Outbox(b.ws.store.db).get(request.id)).toBeNull();

    net.heal(0, 1);
    dial();
    runUntil(() => (a.ws.state.actions?.[request.id]?.verdicts.length ?? 0) === 1);
    for (let i = 0; i < 3; i++) {
      await dA.runOnce();
      await dB.runOnce();
      sched.runUntil(sched.now + 1_000);
    }
    runUntil(() => b.ws.state.actions?.[request.id]?.status === 'succeeded');
    await dB.runOnce();
    await dA.runOnce();

    expect(sentByA).toEqual([request.id]);
    expect(sentByB).toEqual([]);
    expect(a.ws.state.actions?.[request.id]?.attempts).toHaveLength(1);
    expect(b.ws.stateHash()).toBe(a.ws.stateHash());
    closePeers(peers);
  });
});
