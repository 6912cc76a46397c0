import { afterAll, describe, expect, it } from 'vitest';
import { Reconnector, SyncNode, type Link, type PeerSession, type SyncEvent } from '../../../main/sync';
import { sameVector } from '../../../shared/sync';
import { cleanupTempDirs, closePeers, makePeers, T0 } from './peers';
import { SimNetwork } from './simNetwork';
import { SimScheduler, seededRandom } from './simScheduler';
import { makeVictim } from './victim';

afterAll(cleanupTempDirs);

const LIMITS = { batchEntries: 100, window: 2, heartbeatMs: 1_000 };

/** Count entries frames sent against acks received on one end: the window actually used. */
function spy(link: Link, seen: { maxUnacked: number; batches: number; largest: number }): Link {
  let unacked = 0;
  return {
    label: link.label,
    send(text) {
      if (text.startsWith('{"t":"entries"')) {
        unacked += 1;
        seen.batches += 1;
        seen.largest = Math.max(seen.largest, (JSON.parse(text) as { entries: unknown[] }).entries.length);
        seen.maxUnacked = Math.max(seen.maxUnacked, unacked);
      }
      link.send(text);
    },
    close: (r) => link.close(r),
    onClose: (h) => link.onClose(h),
    onFrame: (h) =>
      link.onFrame((f) => {
        if (f.kind === 'text' && f.text.startsWith('{"t":"ack"')) unacked -= 1;
        h(f);
      }),
  };
}

function setup(peers = 2) {
  const sched = new SimScheduler(T0);
  const p = makePeers(
    peers,
    Array.from({ length: peers }, () => sched.clock),
    { rosterEverywhere: true },
  );
  const net = new SimNetwork(sched, seededRandom(1), { minDelayMs: 2, maxDelayMs: 2, drop: 0, duplicate: 0 });
  const seen = { maxUnacked: 0, batches: 0, largest: 0 };
  const accepted: PeerSession[] = [];
  const events: SyncEvent[][] = p.map(() => []);
  const nodes = p.map((peer, i) => {
    const node = new SyncNode({ journal: peer.journal, signer: peer.signer, clock: sched.clock, timers: sched, limits: LIMITS });
    node.onEvent((e) => events[i]!.push(e));
    net.listen(i, (link) => accepted.push(node.attach(i === 0 ? spy(link, seen) : link)));
    return node;
  });
  const dial = (from: number, to: number) => net.dial(from, to, (err, link) => err === null && link && nodes[from]!.attach(link));
  const run = (until: () => boolean, maxMs = 60_000) => {
    const end = sched.now + maxMs;
    while (!until() && sched.now < end) sched.runUntil(sched.now + 10);
  };
  return { sched, peers: p, net, nodes, seen, accepted, events, dial, run };
}

