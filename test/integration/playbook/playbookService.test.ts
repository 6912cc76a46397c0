// The host's PlaybookService over a real ChangeFeed on a workspace in a temp
// dir, on virtual time: it takes a run further after each change (made here,
// or by another process on the same journal) and when a wait comes due, and
// a new service picks up the runs a stopped one left running.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { playbookHash, stepKey, type PlaybookRun, type RunStep } from '../../../shared/playbook';
import { nodeCrypto } from '../../../main/crypto';
import { ChangeFeed } from '../../../main/workspace';
import { PlaybookService } from '../../../main/playbook';
import { type Scheduler } from '../../../main/clock';
import type { Workspace } from '../../../main/workspace';
import { SimScheduler } from '../sync/simScheduler';
import { T0, cleanup, makeWorkspace, open, signer } from '../dispatch/fixture';

afterAll(cleanup);

const DRILL = `playbook: drill
version: 1
title: Drill a service
steps:
  - id: prepare
    task: { title: "Prepare {{service}}", await: true }
  - id: gate
    approval: { description: "go ahead with {{service}}", roles: [approver] }
  - id: settle
    wait: 2m
success:
  - id: healthy
    check: { service: "{{service}}", status: healthy, within: 5m }
outputs:
  drilled: "{{service}}"
`;
const HASH = playbookHash(nodeCrypto, DRILL);

// The feed reports changes on the next turn; it is polled by hand here (the host's 200 ms tick), never on a timer.
const turns: Scheduler = { every: () => () => undefined, soon: (fn) => setImmediate(fn) };

let sim: SimScheduler;
let dir: string;
let admin: Workspace;
let approver: Workspace;
let incident: string;
let feed: ChangeFeed;
let service: PlaybookService;
let log: string[];

function startService(): void {
  feed = ChangeFeed.open({ dir, clock: sim.clock, signer: signer('requester'), scheduler: turns });
  service = new PlaybookService({ feed, clock: sim.clock, timers: sim, scheduler: turns, log: (l) => log.push(l) });
  service.start();
}

const runOf = (id: string): PlaybookRun | undefined => feed.workspace.state.playbooks?.runs[id];
const stepOf = (id: string, step: string, phase: 'steps' | 'success' = 'steps'): RunStep | undefined => runOf(id)?.steps[stepKey(phase, step)];

/** Let the event loop turn until `cond` holds (the feed's events and the service's passes run on later turns). */
async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (cond()) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  throw new Error(`never happened: ${what}; service log:\n${log.join('\n')}`);
}

beforeEach(() => {
  sim = new SimScheduler(T0);
  log = [];
  dir = makeWorkspace(sim.clock);
  admin = open(dir, 'admin', sim.clock);
  approver = open(dir, 'approver', sim.clock);
  admin.append('catalog.servicePut', { service: 'payments-api', name: 'Payments API' });
  admin.append('service.status', { service: 'payments-api', status: 'degraded' });
  incident = admin.append('incident.open', { title: 'Payments slow', severity: 2 }).id;
  admin.append('playbook.publish', { text: DRILL, hash: HASH });
  startService();
});

afterEach(() => {
  service.close();
  feed.close();
  admin.close();
  approver.close();
});

describe('PlaybookService', () => {
  it('takes a run further on every change, from any process, and on time for waits and checks', async () => {
    const run = feed.append({ kind: 'playbook.run', body: { hash: HASH, service: 'payments-api', incident, inputs: {} } }).id;
    await until(() => stepOf(run, 'prepare')?.status === 'waiting', 'the task step files its task and waits for it');
    const task = stepOf(run, 'prepare')?.ref ?? '';
    expect(feed.workspace.state.tasks[task]).toMatchObject({ title: 'Prepare payments-api', incident, status: 'open' });

    // The task is done from another process on the same journal (the CLI beside the host): the feed's poll brings it in.
    admin.catchUp();
    admin.append('task.status', { task, status: 'done' });
    feed.poll();
    await until(() => stepOf(run, 'gate')?.status === 'waiting', 'the approval gate is reached');

    approver.catchUp();
    approver.append('playbook.step', { run, phase: 'steps', step: 'gate', status: 'approved' });
    feed.poll();
    await until(() => stepOf(run, 'settle')?.status === 'waiting', 'the wait starts');
    const waitEnds = (stepOf(run, 'settle')?.startedAt ?? 0) + 120_000;

    // Nothing moves the run before the wait is over; the service's own timer moves it right then.
    sim.runUntil(waitEnds - 1);
    await until(() => true, 'a turn');
    expect(stepOf(run, 'settle')?.status).toBe('waiting');
    sim.runUntil(waitEnds);
    expect(stepOf(run, 'settle')?.status).toBe('done');
    expect(stepOf(run, 'healthy', 'success')?.status).toBe('waiting');

    // The success check is looked at again until its deadline, and at once when the service's status changes.
    sim.runUntil(waitEnds + 60_000);
    expect(runOf(run)?.status).toBe('running');
    admin.catchUp();
    admin.append('service.status', { service: 'payments-api', status: 'healthy' });
    feed.poll();
    await until(() => runOf(run)?.status === 'succeeded', 'the run succeeds');
    expect(runOf(run)).toMatchObject({ outputs: { drilled: 'payments-api' }, note: 'every step done and every success check held' });
    expect(log.join('\n')).toMatch(/^playbook drill run [0-9a-f]{8}: run succeeded: every step done and every success check held$/m);
  });

  it('fails the success check at its deadline on its own timer, with no change to wake it', async () => {
    const run = feed.append({ kind: 'playbook.run', body: { hash: HASH, service: 'payments-api', incident, inputs: {} } }).id;
    await until(() => stepOf(run, 'prepare')?.status === 'waiting', 'the task step');
    feed.append({ kind: 'task.status', body: { task: stepOf(run, 'prepare')?.ref ?? '', status: 'done' } });
    await until(() => stepOf(run, 'gate')?.status === 'waiting', 'the gate');
    approver.catchUp();
    approver.append('playbook.step', { run, phase: 'steps', step: 'gate', status: 'approved' });
    feed.poll();
    await until(() => stepOf(run, 'settle')?.status === 'waiting', 'the wait');
    sim.runUntil(sim.now + 120_000 + 5 * 60_000);
    await until(() => runOf(run)?.status === 'failed', 'the run fails');
    expect(runOf(run)?.note).toBe('success step healthy failed: payments-api is degraded, expected healthy');
  });

  it("a service started later picks up the runs left running, and leaves other devices' runs alone", async () => {
    service.close();
    const run = feed.append({ kind: 'playbook.run', body: { hash: HASH, service: 'payments-api', incident, inputs: {} } }).id;
    // Another member's run: driven by their device, never by this one.
    admin.catchUp();
    const theirs = admin.append('playbook.run', { hash: HASH, service: 'payments-api', incident, inputs: {} }).id;
    feed.poll();
    await until(() => runOf(theirs) !== undefined, 'the feed sees both runs');
    expect(stepOf(run, 'prepare')).toBeUndefined();

    feed.close();
    startService();
    await until(() => stepOf(run, 'prepare')?.status === 'waiting', 'the new service takes the run up');
    expect(runOf(theirs)?.steps).toEqual({});
  });
});
