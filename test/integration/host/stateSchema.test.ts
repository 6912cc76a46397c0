// state:get's typed WorkspaceState schema (shared/api/workspaceState.ts) against
// real projections holding every optional slice: after the JSON of the wire
// and the schema, the renderer must hold the host's state exactly, or its
// hash would differ from the host's and every live change would refetch.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StateSnapshotSchema } from '../../../shared/api';
import { ManualClock } from '../../../shared/clock';
import { stateHash } from '../../../shared/state';
import { playbookHash } from '../../../shared/playbook';
import { nodeCrypto } from '../../../main/crypto';
import { handle } from '../../../main/api';
import { ChangeFeed, Workspace, loadDemo } from '../../../main/workspace';
import { T0, cleanup, makeWorkspace, open, requestWebhook, signer } from '../dispatch/fixture';
import { cleanupTempDirs, resources, tempDir } from './hostHarness';

afterAll(() => {
  cleanup();
  cleanupTempDirs();
});

const DRILL = `playbook: drill
version: 1
title: Drill a service
steps:
  - id: prepare
    task: { title: "Prepare {{service}}", await: true }
`;

/** state:get as a client receives it: JSON, then the contract's schema. */
function snapshotOf(ws: Workspace): { wire: { state: unknown; stateHash: string }; parsed: ReturnType<typeof StateSnapshotSchema.parse> } {
  const result = handle(ws, 'state:get', {});
  if (!result.ok) throw new Error(result.error.message);
  const wire = JSON.parse(JSON.stringify(result.value)) as { state: unknown; stateHash: string };
  return { wire, parsed: StateSnapshotSchema.parse(wire) };
}

describe('state:get schema', () => {
  it('carries policies, actions, playbooks, ICS and the catalog unchanged, hash for hash', () => {
    const clock = new ManualClock(T0);
    const dir = makeWorkspace(clock);
    const admin = open(dir, 'admin', clock);
    loadDemo(admin, resources, clock);
    admin.append('catalog.servicePut', { service: 'payments-api', name: 'Payments API' });
    const incident = admin.append('incident.open', { title: 'Payments slow', severity: 2 }).id;
    admin.append('playbook.publish', { text: DRILL, hash: playbookHash(nodeCrypto, DRILL) });
    admin.append('playbook.run', { hash: playbookHash(nodeCrypto, DRILL), service: 'payments-api', incident, inputs: {} });
    admin.close();
    const requester = open(dir, 'requester', clock);
    const action = requestWebhook(requester, 'http://127.0.0.1:9/hook');
    requester.close();
    const approver = open(dir, 'approver', clock);
    approver.append('action.approve', { action });
    const { wire, parsed } = snapshotOf(approver);
    const state = parsed.state;
    expect(Object.keys(state.actions ?? {})).toEqual([action]);
    expect(Object.keys(state.playbooks?.runs ?? {})).toHaveLength(1);
    expect(state.policies?.current).not.toBeNull();
    expect(Object.keys(state.ics ?? {}).length).toBeGreaterThan(0);
    expect(state).toEqual(wire.state);
    expect(stateHash(nodeCrypto, state)).toBe(wire.stateHash);
    expect(parsed.count).toBe(approver.store.count());
    approver.close();
  });

  it('carries an exercise unchanged', () => {
    const dir = join(tempDir('cp-state-schema-'), 'ws');
    const clock = new ManualClock(1_767_225_600_000);
    const facilitator = signer('admin');
    Workspace.create({ dir, name: 'Exercise room', creatorName: 'Fiona', signer: facilitator, clock }).close();
    const feed = ChangeFeed.open({ dir, clock, signer: facilitator });
    const opts = { clock, append: feed.append.bind(feed), appendMany: feed.appendMany.bind(feed), stateHash: () => feed.stateHash() };
    try {
      expect(handle(feed.workspace, 'exercises:start', { scenario: 'database-failover-peak', speed: 60, seed: '7' }, opts)).toMatchObject({ ok: true });
      expect(handle(feed.workspace, 'exercises:note', { text: 'observer note' }, opts)).toMatchObject({ ok: true });
      const { wire, parsed } = snapshotOf(feed.workspace);
      expect(parsed.state.exercise?.scenarioId).toBe('database-failover-peak');
      expect(parsed.state).toEqual(wire.state);
      expect(stateHash(nodeCrypto, parsed.state)).toBe(wire.stateHash);
    } finally {
      feed.close();
    }
  });
});
