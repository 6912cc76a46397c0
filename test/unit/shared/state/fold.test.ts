import { afterEach, describe, it, expect } from 'vitest';
import { taskTransitionError, workspaceIdOf, type GenesisBody } from '../../../../shared/entries';
import type { Entry } from '../../../../shared/journal';
import { applyEntry, blastRadius, edgeKey, emptyState, type Edge, type FoldOutcome, type WorkspaceState } from '../../../../shared/state';
import { JournalBuilder, foldAll, hasher, hashOf, redacted } from './journalBuilder';

type Name = 'alice' | 'bob' | 'carol' | 'dave' | 'erin';
const NAMES: readonly Name[] = ['alice', 'bob', 'carol', 'dave', 'erin'];

/** Fold entries one by one in the given (total) order, returning each verdict. */
function foldEach(entries: readonly Entry[]): { state: WorkspaceState; outcomes: FoldOutcome[] } {
  const state = emptyState();
  const outcomes = entries.map((e) => applyEntry(state, e, hasher));
  return { state, outcomes };
}

function expectRejected(state: WorkspaceState, entry: Entry, category: 'unauthorized' | 'invalid', reason: RegExp | string): void {
  const rejection = state.rejected[entry.id];
  expect(rejection, `entry ${entry.header.kind} should be rejected`).toBeDefined();
  expect(rejection!.category).toBe(category);
  if (typeof reason === 'string') expect(rejection!.reason).toBe(reason);
  else expect(rejection!.reason).toMatch(reason);
  expect(rejection!.kind).toBe(entry.header.kind);
  expect(rejection!.author).toBe(entry.header.author);
  expect(rejection!.seq).toBe(entry.header.seq);
}

/** A workspace with alice (admin, creator), bob (commander), carol (responder), dave (observer); erin is no member. */
function team(): { b: JournalBuilder<Name>; base: Entry[] } {
  const b = new JournalBuilder<Name>(NAMES);
  const base = [
    b.genesis(),
    b.append('alice', 'roster.memberPut', { member: b.key('bob'), name: 'Bob', roles: ['commander'] }),
    b.append('alice', 'roster.memberPut', { member: b.key('carol'), name: 'Carol', roles: ['responder'], teams: ['sre'] }),
    b.append('alice', 'roster.memberPut', { member: b.key('dave'), name: 'Dave', roles: ['observer'] }),
  ];
  return { b, base };
}

describe('genesis', () => {
  it('founds the workspace and makes the creator an admin (and commander)', () => {
    const b = new JournalBuilder<Name>(NAMES);
    const g = b.genesis();
    const { state, outcomes } = foldEach([g]);
    expect(outcomes).toEqual([{ applied: true }]);
    expect(state.workspace).toEqual({ id: b.ws, name: 'Test workspace', genesis: g.id, createdAt: b.genesisBody.createdAt });
    expect(state.members[b.key('alice')]).toMatchObject({ name: 'alice', roles: ['admin', 'commander'], active: true, revokedAt: null });
    expect(state.applied).toBe(1);
    expect(workspaceIdOf(hasher, b.genesisBody)).toBe(b.ws);
  });

  it('is refused when signed by someone other than the creator it names', () => {
    const b = new JournalBuilder<Name>(NAMES);
    const g = b.genesis({ by: 'bob' });
    const { state, outcomes } = foldEach([g]);
    expect(outcomes[0]).toEqual({ applied: false, category: 'invalid', reason: 'genesis must be signed by the creator it names' });
    expect(state.workspace).toBeNull();
    expect(state.members).toEqual({});
    expectRejected(state, g, 'invalid', 'genesis must be signed by the creator it names');
  });

  it('is refused when its body does not hash to the workspace id', () => {
    const b = new JournalBuilder<Name>(NAMES);
    const other: GenesisBody = { ...b.genesisBody, name: 'Another workspace' };
    expect(workspaceIdOf(hasher, other)).not.toBe(b.ws);
    const g = b.genesis({ body: other });
    const { state } = foldEach([g]);
    expectRejected(state, g, 'invalid', 'workspace id does not match the genesis body');
    expect(state.workspace).toBeNull();
  });

  it('must be its author\'s first entry, must come first, and happens once', () => {
    const b = new JournalBuilder<Name>(NAMES);
    const early = b.raw('bob', 'note.add', { text: 'before the workspace exists' });
    const late = b.append('alice', 'note.add', { text: 'hello' });
    const g2 = b.genesis(); // alice's seq 2
    const fresh = new JournalBuilder<Name>(NAMES);
    const g = fresh.genesis();
    const again = fresh.genesis({ by: 'bob', body: { ...fresh.genesisBody, creator: fresh.key('bob'), creatorName: 'bob' } });
    const { state } = foldEach([early, late, g2]);
    expectRejected(state, early, 'invalid', 'no genesis entry precedes this entry');
    expectRejected(state, g2, 'invalid', 'genesis must be the first entry of its author');
    const second = foldEach([g, again]).state;
    expectRejected(second, again, 'invalid', 'workspace already has a genesis entry');
    expect(second.workspace?.genesis).toBe(g.id);
  });

  it('rejects an unknown kind and a body that does not match the schema', () => {
    const b = new JournalBuilder<Name>(NAMES);
    const g = b.genesis();
    const unknown = b.raw('alice', 'pager.page', { who: 'everyone' });
    const badBody = b.raw('alice', 'incident.open', { title: '', severity: 9 });
    const extra = b.raw('alice', 'incident.open', { title: 'x', severity: 1, colour: 'red' });
    const { state } = foldEach([g, unknown, badBody, extra]);
    expectRejected(state, unknown, 'invalid', 'unknown entry kind pager.page');
    expectRejected(state, badBody, 'invalid', /^invalid body at (title|severity): /);
    expectRejected(state, extra, 'invalid', /^invalid body/);
    expect(state.incidents).toEqual({});
  });
});

