// Property: the projection depends on the entry set only. Whatever order the
// entries reach a peer in (any permutation, in any batch sizes), feeding them
// to a Projector as they are stored gives the state hash of a full refold.

import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { Role } from '../../../../shared/entries';
import { compareOrder, type Entry, type OrderKey } from '../../../../shared/journal';
import { Projector, stateHash, type FoldEntry } from '../../../../shared/state';
import { JournalBuilder, MemorySource, foldAll, hasher, hashOf, keyOf, refoldHash } from './journalBuilder';

type Name = 'alice' | 'bob' | 'carol' | 'dave';
const AUTHORS: readonly Name[] = ['alice', 'bob', 'carol', 'dave'];
const SERVICES = ['api', 'db', 'web'] as const;
const TEAMS = ['sre', 'payments'] as const;

type Op =
  | { t: 'member'; who: Name; roles: Role[] }
  | { t: 'revoke'; who: Name }
  | { t: 'team'; team: string }
  | { t: 'service'; service: string }
  | { t: 'retire'; service: string }
  | { t: 'edgeAdd'; from: string; to: string }
  | { t: 'edgeRemove'; from: string; to: string; observeAll: boolean }
  | { t: 'status'; service: string; status: 'healthy' | 'degraded' | 'down' | 'unknown' }
  | { t: 'open'; severity: number }
  | { t: 'update'; inc: number; title: string | null; status: 'identified' | 'mitigating' | null }
  | { t: 'resolve'; inc: number }
  | { t: 'reopen'; inc: number }
  | { t: 'task'; inc: number; assignee: 'none' | 'member' | 'team' }
  | { t: 'taskStatus'; task: number; status: 'open' | 'in_progress' | 'blocked' | 'done' | 'cancelled' }
  | { t: 'note'; inc: number | null; text: string }
  | { t: 'garbage'; unknownKind: boolean };

/** One step of the journal: who writes what, when, and whether they had seen everything before. */
interface Step {
  by: Name;
  op: Op;
  /** Milliseconds after the previous step (0: same wall time, a likely tie). */
  dt: number;
  observe: boolean;
}

const name = fc.constantFrom(...AUTHORS);
function pick<T>(xs: readonly T[]): fc.Arbitrary<T> {
  return fc.constantFrom(...xs);
}

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('member' as const),
      who: pick(['bob', 'carol', 'dave'] as const),
      roles: fc.subarray<Role>(['admin', 'commander', 'responder', 'observer'], { minLength: 1 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('revoke' as const), who: name }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('team' as const), team: pick(TEAMS) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('service' as const), service: pick(SERVICES) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('retire' as const), service: pick(SERVICES) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('edgeAdd' as const), from: pick(SERVICES), to: pick([...SERVICES, ...TEAMS]) }) },
  {
    weight: 2,
    arbitrary: fc.record({ t: fc.constant('edgeRemove' as const), from: pick(SERVICES), to: pick([...SERVICES, ...TEAMS]), observeAll: fc.boolean() }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ t: fc.constant('status' as const), service: pick(SERVICES), status: pick(['healthy', 'degraded', 'down', 'unknown'] as const) }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('open' as const), severity: fc.integer({ min: 1, max: 5 }) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('update' as const),
      inc: fc.nat(3),
      title: fc.option(pick(['A', 'B', 'C'])),
      status: fc.option(pick(['identified', 'mitigating'] as const)),
    }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('resolve' as const), inc: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('reopen' as const), inc: fc.nat(3) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('task' as const), inc: fc.nat(3), assignee: pick(['none', 'member', 'team'] as const) }) },
  {
    weight: 5,
    arbitrary: fc.record({
      t: fc.constant('taskStatus' as const),
      task: fc.nat(3),
      status: pick(['open', 'in_progress', 'blocked', 'done', 'cancelled'] as const),
    }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('note' as const), inc: fc.option(fc.nat(3)), text: pick(['ack', 'paging db team', 'rolled back']) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('garbage' as const), unknownKind: fc.boolean() }) },
);

const stepArb: fc.Arbitrary<Step> = fc.record({
  by: fc.oneof({ weight: 5, arbitrary: pick(['alice', 'bob', 'carol'] as const) }, { weight: 1, arbitrary: fc.constant('dave' as const) }),
  op: opArb,
  dt: fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: fc.integer({ min: 1, max: 3000 }) }),
  observe: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
});

const UNKNOWN_ID = 'f'.repeat(64);

