// The playbooks API (shared/api/playbookMethods.ts) against a real demo
// workspace in a temp dir: what the console's Playbooks tab calls.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ResultOf } from '../../../shared/api';
import { ManualClock } from '../../../shared/clock';
import { generateKeyPair, signerFromSeed } from '../../../main/crypto';
import { handle, type HandleOptions } from '../../../main/api';
import { Workspace } from '../../../main/workspace';
import { TestClient, apiUrl, cleanupTempDirs, demoHost, demoWorkspace } from '../host/hostHarness';

afterAll(cleanupTempDirs);

const T0 = 1_750_000_000_000;
let clock: ManualClock;
let ws: Workspace;
let opts: HandleOptions;

function ok<T>(method: string, params: unknown = {}, on: Workspace = ws): T {
  const r = handle(on, method, params, opts);
  if (!r.ok) throw new Error(`${method}: ${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

function fails(method: string, params: unknown, on: Workspace = ws): { code: string; message: string } {
  const r = handle(on, method, params, opts);
  if (r.ok) throw new Error(`${method} succeeded: ${JSON.stringify(r.value)}`);
  return r.error;
}

type List = ResultOf<'playbooks:list'>;
type View = ResultOf<'playbooks:run'>;

const restart = (list: List) => list.playbooks.find((p) => p.name === 'restart-deployment');

beforeEach(() => {
  clock = new ManualClock(T0);
  opts = { clock };
  const { dir, signer } = demoWorkspace();
  // The demo publishes resources/policies/default.yaml, so the runs' actions can be requested and judged.
  ws = Workspace.open({ dir, clock, signer });
});

afterEach(() => ws.close());

describe('playbooks API', () => {
  it('lists the bundled playbooks with their inputs and steps, and which version is in force', () => {
    const before = ok<List>('playbooks:list');
    expect(before.problems).toEqual([]);
    expect(before.playbooks.map((p) => p.name).sort()).toEqual([
      'failover-database',
      'page-owning-team',
      'restart-deployment',
      'rollback-release',
      'scale-out',
    ]);
    const r = restart(before)!;
    expect(r).toMatchObject({
      title: 'Restart a deployment',
      published: null,
      bundled: { version: 1, file: 'restart-deployment.yaml', current: false },
      runs: 0,
    });
    expect(r.inputs).toEqual([
      { name: 'deployment', description: 'Kubernetes deployment name', required: true, default: null, pattern: '[a-z0-9]([-a-z0-9]*[a-z0-9])?' },
      { name: 'namespace', description: 'Kubernetes namespace', required: false, default: 'default', pattern: null },
      { name: 'environment', description: 'Target environment', required: false, default: 'production', pattern: null },
    ]);
    expect(r.steps.map((s) => `${s.phase}/${s.id}:${s.type}`)).toEqual([
      'steps/restart:action',
      'steps/settle:wait',
      'success/healthy:check',
      'escalation/page-owner:action',
    ]);

    const published = ok<{ id: string; hash: string }>('playbooks:publish', { name: 'restart-deployment' });
    expect(published.hash).toBe(r.bundled?.hash);
    const after = restart(ok<List>('playbooks:list'))!;
    expect(after.published).toMatchObject({ version: 1, hash: published.hash, number: 1, publishedBy: { key: ws.me, name: 'Alex Admin' } });
    expect(after.bundled?.current).toBe(true);
  });

  it('publishes bundled playbooks by name only, and says why it will not', () => {
    expect(fails('playbooks:publish', { name: 'no-such-playbook' })).toEqual({
      code: 'bad_request',
      message: 'no bundled playbook no-such-playbook; bundled: failover-database, page-owning-team, restart-deployment, rollback-release, scale-out',
    });
    // The API takes a name, never a path: anything else is refused by the schema before a file is touched.
    expect(fails('playbooks:publish', { name: 'x', file: '/etc/passwd' }).code).toBe('bad_request');
    ok('playbooks:publish', { name: 'restart-deployment' });
    expect(fails('playbooks:publish', { name: 'restart-deployment' })).toEqual({
      code: 'refused',
      message: 'playbook.publish refused: this version of restart-deployment is already in force',
    });
  });

  it("checks a run's service and inputs before journaling, naming the bad input", () => {
    expect(fails('playbooks:start', { playbook: 'restart-deployment', service: 'payments-api', inputs: { deployment: 'payments-api' } })).toEqual({
      code: 'bad_request',
      message: 'playbook restart-deployment is not published in this workspace; publish it first',
    });
    ok('playbooks:publish', { name: 'restart-deployment' });
    const entries = ws.store.count();
    const start = (service: string | null, inputs: Record<string, string>) => fails('playbooks:start', { playbook: 'restart-deployment', service, inputs });
    expect(start('payments-api', { deployment: '  ', namespace: '' })).toEqual({
      code: 'refused',
      message: 'playbook.run refused: input deployment is required (Kubernetes deployment name)',
    });
    expect(start('payments-api', { deployment: 'Payments API' }).message).toBe(
      'playbook.run refused: input deployment="Payments API" does not match [a-z0-9]([-a-z0-9]*[a-z0-9])?',
    );
    expect(start('payments-api', { deployment: 'payments-api', colour: 'red' }).message).toBe(
      'playbook.run refused: playbook restart-deployment has no input colour',
    );
    expect(start('no-such-service', { deployment: 'payments-api' })).toEqual({ code: 'bad_request', message: 'unknown service no-such-service' });
    expect(ws.store.count()).toBe(entries);
  });

  it('starts a run and shows it step by step: the version it ran, the action it requested and why that waits', () => {
    ok('playbooks:publish', { name: 'restart-deployment' });
    const incident = Object.keys(ws.state.incidents)[0]!;
    const { run } = ok<{ run: string }>('playbooks:start', {
      playbook: 'restart-deployment',
      service: 'payments-api',
      incident,
      inputs: { deployment: ' payments-api ', namespace: '', environment: 'production' },
    });
    let view = ok<View>('playbooks:run', { run });
    expect(view).toMatchObject({
      playbook: 'restart-deployment',
      title: 'Restart a deployment',
      version: 1,
      publication: 1,
      service: 'payments-api',
      incident: { id: incident, title: 'Checkout failing for EU card payments' },
      status: 'running',
      current: 'starting',
      inputs: { deployment: 'payments-api', namespace: 'default', environment: 'production' },
      drivenHere: true,
      startedBy: { key: ws.me, name: 'Alex Admin' },
    });
    expect(view.hash).toBe(ws.state.playbooks?.current['restart-deployment']);
    expect(view.steps.map((s) => s.status)).toEqual(['pending', 'pending', 'pending', 'pending']);
    expect(view.steps[0]?.does).toBe(
      'kubernetes restart on deployment payments-api in default (production, medium risk): rollout restart of payments-api for payments-api',
    );
    expect(view.steps[2]).toMatchObject({
      type: 'check',
      does: 'check payments-api is healthy within 10m',
      check: { service: 'payments-api', expected: 'healthy', deadline: null },
    });

    const advanced = ok<ResultOf<'playbooks:advance'>>('playbooks:advance', { run });
    expect(advanced.status).toBe('running');
    expect(advanced.log.join('\n')).toMatch(/^steps\/restart: requested action [0-9a-f]{8} \(kubernetes restart\)$/m);
    view = ok<View>('playbooks:run', { run });
    const step = view.steps[0]!;
    expect(step).toMatchObject({
      status: 'waiting',
      by: { key: ws.me, name: 'Alex Admin' },
      action: { connector: 'kubernetes', operation: 'restart', status: 'pending' },
    });
    // The demo's default policy: a medium-risk production change needs one approver who is not the requester.
    expect(step.action?.statusText).toMatch(/^waiting for approval: /);
    expect(step.action?.id).toBe(ws.state.playbooks?.runs[run]?.steps['steps:restart']?.ref);
    expect(view.waiting).toMatch(/^waiting for action [0-9a-f]{8} \(pending\)$/);
    expect(view.current).toBe('restart: waiting');

    const runs = ok<ResultOf<'playbooks:runs'>>('playbooks:runs', { service: 'payments-api' }).runs;
    expect(runs.map((r) => [r.id, r.current])).toEqual([[run, 'restart: waiting']]);
    expect(ok<ResultOf<'playbooks:runs'>>('playbooks:runs', { service: 'checkout-service' }).runs).toEqual([]);
    expect(restart(ok<List>('playbooks:list'))?.runs).toBe(1);
    expect(fails('playbooks:run', { run: 'f'.repeat(64) })).toEqual({ code: 'bad_request', message: `no playbook run ${'f'.repeat(64)} in this workspace` });
  });

  it('passes an approval gate only for another member with the role, and says why not otherwise', () => {
    const approverSeed = generateKeyPair().seed;
    const approverKey = signerFromSeed(approverSeed).publicKey;
    ws.append('roster.memberPut', { member: approverKey, name: 'Pat Approver', roles: ['approver'], teams: ['payments'] });
    ok('playbooks:publish', { name: 'rollback-release' });
    const incident = Object.keys(ws.state.incidents)[0]!;
    const { run } = ok<{ run: string }>('playbooks:start', {
      playbook: 'rollback-release',
      service: 'checkout-service',
      incident,
      inputs: { owner: 'acme', repo: 'checkout', version: 'v41' },
    });
    ok('playbooks:advance', { run });
    const gate = () => ok<View>('playbooks:run', { run }).steps.find((s) => s.id === 'approve')!;
    expect(gate()).toMatchObject({
      type: 'approval',
      status: 'waiting',
      gate: { roles: ['approver', 'commander'], canPass: 'the member who started the run cannot pass its approval gates' },
    });
    expect(ok<View>('playbooks:run', { run }).steps[0]).toMatchObject({
      status: 'done',
      task: { title: 'Rolling checkout-service back to v41: hold merges to checkout', status: 'open', awaited: false },
    });
    expect(fails('playbooks:approve', { run, step: 'approve' })).toEqual({
      code: 'refused',
      message: 'playbook.step refused: the member who started the run cannot pass its approval gates',
    });
    expect(fails('playbooks:approve', { run, step: 'deploy-previous' }).message).toBe(
      'playbook.step refused: step deploy-previous of this run is not waiting for approval',
    );

    const approver = Workspace.open({ dir: ws.dir, clock, signer: signerFromSeed(approverSeed) });
    try {
      expect(ok<View>('playbooks:run', { run }, approver).steps.find((s) => s.id === 'approve')?.gate?.canPass).toBeNull();
      ok('playbooks:approve', { run, step: 'approve' }, approver);
    } finally {
      approver.close();
    }
    ws.catchUp();
    expect(gate()).toMatchObject({ status: 'approved', by: { name: 'Pat Approver' }, gate: { canPass: 'the gate is approved' } });
    ok('playbooks:advance', { run });
    const view = ok<View>('playbooks:run', { run });
    expect(view.steps.find((s) => s.id === 'approve')?.status).toBe('done');
    expect(view.steps.find((s) => s.id === 'deploy-previous')).toMatchObject({
      status: 'waiting',
      action: { connector: 'github', operation: 'workflow_dispatch' },
    });
  });
});

describe('playbooks over `commandpost serve`', () => {
  it('the host takes a started run further on its own, and the client sees it in state:changed events', async () => {
    const { host } = await demoHost();
    const client = await TestClient.connect(apiUrl(host));
    try {
      await client.value('playbooks:publish', { name: 'restart-deployment' });
      const { run } = await client.value<{ run: string }>('playbooks:start', {
        playbook: 'restart-deployment',
        service: 'payments-api',
        inputs: { deployment: 'payments-api' },
      });
      // No playbooks:advance: the host's playbook service requests the action after the run entry lands.
      for (;;) {
        const event = await client.nextEvent();
        if (event.added.some((e) => e.header.kind === 'action.request')) break;
      }
      const view = await client.value<View>('playbooks:run', { run });
      expect(view.steps[0]).toMatchObject({ id: 'restart', status: 'waiting', action: { connector: 'kubernetes', status: 'pending' } });
      expect(view.steps[0]?.action?.statusText).toMatch(/^waiting for approval/);
    } finally {
      client.close();
      await host.close();
    }
  });
});