describe('roster and permissions', () => {
  it('admins add members with roles and teams (sorted, deduplicated)', () => {
    const b = new JournalBuilder<Name>(NAMES);
    const g = b.genesis();
    const put = b.append('alice', 'roster.memberPut', {
      member: b.key('carol'),
      name: 'Carol',
      roles: ['responder', 'approver', 'responder'],
      teams: ['sre', 'db', 'sre'],
    });
    const { state, outcomes } = foldEach([g, put]);
    expect(outcomes[1]).toEqual({ applied: true });
    expect(state.members[b.key('carol')]).toEqual({
      key: b.key('carol'),
      name: 'Carol',
      roles: ['approver', 'responder'],
      teams: ['db', 'sre'],
      active: true,
      since: put.header.hlc.wall,
      revokedAt: null,
      revokedReason: null,
    });
  });

  it('only admins may change the roster', () => {
    const { b, base } = team();
    const byCommander = b.append('bob', 'roster.memberPut', { member: b.key('erin'), name: 'Erin', roles: ['admin'] });
    const byResponder = b.append('carol', 'roster.memberRevoke', { member: b.key('dave') });
    const { state } = foldEach([...base, byCommander, byResponder]);
    expectRejected(state, byCommander, 'unauthorized', 'roles commander may not write roster.memberPut (needs one of admin)');
    expectRejected(state, byResponder, 'unauthorized', /^roles responder may not write roster.memberRevoke/);
    expect(state.members[b.key('erin')]).toBeUndefined();
    expect(state.members[b.key('dave')]!.active).toBe(true);
  });

  it('keeps entries by non-members, rejected as unauthorized with a reason', () => {
    const { b, base } = team();
    const byStranger = b.append('erin', 'incident.open', { title: 'I am not on the roster', severity: 1 });
    const { state, outcomes } = foldEach([...base, byStranger]);
    expect(outcomes.at(-1)).toEqual({ applied: false, category: 'unauthorized', reason: 'author is not a member of this workspace' });
    expectRejected(state, byStranger, 'unauthorized', 'author is not a member of this workspace');
    expect(state.incidents).toEqual({});
    expect(state.applied).toBe(base.length);
  });

  it('observers watch: they may not write notes', () => {
    const { b, base } = team();
    const note = b.append('dave', 'note.add', { text: 'observing' });
    const { state } = foldEach([...base, note]);
    expectRejected(state, note, 'unauthorized', /^roles observer may not write note.add/);
  });

  it('revocation applies from its place in the order on', () => {
    const { b, base } = team();
    const before = b.append('carol', 'incident.open', { title: 'Before revocation', severity: 3 });
    const revoke = b.append('alice', 'roster.memberRevoke', { member: b.key('carol'), reason: 'left the company' });
    const after = b.append('carol', 'incident.open', { title: 'After revocation', severity: 3 });
    const { state } = foldEach([...base, before, revoke, after]);
    expect(state.incidents[before.id]?.title).toBe('Before revocation');
    expect(state.incidents[after.id]).toBeUndefined();
    expectRejected(state, after, 'unauthorized', 'author was revoked');
    expect(state.members[b.key('carol')]).toMatchObject({ active: false, revokedAt: revoke.header.hlc.wall, revokedReason: 'left the company' });
    // A member put again is active again, with a fresh `since`.
    const readd = b.append('alice', 'roster.memberPut', { member: b.key('carol'), name: 'Carol', roles: ['responder'] });
    const again = b.append('carol', 'note.add', { text: 'back' });
    const s2 = foldEach([...base, before, revoke, after, readd, again]).state;
    expect(s2.members[b.key('carol')]).toMatchObject({ active: true, since: readd.header.hlc.wall, revokedAt: null });
    expect(s2.rejected[again.id]).toBeUndefined();
  });

  it('revoking someone who is not an active member is invalid', () => {
    const { b, base } = team();
    const r1 = b.append('alice', 'roster.memberRevoke', { member: b.key('erin') });
    const r2 = b.append('alice', 'roster.memberRevoke', { member: b.key('dave') });
    const r3 = b.append('alice', 'roster.memberRevoke', { member: b.key('dave') });
    const { state } = foldEach([...base, r1, r2, r3]);
    expectRejected(state, r1, 'invalid', 'member is not active');
    expect(state.rejected[r2.id]).toBeUndefined();
    expectRejected(state, r3, 'invalid', 'member is not active');
  });

  it('the last active admin can be neither revoked nor demoted', () => {
    const { b, base } = team();
    const selfRevoke = b.append('alice', 'roster.memberRevoke', { member: b.key('alice') });
    const selfDemote = b.append('alice', 'roster.memberPut', { member: b.key('alice'), name: 'alice', roles: ['commander'] });
    const { state } = foldEach([...base, selfRevoke, selfDemote]);
    expectRejected(state, selfRevoke, 'invalid', 'cannot revoke the last active admin');
    expectRejected(state, selfDemote, 'invalid', 'cannot remove the admin role from the last active admin');
    expect(state.members[b.key('alice')]).toMatchObject({ active: true, roles: ['admin', 'commander'] });

    // With a second admin, the first may step down.
    const promote = b.append('alice', 'roster.memberPut', { member: b.key('bob'), name: 'Bob', roles: ['admin'] });
    const revokeAlice = b.append('bob', 'roster.memberRevoke', { member: b.key('alice') });
    const revokeBob = b.append('bob', 'roster.memberRevoke', { member: b.key('bob') });
    const s2 = foldEach([...base, selfRevoke, selfDemote, promote, revokeAlice, revokeBob]).state;
    expect(s2.members[b.key('alice')]!.active).toBe(false);
    expectRejected(s2, revokeBob, 'invalid', 'cannot revoke the last active admin');
  });

  it('a revoked admin no longer counts: concurrent mutual revocations leave one admin', () => {
    const { b, base } = team();
    const promote = b.append('alice', 'roster.memberPut', { member: b.key('bob'), name: 'Bob', roles: ['admin'] });
    const wall = promote.header.hlc.wall + 1000;
    const aRevokesB = b.append('alice', 'roster.memberRevoke', { member: b.key('bob') }, { wall, observe: false });
    const bRevokesA = b.append('bob', 'roster.memberRevoke', { member: b.key('alice') }, { wall, observe: false });
    const state = foldAll([...base, promote, aRevokesB, bRevokesA]);
    const admins = Object.values(state.members).filter((m) => m.active && m.roles.includes('admin'));
    expect(admins).toHaveLength(1);
    const [firstRevoke, secondRevoke] = aRevokesB.header.author < bRevokesA.header.author ? [aRevokesB, bRevokesA] : [bRevokesA, aRevokesB];
    expect(state.rejected[firstRevoke.id]).toBeUndefined();
    expectRejected(state, secondRevoke, 'unauthorized', 'author was revoked');
  });
});

