// The live path's parts, each on its own: the renderer's SHA-256, the host's
// events (their base, a change split over several frames, a reopen after
// another process wrote), and what the store does with each: fold, or fetch
// a snapshot only where the rules say so.
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { nodeCrypto } from '../../../../main/crypto';
import { Workspace } from '../../../../main/workspace';
import { stateHash } from '../../../../shared/state';
import { liveCounts, rendererHasher, sha256, useWorkspaceStore } from '../../../../renderer/workspace';
import { LiveProjection } from '../../../../renderer/workspace/liveProjection';
import { StateSnapshotSchema } from '../../../../shared/api';
import { openLiveHost, seededSigner, settle, type LiveHost } from './liveHost';

let host: LiveHost | null = null;
afterEach(() => {
  host?.close();
  host = null;
  useWorkspaceStore.getState().reset();
});

async function connected(): Promise<LiveHost> {
  host = openLiveHost();
  useWorkspaceStore.getState().reset();
  await useWorkspaceStore.getState().refresh(host.client);
  return host;
}

/** Poll the host, hand its events to the store, and check the store holds the host's state. */
async function deliver(h: LiveHost): Promise<ReturnType<LiveHost['drain']>> {
  h.feed.poll();
  const events = h.drain();
  for (const event of events) useWorkspaceStore.getState().receive(h.client, event);
  await settle();
  expect(useWorkspaceStore.getState().state).toEqual(JSON.parse(JSON.stringify(h.feed.workspace.state)));
  expect(stateHash(nodeCrypto, useWorkspaceStore.getState().state!)).toBe(h.feed.stateHash());
  return events;
}

describe('renderer SHA-256', () => {
  it('equals node:crypto on any input, across the padding boundaries', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(Buffer.from(sha256(bytes)).toString('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
      }),
      { numRuns: 300 },
    );
    const big = new Uint8Array(1_000_003).map((_, i) => (i * 31) & 0xff);
    expect(Buffer.from(sha256(big)).toString('hex')).toBe(createHash('sha256').update(big).digest('hex'));
  });
});

describe('state:changed events', () => {
  it('each continue where the previous one left off, from where state:get stood', async () => {
    const h = await connected();
    const at = h.feed.workspace.position;
    h.feed.append({ kind: 'service.status', body: { service: 'web', status: 'down' } });
    const [first] = await deliver(h);
    expect(first).toMatchObject({ base: at, resync: null, more: false });
    h.feed.append({ kind: 'service.status', body: { service: 'web', status: 'healthy' } });
    const [second] = await deliver(h);
    expect(second?.base).toEqual({ lastKey: at.lastKey === null ? null : expect.anything(), count: at.count + 1 });
    expect(second?.base.lastKey).toEqual({
      wall: first!.added[0]!.header.hlc.wall,
      count: first!.added[0]!.header.hlc.count,
      author: first!.added[0]!.header.author,
      seq: first!.added[0]!.header.seq,
    });
    expect(liveCounts()).toMatchObject({ applied: 2, snapshots: 1, mismatches: 0 });
  });

  it('fold into the store sharing every record the change did not touch', async () => {
    const h = await connected();
    const before = useWorkspaceStore.getState().state!;
    h.feed.append({ kind: 'service.status', body: { service: 'web', status: 'down' } });
    await deliver(h);
    const after = useWorkspaceStore.getState().state!;
    expect(after.services.web).not.toBe(before.services.web);
    expect(after.services.web?.status).toBe('down');
    expect(after.services.api).toBe(before.services.api);
    expect(after.members).toBe(before.members);
    expect(after.incidents).toBe(before.incidents);
    expect(after.edges).toBe(before.edges);
  });

  it('split a change too big for one frame; the store folds the parts and shows the whole', async () => {
    const h = await connected();
    const text = 'x'.repeat(19_000);
    for (let i = 0; i < 120; i++) h.remote.write(h.clock.now() - 5_000 + i, 'note.add', { text, incident: h.incident, service: null });
    h.feed.import(h.remote.take());
    const events = await deliver(h);
    expect(events.length).toBeGreaterThan(1);
    expect(events.map((e) => e.more)).toEqual([...events.slice(1).map(() => true), false]);
    expect(events[1]!.base.count).toBe(events[0]!.base.count + events[0]!.added.length);
    expect(liveCounts()).toMatchObject({ applied: events.length, snapshots: 1, mismatches: 0 });
  });

  it('say when the host reopened the journal after another process wrote, and the store fetches a snapshot', async () => {
    const h = await connected();
    const cli = Workspace.open({ dir: h.dir, clock: h.clock, signer: seededSigner(1) });
    cli.append('service.status', { service: 'db', status: 'down' });
    cli.close();
    const [event] = await deliver(h);
    expect(event?.resync).toBe('reopened');
    expect(liveCounts()).toMatchObject({ snapshots: 2, because: { resync: 1 }, mismatches: 0 });
  });

  it('a missed event is a gap: the store fetches a snapshot rather than fold onto the wrong base', async () => {
    const h = await connected();
    h.feed.append({ kind: 'service.status', body: { service: 'api', status: 'down' } });
    h.feed.poll();
    expect(h.drain()).toHaveLength(1);
    h.feed.append({ kind: 'service.status', body: { service: 'api', status: 'degraded' } });
    await deliver(h);
    expect(liveCounts()).toMatchObject({ applied: 0, snapshots: 2, because: { gap: 1 }, mismatches: 0 });
  });

  it('a folded state that differs from the host is caught by the hash and fetched again', async () => {
    const h = await connected();
    h.feed.append({ kind: 'service.status', body: { service: 'web', status: 'down' } });
    h.feed.poll();
    const [event] = h.drain();
    // A host whose fold differs from the renderer's: its hash says so.
    useWorkspaceStore.getState().receive(h.client, { ...event!, stateHash: '0'.repeat(64) });
    useWorkspaceStore.getState().verify(h.client);
    await settle();
    expect(liveCounts()).toMatchObject({ mismatches: 1, snapshots: 2, because: { mismatch: 1 } });
    expect(useWorkspaceStore.getState().stateHash).toBe(h.feed.stateHash());
  });

  it('past the entries it keeps, the renderer starts over from its current state: later entries sorting before it need a snapshot', async () => {
    const h = await connected();
    const got = await h.client.call('state:get', {});
    if (!got.ok) throw new Error(got.error.message);
    const live = new LiveProjection(rendererHasher, StateSnapshotSchema.parse(got.value), 3);
    const early = h.clock.now() + 500;
    for (let i = 0; i < 5; i++) {
      h.clock.advance(1000);
      h.feed.append({ kind: 'service.status', body: { service: 'web', status: i % 2 === 0 ? 'down' : 'healthy' } });
    }
    h.feed.poll();
    for (const event of h.drain()) expect(live.apply(event).kind).toBe('applied');
    expect(live.stateHash()).toBe(h.feed.stateHash());
    // Written before the host's last five: after the first snapshot, but before the state the renderer started over from.
    h.remote.write(early, 'service.status', { service: 'db', status: 'down', reason: '', incident: null });
    h.feed.import(h.remote.take());
    h.feed.poll();
    const [late] = h.drain();
    expect(live.apply(late!)).toEqual({ kind: 'snapshot', reason: 'before-snapshot' });
  });
});
