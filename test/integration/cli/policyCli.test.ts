import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliSandbox } from './cliHarness';
import { actionRequestArgs } from '../../support/actionRequestArgs';

describe('commandpost policy / action', () => {
  it('checks a policy file with file:line errors and accepts the bundled default', async () => {
    const cli = cliSandbox();
    const bad = join(cli.home, 'bad.yaml');
    writeFileSync(
      bad,
      'version: 1\nname: broken\nrules:\n  - id: prod\n    match: { environment: production }\n    require:\n      approvals: 2\n      aprovers: [approver]\n',
    );
    const r = await cli.run('policy', 'check', bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^${bad.replace(/[/.]/g, '\\$&')}:\\d+: rules\\.0\\.require: Unrecognized key: "aprovers"`));
    const ok = await cli.run('policy', 'check', 'resources/policies/default.yaml');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/OK: policy "Command Post default", 5 rules and a default, sha256 [0-9a-f]{64}/);
  });

  it('publishes, explains, and shows why a pending action is blocked until break-glass', async () => {
    const cli = cliSandbox();
    expect((await cli.run('init', '--workspace', cli.workspace)).code).toBe(0);
    const explainFirst = await cli.run(
      'policy',
      'explain',
      '--connector',
      'kubernetes',
      '--operation',
      'scale',
      '--env',
      'production',
      '--risk',
      'high',
      '--workspace',
      cli.workspace,
    );
    expect(explainFirst.stdout).toContain('Policy "Command Post default" (');
    expect(explainFirst.stdout).toContain('Decision: BLOCKED under rule production-change');
    expect(explainFirst.stdout).toContain('needs 1 more approval, role approver or commander');

    // Parameters are checked by the connector before anything is journaled.
    const noParams = await cli.run(
      ...actionRequestArgs({ connector: 'webhook', operation: 'post', env: 'production', risk: 'high', target: 'hook', summary: 's' }),
      '--workspace',
      cli.workspace,
    );
    expect(noParams.stderr).toMatch(/webhook: invalid parameters at url/);
    const params = JSON.stringify({ url: 'https://hooks.example.com/restart', payload: { service: 'payments-api' } });
    const args = [
      '--connector',
      'webhook',
      '--operation',
      'post',
      '--env',
      'production',
      '--risk',
      'high',
      '--target',
      'payments-api',
      '--summary',
      'restart payments-api',
      '--params',
      params,
    ];
    expect((await cli.run('action', 'request', ...args, '--workspace', cli.workspace)).stderr).toMatch(/no policy is in force/);

    expect((await cli.run('policy', 'publish', 'resources/policies/default.yaml', '--workspace', cli.workspace)).stdout).toMatch(
      /^Published policy "Command Post default" as v1/,
    );
    const req = await cli.run('action', 'request', ...args, '--workspace', cli.workspace);
    expect(req.code).toBe(0);
    const id = /Requested action ([0-9a-f]{8})/.exec(req.stdout)?.[1] ?? '';
    const list = await cli.run('action', 'list', '--workspace', cli.workspace);
    expect(list.stdout).toContain('PENDING  webhook post in production (risk high): restart payments-api');
    expect(list.stdout).toContain('Decision: BLOCKED under rule production-change');
    expect(list.stdout).toContain('needs 1 more approval, role approver or commander');

    const self = await cli.run('action', 'approve', id, '--workspace', cli.workspace);
    expect(self.code).toBe(1);
    expect(self.stderr).toMatch(/is the requester and cannot approve/);
    expect((await cli.run('action', 'override', id, '--workspace', cli.workspace)).stderr).toMatch(/needs --justification/);
    const glass = await cli.run('action', 'override', id, '--justification', 'checkout down, approvers unreachable', '--workspace', cli.workspace);
    expect(glass.stdout).toContain('BREAK-GLASS by Priya Natarajan: "checkout down, approvers unreachable"');
    expect(glass.stdout).toContain('Decision: ALLOWED (BREAK-GLASS OVERRIDE)');
    expect((await cli.run('policy', 'show', '--workspace', cli.workspace)).stdout).toMatch(/^\* v1 /);
  });
});