describe('incidents, tasks, services: invalid transitions are rejected with a reason', () => {
  function withIncident() {
    const { b, base } = team();
    const open = b.append('carol', 'incident.open', { title: 'Checkout errors', severity: 2 });
    return { b, base: [...base, open], open };
  }

  it('opening an incident: the opener commands it only if they may', () => {
    const { b, base, open } = withIncident();
    const byBob = b.append('bob', 'incident.open', { title: 'Latency', severity: 3, summary: 'p99 up' });
    const { state } = foldEach([...base, byBob]);
    expect(state.incidents[open.id]).toMatchObject({ status: 'investigating', commander: null, openedBy: b.key('carol'), severity: 2 });
    expect(state.incidents[byBob.id]).toMatchObject({ commander: b.key('bob'), summary: 'p99 up', openedAt: byBob.header.hlc.wall });
  });

  it('a resolved incident cannot be updated until it is reopened', () => {
    const { b, base, open } = withIncident();
    const resolve = b.append('bob', 'incident.resolve', { incident: open.id, resolution: 'rolled back' });
    const update = b.append('bob', 'incident.update', { incident: open.id, severity: 1 });
    const resolveAgain = b.append('bob', 'incident.resolve', { incident: open.id });
    const reopen = b.append('bob', 'incident.reopen', { incident: open.id, reason: 'errors are back' });
    const reopenAgain = b.append('bob', 'incident.reopen', { incident: open.id });
    const update2 = b.append('bob', 'incident.update', { incident: open.id, severity: 1, status: 'mitigating' });
    const { state } = foldEach([...base, resolve, update, resolveAgain, reopen, reopenAgain, update2]);
    expectRejected(state, update, 'invalid', 'incident is resolved; reopen it first');
    expectRejected(state, resolveAgain, 'invalid', 'incident is already resolved');
    expectRejected(state, reopenAgain, 'invalid', 'incident is not resolved');
    expect(state.incidents[open.id]).toMatchObject({ status: 'mitigating', severity: 1, resolvedAt: null, resolution: null, updatedAt: update2.header.hlc.wall });
  });

  it('responders may not update or resolve an incident; commanders may', () => {
    const { b, base, open } = withIncident();
    const update = b.append('carol', 'incident.update', { incident: open.id, title: 'Renamed' });
    const { state } = foldEach([...base, update]);
    expectRejected(state, update, 'unauthorized', /may not write incident.update/);
  });

  it('command can be handed only to an active member with the commander role', () => {
    const { b, base, open } = withIncident();
    const toResponder = b.append('bob', 'incident.commander', { incident: open.id, commander: b.key('carol') });
    const toStranger = b.append('bob', 'incident.commander', { incident: open.id, commander: b.key('erin') });
    const toBob = b.append('bob', 'incident.commander', { incident: open.id, commander: b.key('bob') });
    const { state } = foldEach([...base, toResponder, toStranger, toBob]);
    expectRejected(state, toResponder, 'invalid', 'new commander lacks the commander role');
    expectRejected(state, toStranger, 'invalid', 'new commander is not an active member');
    expect(state.incidents[open.id]!.commander).toBe(b.key('bob'));
  });

  it('tasks: done -> in_progress is refused; done -> open -> in_progress is fine', () => {
    const { b, base, open } = withIncident();
    const task = b.append('carol', 'task.create', { incident: open.id, title: 'Roll back deploy', assignee: { team: 'payments' } });
    const teamPut = b.append('bob', 'catalog.teamPut', { team: 'payments', name: 'Payments' });
    const task2 = b.append('carol', 'task.create', { incident: open.id, title: 'Roll back deploy', assignee: { team: 'payments' } });
    const done = b.append('carol', 'task.status', { task: task2.id, status: 'done' });
    const backToWork = b.append('carol', 'task.status', { task: task2.id, status: 'in_progress' });
    const doneAgain = b.append('carol', 'task.status', { task: task2.id, status: 'done' });
    const reopen = b.append('carol', 'task.status', { task: task2.id, status: 'open' });
    const work = b.append('carol', 'task.status', { task: task2.id, status: 'in_progress' });
    const { state } = foldEach([...base, task, teamPut, task2, done, backToWork, doneAgain, reopen, work]);
    expectRejected(state, task, 'invalid', 'unknown team payments');
    expectRejected(state, backToWork, 'invalid', 'task is done; reopen it before moving it to in_progress');
    expectRejected(state, doneAgain, 'invalid', 'task is already done');
    expect(state.tasks[task2.id]).toMatchObject({ status: 'in_progress', assignee: { team: 'payments' }, updatedAt: work.header.hlc.wall });
    expect(taskTransitionError('cancelled', 'blocked')).toBe('task is cancelled; reopen it before moving it to blocked');
    expect(taskTransitionError('blocked', 'done')).toBeNull();
  });

  it('tasks need a live incident and an active assignee', () => {
    const { b, base, open } = withIncident();
    const noIncident = b.append('carol', 'task.create', { incident: 'a'.repeat(64), title: 'x' });
    const toStranger = b.append('carol', 'task.create', { incident: open.id, title: 'x', assignee: { member: b.key('erin') } });
    const resolve = b.append('bob', 'incident.resolve', { incident: open.id });
    const afterResolve = b.append('carol', 'task.create', { incident: open.id, title: 'too late' });
    const unknownTask = b.append('carol', 'task.status', { task: 'b'.repeat(64), status: 'done' });
    const { state } = foldEach([...base, noIncident, toStranger, resolve, afterResolve, unknownTask]);
    expectRejected(state, noIncident, 'invalid', 'unknown incident');
    expectRejected(state, toStranger, 'invalid', 'assignee is not an active member');
    expectRejected(state, afterResolve, 'invalid', 'incident is resolved');
    expectRejected(state, unknownTask, 'invalid', 'unknown task');
    expect(state.tasks).toEqual({});
  });

  it('service status needs a known, unretired service', () => {
    const { b, base } = team();
    const unknown = b.append('carol', 'service.status', { service: 'payments', status: 'down' });
    const put = b.append('bob', 'catalog.servicePut', { service: 'payments', name: 'Payments API', tier: 1 });
    const down = b.append('carol', 'service.status', { service: 'payments', status: 'down', reason: '5xx' });
    const retire = b.append('bob', 'catalog.serviceRetire', { service: 'payments' });
    const afterRetire = b.append('carol', 'service.status', { service: 'payments', status: 'healthy' });
    const retireAgain = b.append('bob', 'catalog.serviceRetire', { service: 'payments' });
    const { state } = foldEach([...base, unknown, put, down, retire, afterRetire, retireAgain]);
    expectRejected(state, unknown, 'invalid', 'unknown service');
    expectRejected(state, afterRetire, 'invalid', 'service is retired');
    expectRejected(state, retireAgain, 'invalid', 'service is already retired');
    expect(state.services.payments).toMatchObject({
      status: 'down',
      statusSince: down.header.hlc.wall,
      retired: true,
      history: [{ status: 'down', at: down.header.hlc.wall, by: b.key('carol'), reason: '5xx', entry: down.id }],
    });
  });

  it('a rejected entry leaves the state exactly as it was (apart from the rejection record)', () => {
    const { b, base, open } = withIncident();
    const resolve = b.append('bob', 'incident.resolve', { incident: open.id });
    const { state } = foldEach([...base, resolve]);
    const before = structuredClone(state);
    const bad = b.append('bob', 'incident.update', { incident: open.id, title: 'Nope', severity: 5 });
    const outcome = applyEntry(state, bad, hasher);
    expect(outcome.applied).toBe(false);
    const { [bad.id]: rejection, ...rest } = state.rejected;
    expect(rejection).toBeDefined();
    expect({ ...state, rejected: rest }).toEqual(before);
  });
});

