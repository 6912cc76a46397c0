import { describe, expect, it } from 'vitest';
import { workspaceIdOf, type GenesisBody } from '../../../../shared/entries';
import { JournalBuilder, foldAll, hasher } from '../state/journalBuilder';
import { expectRejected, foldEach, NAMES, team, type Name } from './foldScene';

// Folding workspace.genesis and roster.* entries (shared/entries/workspaceKinds.ts).

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

  it("must be its author's first entry, must come first, and happens once", () => {
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
