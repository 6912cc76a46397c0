import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { playbookHash } from '../../../shared/playbook';
import { own } from '../../../shared/state';
import { nodeCrypto } from '../../../main/crypto';
import { handle } from '../../../main/api/apiHandlers';
import { advanceRun } from '../../../main/playbook';
import { cliSandbox } from '../cli/cliHarness';
import { cleanup } from '../dispatch/fixture';
import { demoScene, driveRun, standInConnectors, type DemoScene } from './demoScene';
import { startVendorStandIn, type VendorStandIn } from './vendorStandIn';

// Issue 13: a playbook that does not fit the workspace (a team the catalog
// does not have) is refused at publish and at run start, naming the step and
// the missing thing, and nothing is dispatched; a configuration error that
// surfaces mid-run ends the run without paging anyone through its escalation.

const PAGE_DBAS = (team: string) => `playbook: page-the-dbas
version: 1
title: Page the database team
inputs:
  team: { description: Team to hand the check to, default: database }
steps:
  - id: look
    task: { title: "Look at {{service}}", team: "${team}" }
  - id: page
    action:
      connector: pagerduty
      operation: trigger
      environment: production
      risk: low
      target: database on-call
      summary: "page the DBAs about {{service}}"
      params: { summary: "{{service}} needs a DBA", severity: critical, source: commandpost }
escalation:
  - id: page-more
    action:
      connector: pagerduty
      operation: trigger
      environment: production
      risk: low
      target: everyone
      summary: "page everyone about {{service}}"
      params: { summary: "nobody answered about {{service}}", severity: critical, source: commandpost }
`;

let vendor: VendorStandIn;
let s: DemoScene;

beforeAll(async () => {
  vendor = await startVendorStandIn();
});
afterAll(async () => {
  await vendor.close();
  cleanup();
});
beforeEach(() => {
  vendor.requests.length = 0;
});
afterEach(() => s?.close());

describe('a playbook that names a team the workspace does not have', () => {
  it('the CLI refuses it at publish, and a templated team at run start, naming the step; nothing is journaled', async () => {
    const cli = cliSandbox();
    const ws = ['--workspace', cli.workspace];
    expect((await cli.run('init', '--demo', ...ws)).code).toBe(0);
    const file = join(cli.home, 'page-the-dbas.yaml');
    writeFileSync(file, PAGE_DBAS('database'));
    const refused = await cli.run('playbook', 'publish', file, ...ws);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      "playbook page-the-dbas does not fit this workspace: step look: unknown team database (this workspace's teams: checkout, data, discovery",
    );
    expect(refused.stderr).toContain('Nothing was published');
    expect((await cli.run('playbook', 'list', ...ws)).stdout).toContain('No playbooks published.');

    writeFileSync(file, PAGE_DBAS('{{team}}'));
    expect((await cli.run('playbook', 'publish', file, ...ws)).code).toBe(0);
    const run = await cli.run('playbook', 'run', 'page-the-dbas', '--service', 'orders-db', '--incident', await openIncident(cli), ...ws);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('step look: unknown team database');
    expect(run.stderr).toContain('The run was not started');
    const ok = await cli.run(
      'playbook',
      'run',
      'page-the-dbas',
      '--service',
      'orders-db',
      '--incident',
      await openIncident(cli),
      '--input',
      'team=data',
      ...ws,
    );
    expect(ok.code, ok.stderr).toBe(0);
  });

  it('the API refuses the run; a run filed anyway fails before its first step; nothing is dispatched', async () => {
    s = await demoScene(vendor);
    const text = PAGE_DBAS('database');
    // Published by a client that did not check (an older version, a peer): the run start still refuses.
    s.commander.append('playbook.publish', { text, hash: playbookHash(nodeCrypto, text) });
    const start = handle(s.commander, 'playbooks:start', { playbook: 'page-the-dbas', service: 'orders-db', incident: s.incident, inputs: {} });
    expect(start).toMatchObject({ ok: false, error: { message: expect.stringContaining('step look: unknown team database') } });
    expect(Object.keys(s.commander.state.playbooks?.runs ?? {})).toEqual([]);
    const noIncident = handle(s.commander, 'playbooks:start', { playbook: 'page-the-dbas', service: 'orders-db', incident: null, inputs: { team: 'data' } });
    expect(noIncident).toMatchObject({ ok: false, error: { message: expect.stringContaining('step look: a task step needs an open incident') } });

    const tasksBefore = Object.keys(s.commander.state.tasks).length;
    const run = s.commander.append('playbook.run', { hash: playbookHash(nodeCrypto, text), service: 'orders-db', incident: s.incident, inputs: {} }).id;
    advanceRun(s.commander, run, { now: () => s.clock.now() });
    await s.dispatcher.drain();
    const failed = own(s.commander.state.playbooks?.runs ?? {}, run);
    expect(failed?.status).toBe('failed');
    expect(failed?.note).toMatch(/^configuration error: playbook page-the-dbas does not fit this workspace: step look: unknown team database/);
    expect(failed?.steps).toEqual({});
    expect(Object.keys(s.commander.state.tasks)).toHaveLength(tasksBefore);
    expect(s.commander.state.actions ?? {}).toEqual({});
    expect(vendor.requests).toEqual([]);
  });

  it('a connector this device is not configured for fails the step as a configuration error: no rollback, no escalation page', async () => {
    s = await demoScene(vendor, standInConnectors(vendor, ['kubernetes']));
    expect(handle(s.commander, 'playbooks:publish', { name: 'restart-deployment' })).toMatchObject({ ok: true });
    const start = handle(s.commander, 'playbooks:start', {
      playbook: 'restart-deployment',
      service: 'payments-api',
      incident: s.incident,
      inputs: { deployment: 'payments-api' },
    });
    if (!start.ok) throw new Error(start.error.message);
    const run = (start.value as { run: string }).run;
    await driveRun(s, run);
    const failed = own(s.commander.state.playbooks?.runs ?? {}, run);
    expect(failed?.status).toBe('failed');
    expect(failed?.note).toMatch(
      new RegExp(
        '^steps step restart failed: configuration error: action kubernetes restart not sent: ' +
          'connector kubernetes is not configured on this device.*; no rollback or escalation ran',
      ),
    );
    expect(Object.values(s.commander.state.actions ?? {}).map((a) => a.connector)).toEqual(['kubernetes']);
    expect(vendor.requests).toEqual([]);
  });
});

/** The demo's live incident, by id (the CLI resolves a prefix). */
async function openIncident(cli: ReturnType<typeof cliSandbox>): Promise<string> {
  const status = await cli.run('status', '--workspace', cli.workspace);
  const id = /\b([0-9a-f]{8})\b/.exec(status.stdout)?.[1];
  if (id === undefined) throw new Error(`no incident id in: ${status.stdout}`);
  return id;
}