describe('catalog edges: add-wins', () => {
  function catalog() {
    const { b, base } = team();
    const svc = (service: string) => b.append('bob', 'catalog.servicePut', { service, name: service });
    return { b, base: [...base, svc('web'), svc('api'), svc('db')] };
  }

  it('an edge needs known endpoints and no self-dependency', () => {
    const { b, base } = catalog();
    const toUnknown = b.append('bob', 'catalog.edgeAdd', { type: 'dependsOn', from: 'web', to: 'cache' });
    const self = b.append('bob', 'catalog.edgeAdd', { type: 'dependsOn', from: 'api', to: 'api' });
    const ownedByUnknown = b.append('bob', 'catalog.edgeAdd', { type: 'ownedBy', from: 'api', to: 'payments' });
    const removeMissing = b.append('bob', 'catalog.edgeRemove', { type: 'dependsOn', from: 'web', to: 'api', observed: ['c'.repeat(64)] });
    const { state } = foldEach([...base, toUnknown, self, ownedByUnknown, removeMissing]);
    expectRejected(state, toUnknown, 'invalid', 'unknown service cache');
    expectRejected(state, self, 'invalid', 'a service cannot depend on itself');
    expectRejected(state, ownedByUnknown, 'invalid', 'unknown team payments');
    expectRejected(state, removeMissing, 'invalid', 'no such edge');
    expect(state.edges).toEqual({});
  });

  it('a remove takes away the adds it observed', () => {
    const { b, base } = catalog();
    const add = b.append('bob', 'catalog.edgeAdd', { type: 'dependsOn', from: 'web', to: 'api' });
    const key = edgeKey('dependsOn', 'web', 'api');
    expect(foldAll([...base, add]).edges[key]).toEqual({ type: 'dependsOn', from: 'web', to: 'api', tags: [add.id] });
    const remove = b.append('alice', 'catalog.edgeRemove', { type: 'dependsOn', from: 'web', to: 'api', observed: [add.id] });
    expect(foldAll([...base, add, remove]).edges[key]).toBeUndefined();
  });

  it('a remove with none of the current adds is rejected', () => {
    const { b, base } = catalog();
    const add = b.append('bob', 'catalog.edgeAdd', { type: 'dependsOn', from: 'web', to: 'api' });
    const remove = b.append('alice', 'catalog.edgeRemove', { type: 'dependsOn', from: 'web', to: 'api', observed: ['d'.repeat(64)] });
    const state = foldAll([...base, add, remove]);
    expectRejected(state, remove, 'invalid', 'edge has none of the observed adds');
    expect(state.edges[edgeKey('dependsOn', 'web', 'api')]?.tags).toEqual([add.id]);
  });

  it('a concurrent add the remover did not see survives, wherever it falls in the order', () => {
    for (const concurrentFirst of [true, false]) {
      const { b, base } = catalog();
      const add1 = b.append('bob', 'catalog.edgeAdd', { type: 'dependsOn', from: 'web', to: 'api' });
      const wall = add1.header.hlc.wall + 1000;
      // alice saw add1 and removes it; concurrently bob adds the edge again without seeing the remove.
      const entries: Entry[] = [];
      if (concurrentFirst) {
        const add2 = b.append('bob', 'catalog.edgeAdd', { type: 'dependsOn', from: 'web', to: 'api' }, { wall, observe: false });
        const remove = b.append('alice', 'catalog.edgeRemove', { type: 'dependsOn', from: 'web', to: 'api', observed: [add1.id] }, { wall: wall + 1, observe: false });
        entries.push(add2, remove);
      } else {
        const remove = b.append('alice', 'catalog.edgeRemove', { type: 'dependsOn', from: 'web', to: 'api', observed: [add1.id] }, { wall, observe: false });
        const add2 = b.append('bob', 'catalog.edgeAdd', { type: 'dependsOn', from: 'web', to: 'api' }, { wall: wall + 1, observe: false });
        entries.push(remove, add2);
      }
      const add2 = entries.find((e) => e.header.kind === 'catalog.edgeAdd')!;
      const state = foldAll([...base, add1, ...entries]);
      const edge: Edge | undefined = state.edges[edgeKey('dependsOn', 'web', 'api')];
      expect(edge, `concurrent add ${concurrentFirst ? 'before' : 'after'} the remove`).toBeDefined();
      expect(edge!.tags).toEqual([add2.id]);
      expect(Object.keys(state.rejected)).toEqual([]);
    }
  });

  it('tags stay sorted so the edge is byte-identical on every peer', () => {
    const { b, base } = catalog();
    const adds = [0, 1, 2].map(() => b.append('bob', 'catalog.edgeAdd', { type: 'dependsOn', from: 'api', to: 'db' }));
    const tags = foldAll([...base, ...adds]).edges[edgeKey('dependsOn', 'api', 'db')]!.tags;
    expect(tags).toEqual(adds.map((a) => a.id).sort());
  });
});