/** Sign the journal a list of steps describes: a fixed prelude (workspace, two members, a catalog, an incident, a task), then the steps. */
function build(steps: readonly Step[]): { b: JournalBuilder<Name>; entries: Entry[] } {
  const b = new JournalBuilder<Name>(AUTHORS);
  b.genesis();
  b.append('alice', 'roster.memberPut', { member: b.key('bob'), name: 'Bob', roles: ['commander'] });
  b.append('alice', 'roster.memberPut', { member: b.key('carol'), name: 'Carol', roles: ['responder'], teams: ['sre'] });
  b.append('bob', 'catalog.teamPut', { team: 'sre', name: 'SRE' });
  b.append('bob', 'catalog.servicePut', { service: 'api', name: 'API' });
  b.append('bob', 'catalog.servicePut', { service: 'db', name: 'DB' });
  const incidents: string[] = [b.append('carol', 'incident.open', { title: 'Incident 0', severity: 2 }).id];
  const tasks: string[] = [b.append('bob', 'task.create', { incident: incidents[0]!, title: 'Investigate' }).id];

  const edgeAdds = new Map<string, string[]>();
  let t = b.entries.at(-1)!.header.hlc.wall;
  // The i-th most recent id (recent incidents and tasks are the ones people act on).
  const nth = (ids: readonly string[], i: number): string => (ids.length === 0 ? UNKNOWN_ID : ids[ids.length - 1 - (i % ids.length)]!);

  for (const { by, op, dt, observe } of steps) {
    t += dt;
    const o = { wall: t, observe };
    switch (op.t) {
      case 'member':
        b.append(by, 'roster.memberPut', { member: b.key(op.who), name: op.who, roles: op.roles }, o);
        break;
      case 'revoke':
        b.append(by, 'roster.memberRevoke', { member: b.key(op.who), reason: 'rotation' }, o);
        break;
      case 'team':
        b.append(by, 'catalog.teamPut', { team: op.team, name: op.team.toUpperCase() }, o);
        break;
      case 'service':
        b.append(by, 'catalog.servicePut', { service: op.service, name: op.service.toUpperCase() }, o);
        break;
      case 'retire':
        b.append(by, 'catalog.serviceRetire', { service: op.service }, o);
        break;
      case 'edgeAdd': {
        const type = (TEAMS as readonly string[]).includes(op.to) ? 'ownedBy' : 'dependsOn';
        const e = b.append(by, 'catalog.edgeAdd', { type, from: op.from, to: op.to }, o);
        const k = `${type}:${op.from}:${op.to}`;
        edgeAdds.set(k, [...(edgeAdds.get(k) ?? []), e.id]);
        break;
      }
      case 'edgeRemove': {
        const type = (TEAMS as readonly string[]).includes(op.to) ? 'ownedBy' : 'dependsOn';
        const seen = edgeAdds.get(`${type}:${op.from}:${op.to}`) ?? [];
        const observed = seen.length === 0 ? [UNKNOWN_ID] : op.observeAll ? seen : [seen[0]!];
        b.append(by, 'catalog.edgeRemove', { type, from: op.from, to: op.to, observed }, o);
        break;
      }
      case 'status':
        b.append(by, 'service.status', { service: op.service, status: op.status, incident: incidents.length > 0 ? nth(incidents, 0) : null }, o);
        break;
      case 'open':
        incidents.push(b.append(by, 'incident.open', { title: `Incident ${incidents.length}`, severity: op.severity }, o).id);
        break;
      case 'update':
        b.append(
          by,
          'incident.update',
          { incident: nth(incidents, op.inc), ...(op.title ? { title: op.title } : { severity: 2 }), ...(op.status ? { status: op.status } : {}) },
          o,
        );
        break;
      case 'resolve':
        b.append(by, 'incident.resolve', { incident: nth(incidents, op.inc) }, o);
        break;
      case 'reopen':
        b.append(by, 'incident.reopen', { incident: nth(incidents, op.inc) }, o);
        break;
      case 'task': {
        const assignee = op.assignee === 'none' ? null : op.assignee === 'member' ? { member: b.key('carol') } : { team: 'sre' };
        tasks.push(b.append(by, 'task.create', { incident: nth(incidents, op.inc), title: 'Do the thing', assignee }, o).id);
        break;
      }
      case 'taskStatus':
        b.append(by, 'task.status', { task: nth(tasks, op.task), status: op.status }, o);
        break;
      case 'note':
        b.append(by, 'note.add', { text: op.text, incident: op.inc === null ? null : nth(incidents, op.inc) }, o);
        break;
      case 'garbage':
        if (op.unknownKind) b.raw(by, 'pager.page', { who: 'everyone' }, o);
        else b.raw(by, 'incident.open', { title: 42 }, o);
        break;
    }
  }
  return { b, entries: b.entries };
}

const PRELUDE = 8;

