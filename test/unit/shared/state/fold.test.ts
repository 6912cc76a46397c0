import { describe, expect, it } from 'vitest';
import { applyEntry } from '../../../../shared/state';
import { foldAll, hasher } from './journalBuilder';
import { foldEach, team, withIncident } from '../entries/foldScene';

// Rules of the fold itself, whatever the kind (the per-kind rules are in
// test/unit/shared/entries/<kind file>.test.ts).

describe('folding in general', () => {
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
    const late = b.append(
      winner === 'Bob says' ? 'carol' : 'bob',
      'incident.update',
      { incident: open.id, title: 'Later' },
      { wall: wall + 1, observe: false },
    );
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