describe('last-writer-wins scalars follow the total order', () => {
  it('the later (hlc, author) wins whichever order the updates are folded in by hand', () => {
    const { b, base } = team();
    const open = b.append('bob', 'incident.open', { title: 'Original', severity: 3 });
    const promote = b.append('alice', 'roster.memberPut', { member: b.key('carol'), name: 'Carol', roles: ['commander'] });
    const wall = promote.header.hlc.wall + 1000;
    // Same wall time, both counters 0: the author key breaks the tie.
    const u1 = b.append('bob', 'incident.update', { incident: open.id, title: 'Bob says' }, { wall, observe: false });
    const u2 = b.append('carol', 'incident.update', { incident: open.id, title: 'Carol says' }, { wall, observe: false });
    expect(u1.header.hlc).toEqual(u2.header.hlc);
    const winner = u1.header.author > u2.header.author ? 'Bob says' : 'Carol says';
    expect(foldAll([...base, open, promote, u1, u2]).incidents[open.id]!.title).toBe(winner);
    expect(foldAll([u2, u1, promote, open, ...base].reverse()).incidents[open.id]!.title).toBe(winner);

    // A later wall time beats the author order.
    const late = b.append(winner === 'Bob says' ? 'carol' : 'bob', 'incident.update', { incident: open.id, title: 'Later' }, { wall: wall + 1, observe: false });
    expect(foldAll([late, u1, u2, open, promote, ...base]).incidents[open.id]!.title).toBe('Later');
  });

  it('service status: the last change in the order wins; the history is newest first', () => {
    const { b, base } = team();
    const put = b.append('bob', 'catalog.servicePut', { service: 'api', name: 'API' });
    const wall = put.header.hlc.wall + 1000;
    const down = b.append('carol', 'service.status', { service: 'api', status: 'down' }, { wall: wall + 500, observe: false });
    const degraded = b.append('bob', 'service.status', { service: 'api', status: 'degraded' }, { wall, observe: false });
    const state = foldAll([...base, put, down, degraded]);
    expect(state.services.api!.status).toBe('down');
    expect(state.services.api!.history.map((h) => h.status)).toEqual(['down', 'degraded']);
    expect(state.services.api!.statusSince).toBe(wall + 500);
  });
});

