import { describe, expect, it } from 'vitest';
import { expectRejected, foldEach, withIncident } from './foldScene';

// Folding incident.* entries (shared/entries/incidentKinds.ts): invalid transitions are rejected with a reason.

describe('incidents: invalid transitions are rejected with a reason', () => {
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
    expect(state.incidents[open.id]).toMatchObject({
      status: 'mitigating',
      severity: 1,
      resolvedAt: null,
      resolution: null,
      updatedAt: update2.header.hlc.wall,
    });
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
});
