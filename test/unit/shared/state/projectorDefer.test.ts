import { describe, expect, it } from 'vitest';
import type { Entry } from '../../../../shared/journal';
import {
  Projector,
  ROSTER_KINDS,
  applyEntry,
  emptyState,
  itemId,
  stateHash,
  stateItems,
  type FoldEntry,
  type ItemJson,
  type ProjectionCheckpoint,
  type WorkspaceState,
} from '../../../../shared/state';
import { JournalBuilder, MemorySource, hasher, keyOf, refoldHash, sortByOrder } from './journalBuilder';

// A reconnect after an outage: alice (admin) and bob (responder) shared a
// journal, then each wrote apart. Bob's new entries sort before alice's, so
// every batch of them that reaches alice's projector is a late arrival.

type Name = 'alice' | 'bob' | 'carol';

function outage(opts: { shared?: number; bobNew?: number; aliceNew?: number } = {}) {
  const b = new JournalBuilder<Name>(['alice', 'bob', 'carol']);
  const shared: Entry[] = [b.genesis()];
  shared.push(b.append('alice', 'roster.memberPut', { member: b.key('bob'), name: 'Bob', roles: ['responder'] }));
  shared.push(b.append('alice', 'roster.memberPut', { member: b.key('carol'), name: 'Carol', roles: ['admin'] }));
  for (let i = 0; i < (opts.shared ?? 20); i++) shared.push(b.append(i % 2 === 0 ? 'alice' : 'bob', 'note.add', { text: `shared ${i}` }));
  const split = b.entries.at(-1)!.header.hlc.wall;
  // Bob writes first (earlier wall times), alice later, neither seeing the other.
  const bobNew = Array.from({ length: opts.bobNew ?? 12 }, (_, i) =>
    b.append('bob', 'note.add', { text: `bob ${i}` }, { wall: split + 1000 * (i + 1), observe: false }),
  );
  const aliceNew = Array.from({ length: opts.aliceNew ?? 10 }, (_, i) =>
    b.append('alice', 'note.add', { text: `alice ${i}` }, { wall: split + 100_000 + 1000 * i, observe: false }),
  );
  return { b, shared, bobNew, aliceNew, all: [...shared, ...bobNew, ...aliceNew] };
}

/** Alice's projector after folding the shared entries and her own new ones. */
function alicesProjector(local: readonly Entry[], opts: { snapshotEvery?: number; keepSnapshots?: number } = {}) {
  const source = new MemorySource(local);
  const projector = new Projector(hasher, source, opts);
  projector.add(sortByOrder(local));
  return { source, projector };
}

/** What a persisted earlier checkpoint holds: the values at `older` of every item that differs in `newer`. */
function undoBetween(older: ProjectionCheckpoint, newer: ProjectionCheckpoint): Map<string, ItemJson> {
  const map = (cp: ProjectionCheckpoint) => new Map([...stateItems(cp.state)].map(([section, key, json]) => [itemId(section, key), json]));
  const before = map(older);
  const after = map(newer);
  const undo = new Map<string, ItemJson>();
  for (const [id, json] of after) if (before.get(id) !== json) undo.set(id, before.get(id) ?? null);
  for (const [id, json] of before) if (!after.has(id)) undo.set(id, json);
  return undo;
}

function deliverLate(source: MemorySource, projector: Projector, entries: readonly FoldEntry[], batch: number, how: 'add' | 'defer'): void {
  for (let i = 0; i < entries.length; i += batch) {
    const chunk = entries.slice(i, i + batch);
    for (const e of chunk) source.store(e);
    projector[how](chunk);
  }
}