describe('redaction', () => {
  function noted() {
    const { b, base } = team();
    const open = b.append('bob', 'incident.open', { title: 'Leak', severity: 1 });
    const note = b.append('carol', 'note.add', { text: 'customer jane@example.com called', incident: open.id });
    const redact = b.append('alice', 'journal.redact', { target: note.id, targetKind: 'note.add', reason: 'personal data' });
    return { b, base: [...base, open], open, note, redact };
  }

  it('a redacted note leaves the projection, and folding its tombstone gives the same state as its body then the redaction', () => {
    const { base, note, redact } = noted();
    const withBody = foldAll([...base, note, redact]);
    const tombstoned = foldAll([...base, redacted(note, redact.id), redact]);
    expect(withBody.rejected[note.id]).toBeUndefined();
    expect(withBody.redacted).toEqual({ [note.id]: redact.id });
    expect(hashOf(tombstoned)).toBe(hashOf(withBody));
    expect(withBody.rejected).toEqual({});
  });

  it('a redaction that sorts before its target still removes it, with or without the body', () => {
    const { b, base } = noted();
    const later = b.append('carol', 'note.add', { text: 'phone 555-0100' });
    const redact = b.append('alice', 'journal.redact', { target: later.id, targetKind: 'note.add', reason: 'personal data' });
    // Deliver the redaction first in total order by folding it before the note.
    const withBody = foldAll([...base, redact, later]);
    const tombstoned = foldAll([...base, redact, redacted(later, redact.id)]);
    expect(withBody.redacted[later.id]).toBe(redact.id);
    expect(hashOf(tombstoned)).toBe(hashOf(withBody));
  });

  it('before the redaction is folded, the note has its text', () => {
    const { base, note } = noted();
    expect(foldAll([...base, note]).rejected[note.id]).toBeUndefined();
  });

  it('only admins redact, and only redactable kinds', () => {
    const { b, base, open, note } = noted();
    const byCommander = b.append('bob', 'journal.redact', { target: note.id, targetKind: 'note.add', reason: 'x' });
    const incident = b.append('alice', 'journal.redact', { target: open.id, targetKind: 'incident.open', reason: 'x' });
    const state = foldAll([...base, note, byCommander, incident]);
    expectRejected(state, byCommander, 'unauthorized', /may not write journal.redact/);
    expectRejected(state, incident, 'invalid', 'entries of kind incident.open cannot be redacted');
    expect(state.redacted[note.id]).toBeUndefined();
    // An entry of a kind without a redacted form cannot be folded without its body.
    const s2 = foldAll([...base.filter((e) => e.id !== open.id), redacted(open, 'e'.repeat(64))]);
    expectRejected(s2, open, 'invalid', 'incident.open entries cannot be redacted');
  });

  it('a redacted note that its body would have had rejected ends the same as its tombstone', () => {
    // Peers may hold the body (rejected: unknown incident) or only the tombstone (no checks
    // possible): once redacted, both count it as inert, so peers with the same entries agree.
    const { b, base } = noted();
    const stray = b.append('carol', 'note.add', { text: 'typo in the incident id', incident: 'a'.repeat(64) });
    const redactStray = b.append('alice', 'journal.redact', { target: stray.id, targetKind: 'note.add', reason: 'personal data' });
    expectRejected(foldAll([...base, stray]), stray, 'invalid', 'unknown incident');
    const withBody = foldAll([...base, stray, redactStray]);
    const tombstoned = foldAll([...base, redacted(stray, redactStray.id), redactStray]);
    expect(withBody.rejected[stray.id]).toBeUndefined();
    expect(hashOf(tombstoned)).toBe(hashOf(withBody));
  });

  it('an unauthorized note, once redacted, is inert the same way with or without its body', () => {
    const { b, base } = noted();
    const byObserver = b.append('dave', 'note.add', { text: 'observer note' });
    const redact = b.append('alice', 'journal.redact', { target: byObserver.id, targetKind: 'note.add', reason: 'x' });
    expectRejected(foldAll([...base, byObserver]), byObserver, 'unauthorized', /^roles observer may not write note.add/);
    const withBody = foldAll([...base, byObserver, redact]);
    const tombstoned = foldAll([...base, redacted(byObserver, redact.id), redact]);
    expect(withBody.redacted[byObserver.id]).toBe(redact.id);
    expect(hashOf(tombstoned)).toBe(hashOf(withBody));
  });
});