describe('reconciliation', () => {
  it('streams exactly the missing entries in bounded batches, with progress, then pushes live', () => {
    const t = setup();
    const [a, b] = t.peers as [(typeof t.peers)[0], (typeof t.peers)[0]];
    a.journal.appendMany(Array.from({ length: 1000 }, (_, i) => ({ kind: 'note.add' as const, body: { text: `n${i}` } })));
    t.dial(1, 0);
    t.run(() => b.ws.store.count() === a.ws.store.count());
    expect(t.accepted[0]!.entriesSent).toBe(1000);
    expect(t.seen.largest).toBe(100);
    expect(t.seen.maxUnacked).toBeLessThanOrEqual(2);
    const progress = t.events[1]!.filter((e) => e.type === 'progress');
    expect(progress.at(-1)).toMatchObject({ received: 1000, total: 1000 });
    // Group import: the 10 batches are stored in fewer, larger imports, each reported as progress.
    const imports = t.events[1]!.filter((e) => e.type === 'stored').length;
    expect(imports).toBeGreaterThanOrEqual(2);
    expect(imports).toBeLessThan(10);
    expect(progress.length).toBeGreaterThanOrEqual(imports);

    const live = a.journal.append('incident.open', { title: 'DNS', severity: 1 });
    t.sched.runUntil(t.sched.now + 5);
    expect(b.ws.store.get(live.id)).not.toBeNull();
    expect(t.accepted[0]!.entriesSent).toBe(1001);
    expect(b.ws.stateHash()).toBe(a.ws.stateHash());
    closePeers(t.peers);
  });

  it('a catch-up sorting before local entries waits to be folded, and is folded once it is complete', () => {
    const t = setup();
    const [a, b] = t.peers as [(typeof t.peers)[0], (typeof t.peers)[0]];
    // b writes first, a later, apart: every batch a receives sorts before a's own new entries.
    b.journal.appendMany(Array.from({ length: 500 }, (_, i) => ({ kind: 'note.add' as const, body: { text: `b${i}` } })));
    t.sched.runUntil(t.sched.now + 1_000);
    a.journal.appendMany(Array.from({ length: 300 }, (_, i) => ({ kind: 'note.add' as const, body: { text: `a${i}` } })));
    const pending: boolean[] = [];
    const stop = a.journal.onStored(() => pending.push(a.ws.foldPending));
    const all = a.ws.store.count() + 500;
    t.dial(1, 0);
    t.run(() => a.ws.store.count() === all && b.ws.store.count() === all);
    stop();
    // Waiting between batches, none left once b's whole catch-up is in.
    expect(pending.filter((p) => p).length).toBeGreaterThanOrEqual(2);
    expect(a.ws.foldPending).toBe(false);
    expect(a.ws.stateHash()).toBe(b.ws.stateHash());
    closePeers(t.peers);
  });

  it('a transfer cut midway resumes without resending acknowledged entries', () => {
    const t = setup();
    const [a, b] = t.peers as [(typeof t.peers)[0], (typeof t.peers)[0]];
    a.journal.appendMany(Array.from({ length: 1000 }, (_, i) => ({ kind: 'note.add' as const, body: { text: `n${i}` } })));
    const start = b.ws.store.count();
    t.dial(1, 0);
    t.run(() => b.ws.store.count() >= start + 300);
    t.net.cut(0, 1);
    t.sched.runUntil(t.sched.now + 50);
    t.net.heal(0, 1);
    const had = b.ws.store.count() - start;
    expect(had).toBeLessThan(1000);
    expect(t.accepted[0]!.entriesSent - had).toBeLessThanOrEqual(2 * 100);
    t.dial(1, 0);
    t.run(() => b.ws.store.count() === a.ws.store.count());
    expect(t.accepted[1]!.entriesSent).toBe(1000 - had);
    expect(b.ws.stateHash()).toBe(a.ws.stateHash());
    closePeers(t.peers);
  });

  it('relays: A and C converge through B, in both directions', () => {
    const t = setup(3);
    const [a, b, c] = t.peers as [(typeof t.peers)[0], (typeof t.peers)[0], (typeof t.peers)[0]];
    t.dial(1, 0);
    t.dial(1, 2);
    const fromA = a.journal.append('incident.open', { title: 'from A', severity: 3 });
    const fromC = c.journal.append('note.add', { text: 'from C' });
    t.run(() => c.ws.store.get(fromA.id) !== null && a.ws.store.get(fromC.id) !== null);
    expect(sameVector(a.journal.versionVector(), c.journal.versionVector())).toBe(true);
    expect(new Set([a, b, c].map((p) => p.ws.stateHash())).size).toBe(1);
    closePeers(t.peers);
  });

  it('entries that arrive out of order wait for the gap to fill', () => {
    const v = makeVictim();
    const raw = v.connect();
    raw.handshake(v.member, v.ws.id);
    const e1 = v.forge(v.member, { seq: 1, prev: null, wall: v.sched.now });
    const e2 = v.forge(v.member, { seq: 2, prev: e1.id, wall: v.sched.now + 1 });
    const e3 = v.forge(v.member, { seq: 3, prev: e2.id, wall: v.sched.now + 2 });
    raw.send({ t: 'entries', n: 3, live: true, entries: [e3] });
    raw.send({ t: 'entries', n: 2, live: true, entries: [e2] });
    raw.flush();
    expect(v.ws.store.get(e3.id)).toBeNull();
    expect(raw.closed).toBeNull();
    raw.send({ t: 'entries', n: 1, live: true, entries: [e1] });
    raw.flush();
    for (const e of [e1, e2, e3]) expect(v.ws.store.get(e.id)).not.toBeNull();
    expect(raw.frames('ack').at(-1)?.vv[v.member.publicKey]).toBe(3);
  });

  it('reconnects with exponential backoff and jitter while the peer is unreachable', () => {
    const t = setup();
    const delays: number[] = [];
    t.net.cut(0, 1);
    const r = new Reconnector({
      dial: (done) => t.net.dial(1, 0, done),
      attach: (link) => t.nodes[1]!.attach(link),
      timers: t.sched,
      random: seededRandom(9),
      backoff: { baseMs: 100, maxMs: 2_000 },
      onRetry: (_why, ms) => delays.push(ms),
    });
    r.start();
    t.sched.runUntil(t.sched.now + 10_000);
    expect(r.status).toBe('waiting');
    expect(delays.length).toBeGreaterThanOrEqual(6);
    delays.slice(0, 5).forEach((d, i) => {
      const ceiling = Math.min(2_000, 100 * 2 ** i);
      expect(d).toBeGreaterThanOrEqual(ceiling / 2);
      expect(d).toBeLessThanOrEqual(ceiling);
    });
    t.net.heal(0, 1);
    t.run(() => r.status === 'connected' && r.session?.state === 'live');
    expect(r.failures).toBe(0);
    r.stop();
    expect(r.status).toBe('stopped');
    closePeers(t.peers);
  });
});