describe('Projector.defer: a catch-up folds once', () => {
  it('many late batches replay the local entries once, on the first read, to the state a full refold gives', () => {
    const { shared, bobNew, aliceNew, all } = outage();
    const eager = alicesProjector([...shared, ...aliceNew]);
    deliverLate(eager.source, eager.projector, bobNew, 3, 'add');
    expect(eager.projector.rewindCount).toBe(4);

    const lazy = alicesProjector([...shared, ...aliceNew]);
    lazy.source.yielded = 0;
    deliverLate(lazy.source, lazy.projector, bobNew, 3, 'defer');
    expect(lazy.projector.unsettled).toBe(true);
    expect(lazy.projector.rewindCount).toBe(0);
    expect(lazy.source.yielded).toBe(0);

    expect(stateHash(hasher, lazy.projector.state)).toBe(refoldHash(all));
    expect(lazy.projector.unsettled).toBe(false);
    expect(lazy.projector.rewindCount).toBe(1);
    expect(lazy.projector.count).toBe(all.length);
    expect(stateHash(hasher, eager.projector.state)).toBe(refoldHash(all));
  });

  it('entries at the tail still fold at once while nothing waits', () => {
    const { shared, bobNew } = outage();
    const { source, projector } = alicesProjector(shared);
    deliverLate(source, projector, bobNew, 5, 'defer');
    expect(projector.unsettled).toBe(false);
    expect(projector.count).toBe(shared.length + bobNew.length);
  });

  it('the roster view does not fold what waits, and matches the folded roster', () => {
    const { shared, bobNew, aliceNew } = outage();
    const { source, projector } = alicesProjector([...shared, ...aliceNew]);
    deliverLate(source, projector, bobNew, 4, 'defer');
    const slices = (s: typeof projector.roster) =>
      structuredClone({ workspace: s.workspace, members: s.members, redacted: s.redacted, equivocations: s.equivocations });
    const roster = slices(projector.roster);
    expect(projector.unsettled).toBe(true);
    expect(roster.members[keyOf(bobNew[0]!).author]?.active).toBe(true);
    expect(roster).toEqual(slices(projector.state));
  });

  it.each([...ROSTER_KINDS].filter((k) => k !== 'workspace.genesis'))('a batch holding %s folds at once, so the roster view stays exact', (kind) => {
    const { b, shared, bobNew, aliceNew, all } = outage();
    const split = bobNew.at(-1)!.header.hlc.wall;
    const bodies: Record<string, unknown> = {
      'roster.memberPut': { member: b.key('bob'), name: 'Bob', roles: ['observer'] },
      'roster.memberRevoke': { member: b.key('bob'), reason: 'lost laptop' },
      'journal.redact': { target: bobNew[0]!.id, targetKind: 'note.add', reason: 'personal data' },
    };
    const late = b.raw('carol', kind, bodies[kind] as never, { wall: split + 500, observe: false });
    const { source, projector } = alicesProjector([...shared, ...aliceNew]);
    deliverLate(source, projector, bobNew, 4, 'defer');
    expect(projector.unsettled).toBe(true);
    deliverLate(source, projector, [late], 1, 'defer');
    expect(projector.unsettled).toBe(false);
    expect(stateHash(hasher, projector.state)).toBe(refoldHash([...all, late]));
  });

  it('applyLocal, checkpoint and forget fold what waits first', () => {
    const { b, shared, bobNew, aliceNew, all } = outage();
    const { source, projector } = alicesProjector([...shared, ...aliceNew]);
    deliverLate(source, projector, bobNew, 4, 'defer');
    const cp = projector.checkpointView();
    expect(cp.count).toBe(all.length);
    expect(stateHash(hasher, cp.state)).toBe(refoldHash(all));

    const again = alicesProjector([...shared, ...aliceNew]);
    deliverLate(again.source, again.projector, bobNew, 4, 'defer');
    const local = b.append('alice', 'note.add', { text: 'after the reconnect' });
    // As Workspace.commit does: what waits is folded before the new entry is stored, then the entry applies at the tail.
    expect(again.projector.applyLocal(local)).toEqual({ applied: true });
    again.source.store(local);
    expect(again.projector.unsettled).toBe(false);
    expect(stateHash(hasher, again.projector.state)).toBe(refoldHash([...all, local]));

    const third = alicesProjector([...shared, ...aliceNew]);
    deliverLate(third.source, third.projector, bobNew, 4, 'defer');
    third.projector.forget(keyOf(bobNew[0]!));
    expect(third.projector.unsettled).toBe(false);
    expect(stateHash(hasher, third.projector.state)).toBe(refoldHash(all));
  });
});