describe('blastRadius', () => {
  function graph(edges: Array<[string, string]>, extra: Edge[] = []): { edges: Record<string, Edge> } {
    const out: Record<string, Edge> = {};
    for (const [from, to] of edges) out[edgeKey('dependsOn', from, to)] = { type: 'dependsOn', from, to, tags: ['t'] };
    for (const e of extra) out[edgeKey(e.type, e.from, e.to)] = e;
    return { edges: out };
  }

  // web -> api -> db -> storage; mobile -> api; worker -> db; report -> web; (x dependsOn y)
  const g = graph(
    [
      ['web', 'api'],
      ['mobile', 'api'],
      ['api', 'db'],
      ['worker', 'db'],
      ['db', 'storage'],
      ['report', 'web'],
    ],
    [{ type: 'ownedBy', from: 'db', to: 'storage', tags: ['t'] }],
  );

  it('is every transitive dependent, sorted, without the service itself', () => {
    expect(blastRadius(g, 'storage')).toEqual(['api', 'db', 'mobile', 'report', 'web', 'worker']);
    expect(blastRadius(g, 'db')).toEqual(['api', 'mobile', 'report', 'web', 'worker']);
    expect(blastRadius(g, 'api')).toEqual(['mobile', 'report', 'web']);
    expect(blastRadius(g, 'web')).toEqual(['report']);
  });

  it('is empty for a leaf and for an unknown service', () => {
    expect(blastRadius(g, 'report')).toEqual([]);
    expect(blastRadius(g, 'nothing')).toEqual([]);
    expect(blastRadius({ edges: {} }, 'db')).toEqual([]);
  });

  it('ignores ownedBy edges', () => {
    const owned = graph([], [{ type: 'ownedBy', from: 'api', to: 'payments', tags: ['t'] }]);
    expect(blastRadius(owned, 'payments')).toEqual([]);
  });

  it('terminates on a cycle and leaves the service out even when it depends on itself transitively', () => {
    // a -> b -> c -> a, and d -> c
    const cyc = graph([
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'a'],
      ['d', 'c'],
    ]);
    expect(blastRadius(cyc, 'a')).toEqual(['b', 'c', 'd']);
    expect(blastRadius(cyc, 'c')).toEqual(['a', 'b', 'd']);
    expect(blastRadius(cyc, 'd')).toEqual([]);
  });

  it('works on the folded state', () => {
    const { b, base } = team();
    const svc = (service: string) => b.append('bob', 'catalog.servicePut', { service, name: service });
    const dep = (from: string, to: string) => b.append('bob', 'catalog.edgeAdd', { type: 'dependsOn', from, to });
    const state = foldAll([...base, svc('web'), svc('api'), svc('db'), dep('web', 'api'), dep('api', 'db')]);
    expect(blastRadius(state, 'db')).toEqual(['api', 'web']);
  });
});

