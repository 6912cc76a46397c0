// Random journals for the projector's property tests: a fixed prelude (a
// workspace, members, a catalog, an incident, a task), then random steps by
// several authors, with clock ties, authors that had not seen each other's
// entries, rejected and malformed entries, and redactions of notes.

import fc from 'fast-check';
import type { Role } from '../../../../shared/entries';
import type { Entry } from '../../../../shared/journal';
import { Projector, type FoldEntry } from '../../../../shared/state';
import { JournalBuilder, MemorySource, hasher } from './journalBuilder';

export type Name = 'alice' | 'bob' | 'carol' | 'dave';
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
  | { t: 'garbage'; unknownKind: boolean }
  | { t: 'redact'; note: number };

/** One step of the journal: who writes what, when, and whether they had seen everything before. */
interface Step {
  by: Name;
  op: Op;
  /** Milliseconds after the previous step (0: same wall time, a likely tie). */
  dt: number;
  observe: boolean;
}

export const name = fc.constantFrom(...AUTHORS);
export function pick<T>(xs: readonly T[]): fc.Arbitrary<T> {
  return fc.constantFrom(...xs);
}

export const opArb: fc.Arbitrary<Op> = fc.oneof(
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
  { weight: 1, arbitrary: fc.record({ t: fc.constant('redact' as const), note: fc.nat(3) }) },
);

const stepArb: fc.Arbitrary<Step> = fc.record({
  by: fc.oneof({ weight: 5, arbitrary: pick(['alice', 'bob', 'carol'] as const) }, { weight: 1, arbitrary: fc.constant('dave' as const) }),
  op: opArb,
  dt: fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: fc.integer({ min: 1, max: 3000 }) }),
  observe: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
});

const UNKNOWN_ID = 'f'.repeat(64);

/** Sign the journal a list of steps describes: a fixed prelude (workspace, two members, a catalog, an incident, a task), then the steps. */
export function build(steps: readonly Step[]): { b: JournalBuilder<Name>; entries: Entry[] } {
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
  const notes: string[] = [];
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
        notes.push(b.append(by, 'note.add', { text: op.text, incident: op.inc === null ? null : nth(incidents, op.inc) }, o).id);
        break;
      case 'redact':
        b.append(by, 'journal.redact', { target: nth(notes, op.note), targetKind: 'note.add', reason: 'personal data' }, o);
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

export const caseArb = fc.array(stepArb, { minLength: 10, maxLength: 40 }).chain((steps) => {
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
export function deliver(
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