describe('Projector: snapshots near the tail', () => {
  it('a replay leaves snapshots along the way, so the next late arrival replays little', () => {
    const { shared, bobNew, aliceNew, all } = outage({ shared: 40, bobNew: 10, aliceNew: 30 });
    const { source, projector } = alicesProjector([...shared, ...aliceNew], { snapshotEvery: 4, keepSnapshots: 64 });
    deliverLate(source, projector, bobNew.slice(0, 5), 5, 'add');
    source.yielded = 0;
    deliverLate(source, projector, bobNew.slice(5), 5, 'add');
    // From a snapshot at most 4 entries before the insertion point: bob's 5 new entries and alice's 30.
    expect(source.yielded).toBeLessThanOrEqual(4 + 5 + 30);
    expect(stateHash(hasher, projector.state)).toBe(refoldHash(all));
  });

  it('earlier projections given at construction let a late arrival rewind to the nearest one, not to the start', () => {
    const { shared, bobNew, aliceNew, all } = outage({ shared: 60, bobNew: 6, aliceNew: 8 });
    const before = alicesProjector(shared).projector.checkpoint();
    const local = [...shared, ...aliceNew];
    const newest = alicesProjector(local).projector.checkpoint();
    const source = new MemorySource(local);
    const projector = new Projector(
      hasher,
      source,
      {},
      {
        ...newest,
        earlier: [{ lastKey: before.lastKey!, count: before.count, sum: before.sum!, undo: () => undoBetween(before, newest), usable: () => true }],
      },
    );
    deliverLate(source, projector, bobNew, 2, 'defer');
    expect(stateHash(hasher, projector.state)).toBe(refoldHash(all));
    expect(source.yielded).toBe(bobNew.length + aliceNew.length);
  });

  it('an earlier projection that can no longer be restored is passed over', () => {
    const { shared, bobNew, aliceNew, all } = outage({ shared: 30, bobNew: 4, aliceNew: 5 });
    const local = [...shared, ...aliceNew];
    const before = alicesProjector(shared).projector.checkpoint();
    const newest = alicesProjector(local).projector.checkpoint();
    const source = new MemorySource(local);
    let asked = 0;
    const projector = new Projector(
      hasher,
      source,
      {},
      {
        ...newest,
        earlier: [{ lastKey: before.lastKey!, count: before.count, sum: before.sum!, undo: () => undoBetween(before, newest), usable: () => (asked++, false) }],
      },
    );
    deliverLate(source, projector, bobNew, 4, 'add');
    expect(asked).toBe(1);
    expect(source.yielded).toBe(all.length);
    expect(stateHash(hasher, projector.state)).toBe(refoldHash(all));
  });
});

describe('ROSTER_KINDS', () => {
  it('no other kind writes the roster slices, applied or rejected (what lets the roster view skip deferred entries)', () => {
    const b = new JournalBuilder<'alice' | 'bob' | 'carol' | 'dave' | 'erin'>(['alice', 'bob', 'carol', 'dave', 'erin']);
    b.genesis();
    b.append('alice', 'roster.memberPut', { member: b.key('bob'), name: 'Bob', roles: ['commander'] });
    b.append('alice', 'roster.memberPut', { member: b.key('carol'), name: 'Carol', roles: ['responder'], teams: ['sre'] });
    b.append('alice', 'roster.memberPut', { member: b.key('dave'), name: 'Dave', roles: ['observer'] });
    b.append('bob', 'catalog.teamPut', { team: 'sre', name: 'SRE' });
    b.append('bob', 'catalog.servicePut', { service: 'api', name: 'API' });
    b.append('bob', 'catalog.servicePut', { service: 'db', name: 'DB' });
    b.append('bob', 'catalog.edgeAdd', { type: 'dependsOn', from: 'api', to: 'db' });
    const inc = b.append('carol', 'incident.open', { title: 'Checkout failing', severity: 2 });
    b.append('carol', 'service.status', { service: 'db', status: 'degraded', incident: inc.id });
    const task = b.append('bob', 'task.create', { incident: inc.id, title: 'Fail over', assignee: { member: b.key('carol') } });
    b.append('carol', 'task.status', { task: task.id, status: 'done' });
    b.append('carol', 'task.status', { task: task.id, status: 'blocked' });
    const note = b.append('carol', 'note.add', { text: 'failover complete', incident: inc.id });
    b.append('alice', 'journal.redact', { target: note.id, targetKind: 'note.add', reason: 'personal data' });
    b.append('dave', 'note.add', { text: 'observers cannot write' });
    b.append('erin', 'incident.open', { title: 'not a member', severity: 5 });
    b.append('bob', 'incident.update', { incident: inc.id, title: 'DB failover' });
    b.append('bob', 'incident.resolve', { incident: inc.id, resolution: 'failed over' });
    b.append('alice', 'roster.memberRevoke', { member: b.key('carol'), reason: 'rotation ended' });
    b.append('carol', 'note.add', { text: 'after revocation' });
    const slices = (s: WorkspaceState) => JSON.stringify([s.workspace, s.members, s.redacted, s.equivocations]);
    const state = emptyState();
    let others = 0;
    for (const entry of sortByOrder(b.entries)) {
      const before = slices(state);
      applyEntry(state, entry, hasher);
      if (ROSTER_KINDS.has(entry.header.kind)) continue;
      others += 1;
      expect(slices(state), entry.header.kind).toBe(before);
    }
    expect(others).toBeGreaterThan(10);
  });
});