describe('catalog names that are also Object.prototype members', () => {
  // Slugs may be any lower-case word, including "constructor": the records of the state are
  // plain objects, so a lookup by that name must not find Object.prototype.constructor.
  const polluted = ['retired', 'status', 'statusSince', 'statusIncident', 'history'];
  afterEach(() => {
    for (const p of polluted) Reflect.deleteProperty(Object, p);
  });

  it('a status for an unknown service named "constructor" is rejected, not thrown', () => {
    const { b, base } = team();
    const status = b.append('carol', 'service.status', { service: 'constructor', status: 'down' });
    const state = foldAll(base);
    let outcome: FoldOutcome | undefined;
    expect(() => {
      outcome = applyEntry(state, status, hasher);
    }).not.toThrow();
    expect(outcome).toEqual({ applied: false, category: 'invalid', reason: 'unknown service' });
  });

  it('retiring an unknown service named "constructor" is rejected, the same way every time', () => {
    const { b, base } = team();
    const retire = b.append('bob', 'catalog.serviceRetire', { service: 'constructor' });
    const first = foldAll([...base, retire]);
    const second = foldAll([...base, retire]);
    expectRejected(first, retire, 'invalid', 'unknown service');
    expect(hashOf(second)).toBe(hashOf(first));
  });

  it.each<[string, string]>([
    ['a note on service "constructor"', 'unknown service'],
    ['a dependsOn edge to service "constructor"', 'unknown service constructor'],
    ['an ownedBy edge to team "constructor"', 'unknown team constructor'],
    ['a task assigned to team "constructor"', 'unknown team constructor'],
  ])('%s that does not exist is rejected', (label, reason) => {
    const { b, base } = team();
    const put = b.append('bob', 'catalog.servicePut', { service: 'api', name: 'API' });
    const open = b.append('bob', 'incident.open', { title: 'x', severity: 3 });
    const entry = label.startsWith('a note')
      ? b.append('carol', 'note.add', { text: 'x', service: 'constructor' })
      : label.startsWith('a dependsOn')
        ? b.append('bob', 'catalog.edgeAdd', { type: 'dependsOn', from: 'api', to: 'constructor' })
        : label.startsWith('an ownedBy')
          ? b.append('bob', 'catalog.edgeAdd', { type: 'ownedBy', from: 'api', to: 'constructor' })
          : b.append('carol', 'task.create', { incident: open.id, title: 'x', assignee: { team: 'constructor' } });
    const state = foldAll([...base, put, open, entry]);
    expectRejected(state, entry, 'invalid', reason);
  });

  it('a real service named "constructor" works like any other', () => {
    const { b, base } = team();
    const put = b.append('bob', 'catalog.servicePut', { service: 'constructor', name: 'Constructor service' });
    const down = b.append('carol', 'service.status', { service: 'constructor', status: 'down' });
    const state = foldAll([...base, put, down]);
    expect(Object.hasOwn(state.services, 'constructor')).toBe(true);
    expect(state.services['constructor']).toMatchObject({ status: 'down', history: [{ status: 'down', entry: down.id }] });
    expect(state.rejected).toEqual({});
  });
});
