import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../../shared/clock';
import { playbookHash } from '../../../shared/playbook';
import { nodeCrypto } from '../../../main/crypto';
import { advanceRun } from '../../../main/playbook';
import { EntryRefusedError, type Workspace } from '../../../main/workspace';
import { cleanup, dispatcherFor, makeWorkspace, newClock, open } from '../dispatch/fixture';

afterAll(cleanup);

const PLAYBOOK = `playbook: drill
version: 2
title: Drill a service
inputs:
  replicas: { required: true, pattern: "[0-9]+" }
steps:
  - id: tell
    task: { title: "Drilling {{service}}" }
  - id: gate
    approval: { description: "go ahead with {{service}}", roles: [approver] }
  - id: act
    action:
      connector: sandbox
      operation: scale
      environment: staging
      risk: low
      target: "{{service}}"
      summary: "scale {{service}} to {{replicas}}"
      params: { replicas: "{{replicas}}" }
  - id: settle
    wait: 1m
success:
  - id: healthy
    check: { service: "{{service}}", status: healthy, within: 5m }
outputs:
  scaled: "{{service}} x{{replicas}}"
rollback:
  - id: undo
    task: { title: "Undo the drill on {{service}}" }
escalation:
  - id: shout
    task: { title: "Drill on {{service}} failed" }
`;

let clock: ManualClock;
let admin: Workspace;
let requester: Workspace;
let approver: Workspace;
let incident: string;

const publish = (ws: Workspace, text: string) => ws.append('playbook.publish', { text, hash: playbookHash(nodeCrypto, text) });
const advance = (runId: string) => advanceRun(requester, runId, { now: () => clock.now() });

beforeEach(() => {
  clock = newClock();
  const dir = makeWorkspace(clock);
  admin = open(dir, 'admin', clock);
  requester = open(dir, 'requester', clock);
  approver = open(dir, 'approver', clock);
  admin.append('catalog.servicePut', { service: 'payments-api', name: 'Payments API' });
  admin.append('service.status', { service: 'payments-api', status: 'degraded' });
  incident = admin.append('incident.open', { title: 'Payments slow', severity: 2 }).id;
  publish(admin, PLAYBOOK);
});

afterEach(() => {
  for (const ws of [admin, requester, approver]) ws.close();
});

describe('playbook runs', () => {
  it('publishing invalid text is refused with the reason and the previous version stays in force', () => {
    const good = playbookHash(nodeCrypto, PLAYBOOK);
    expect(() => publish(admin, PLAYBOOK.replace('{{replicas}}"\n      params', '{{replica}}"\n      params'))).toThrow(EntryRefusedError);
    expect(() => publish(admin, PLAYBOOK.replace('wait: 1m', 'wait: soon'))).toThrow(/steps\.3\.wait: expected a duration/);
    expect(admin.state.playbooks?.current.drill).toBe(good);
  });

  it('runs step by step: task, approval gate (not by the starter), action through the dispatcher, wait, success check', async () => {
    requester.catchUp();
    const run = requester.append('playbook.run', { hash: playbookHash(nodeCrypto, PLAYBOOK), service: 'payments-api', incident, inputs: { replicas: '4' } }).id;
    let r = advance(run);
    expect(r.waiting).toMatch(/waiting for approval \(approver\): go ahead with payments-api/);
    expect(Object.values(requester.state.tasks).map((t) => t.title)).toContain('Drilling payments-api');
    expect(() => requester.append('playbook.step', { run, phase: 'steps', step: 'gate', status: 'approved' })).toThrow(/cannot pass its approval gates/);
    approver.append('playbook.step', { run, phase: 'steps', step: 'gate', status: 'approved' });

    r = advance(run);
    const actionId = requester.state.playbooks?.runs[run]?.steps['steps:act']?.ref ?? '';
    expect(requester.state.actions?.[actionId]).toMatchObject({ connector: 'sandbox', summary: 'scale payments-api to 4', status: 'pending' });
    expect(r.waiting).toMatch(/waiting for action/);
    approver.append('action.approve', { action: actionId, comment: '' });
    const { d } = dispatcherFor(requester, clock);
    await d.drain();
    expect(requester.state.actions?.[actionId]?.status).toBe('succeeded');

    r = advance(run);
    expect(r.until).toBe(clock.now() + 60_000);
    clock.advance(60_000);
    r = advance(run);
    expect(r.waiting).toMatch(/waiting for payments-api to be healthy \(now degraded\)/);
    admin.append('service.status', { service: 'payments-api', status: 'healthy' });
    requester.catchUp();
    r = advance(run);
    const done = requester.state.playbooks?.runs[run];
    expect(done).toMatchObject({ status: 'succeeded', hash: playbookHash(nodeCrypto, PLAYBOOK), version: 2, outputs: { scaled: 'payments-api x4' } });
  });

  it('a failed success check runs the rollback then the escalation, and the run fails', () => {
    requester.catchUp();
    const text = PLAYBOOK.replace(/ {2}- id: gate[\s\S]*?(?= {2}- id: settle)/, '').replace('within: 5m', 'within: 1m');
    publish(admin, text);
    requester.catchUp();
    const run = requester.append('playbook.run', { hash: playbookHash(nodeCrypto, text), service: 'payments-api', incident, inputs: { replicas: '2' } }).id;
    advance(run);
    clock.advance(60_000);
    advance(run);
    clock.advance(60_000);
    advance(run);
    const failed = requester.state.playbooks?.runs[run];
    expect(failed?.status).toBe('failed');
    expect(failed?.note).toMatch(/^success step healthy failed: payments-api is degraded, expected healthy; rollback ran; escalation ran$/);
    expect(Object.values(requester.state.tasks).map((t) => t.title)).toEqual(
      expect.arrayContaining(['Undo the drill on payments-api', 'Drill on payments-api failed']),
    );
  });

  it('a run refuses unknown or missing inputs', () => {
    requester.catchUp();
    const hash = playbookHash(nodeCrypto, PLAYBOOK);
    expect(() => requester.append('playbook.run', { hash, service: 'payments-api', inputs: {} })).toThrow(/input replicas is required/);
    expect(() => requester.append('playbook.run', { hash, service: 'payments-api', inputs: { replicas: 'lots' } })).toThrow(/does not match/);
    expect(() => requester.append('playbook.run', { hash, service: 'payments-api', inputs: { replicas: '1', colour: 'red' } })).toThrow(/has no input colour/);
  });
});