const caseArb = fc.array(stepArb, { minLength: 10, maxLength: 40 }).chain((steps) => {
  const n = PRELUDE + steps.length;
  const indices = Array.from({ length: n }, (_, i) => i);
  return fc.record({
    steps: fc.constant(steps),
    order: fc.shuffledSubarray(indices, { minLength: n, maxLength: n }),
    batches: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 8 }),
    snapshotEvery: fc.integer({ min: 1, max: 8 }),
    keepSnapshots: fc.integer({ min: 1, max: 4 }),
  });
});

/** Deliver entries in `order`, in batches cycling through `batches` sizes; each batch is stored, then added. */
function deliver(
  entries: readonly FoldEntry[],
  order: readonly number[],
  batches: readonly number[],
  opts: { snapshotEvery: number; keepSnapshots: number },
  onStep?: (projector: Projector, source: MemorySource) => void,
) {
  const source = new MemorySource();
  const projector = new Projector(hasher, source, opts);
  let i = 0;
  let step = 0;
  while (i < order.length) {
    const size = batches[step % batches.length]!;
    const chunk = order.slice(i, i + size).map((k) => entries[k]!);
    for (const e of chunk) source.store(e);
    projector.add(chunk);
    onStep?.(projector, source);
    i += size;
    step += 1;
  }
  return { projector, source };
}

describe('delivery order does not matter', () => {
  it('any permutation, in any batch sizes, folds to the full-refold state hash', () => {
    let sawRewinds = 0;
    let sawRejections = 0;
    fc.assert(
      fc.property(caseArb, ({ steps, order, batches, snapshotEvery, keepSnapshots }) => {
        const { entries } = build(steps);
        expect(entries).toHaveLength(order.length);
        const { projector } = deliver(entries, order, batches, { snapshotEvery, keepSnapshots });
        const full = refoldHash(entries);
        expect(stateHash(hasher, projector.state)).toBe(full);
        expect(hashOf(foldAll(entries))).toBe(full);
        expect(projector.count).toBe(entries.length);
        const state = projector.state;
        expect(state.applied + Object.keys(state.rejected).length).toBe(entries.length);
        if (projector.rewindCount > 0) sawRewinds += 1;
        if (Object.values(state.rejected).some((r) => r.category === 'unauthorized')) sawRejections += 1;
      }),
      { numRuns: 150 },
    );
    // The generator really exercises late arrivals and authorization.
    expect(sawRewinds).toBeGreaterThan(100);
    expect(sawRejections).toBeGreaterThan(50);
  });

  it('two peers receiving the same entries in different orders agree byte for byte', () => {
    fc.assert(
      fc.property(
        caseArb.chain((c) => fc.record({ c: fc.constant(c), other: fc.shuffledSubarray(c.order, { minLength: c.order.length, maxLength: c.order.length }) })),
        ({ c, other }) => {
          const { entries } = build(c.steps);
          const p1 = deliver(entries, c.order, c.batches, { snapshotEvery: c.snapshotEvery, keepSnapshots: c.keepSnapshots }).projector;
          const p2 = deliver(entries, other, [1], { snapshotEvery: 3, keepSnapshots: 2 }).projector;
          expect(stateHash(hasher, p2.state)).toBe(stateHash(hasher, p1.state));
          expect(p2.state).toEqual(p1.state);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('equivocation evidence arriving at any point gives the same state as marking it up front', () => {
    fc.assert(
      fc.property(
        caseArb,
        pick(['bob', 'carol'] as const),
        fc.integer({ min: 1, max: 6 }),
        fc.nat(),
        ({ steps, order, batches, snapshotEvery, keepSnapshots }, who, seq, when) => {
          const { b, entries } = build(steps);
          const author = b.key(who);
          let marked = false;
          const mark = (projector: Projector, source: MemorySource): void => {
            // What the workspace passes: the first stored entry of that author at or after seq.
            let first: OrderKey | null = null;
            for (const e of source.all()) {
              if (e.header.author === author && e.header.seq >= seq && (first === null || compareOrder(keyOf(e), first) < 0)) first = keyOf(e);
            }
            projector.markEquivocation(author, seq, first);
            marked = true;
          };
          // Mark once at least `threshold` entries have been delivered (after the first batch at the earliest).
          const threshold = when % (order.length + 1);
          const { projector, source } = deliver(entries, order, batches, { snapshotEvery, keepSnapshots }, (p, s) => {
            if (!marked && s.size >= threshold) mark(p, s);
          });
          if (!marked) mark(projector, source);
          expect(stateHash(hasher, projector.state)).toBe(refoldHash(entries, { equivocations: { [author]: seq } }));
        },
      ),
      { numRuns: 100 },
    );
  });
});
