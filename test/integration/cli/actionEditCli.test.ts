import { describe, expect, it } from 'vitest';
import { cliSandbox } from './cliHarness';
import { actionRequestArgs } from '../../support/actionRequestArgs';

// Issue 8 from the CLI: `action show` prints the parameters hash, the
// version history and why an earlier verdict stopped counting; `action
// approve --hash` refuses a version the approver did not review.

describe('commandpost action edit / approve --hash', () => {
  it('an edit ends a break-glass override given for the earlier parameters, and says why', async () => {
    const cli = cliSandbox();
    const ws = ['--workspace', cli.workspace];
    expect((await cli.run('init', ...ws)).code).toBe(0);
    expect((await cli.run('policy', 'publish', 'resources/policies/default.yaml', ...ws)).code).toBe(0);
    const params = JSON.stringify({ url: 'https://hooks.example.com/restart', payload: { service: 'payments-api' } });
    const req = await cli.run(
      ...actionRequestArgs({
        connector: 'webhook',
        operation: 'post',
        env: 'production',
        risk: 'high',
        target: 'payments-api',
        summary: 'restart',
        params,
      }),
      ...ws,
    );
    const id = /Requested action ([0-9a-f]{8})/.exec(req.stdout)?.[1] ?? '';
    const shown = await cli.run('action', 'show', id, ...ws);
    const first = /parameters hash ([0-9a-f]{64})/.exec(shown.stdout)?.[1] ?? '';
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(shown.stdout).toContain('POST https://hooks.example.com/restart');

    expect((await cli.run('action', 'override', id, '--justification', 'checkout down', ...ws)).stdout).toContain('Decision: ALLOWED (BREAK-GLASS OVERRIDE)');
    const edited = await cli.run(
      'action',
      'edit',
      id,
      '--params',
      JSON.stringify({ url: 'https://hooks.example.com/restart', payload: { service: 'payments-db' } }),
      ...ws,
    );
    expect(edited.code).toBe(0);
    expect(edited.stdout).toContain('earlier approvals no longer count');
    expect(edited.stdout).toContain('"payments-db"');

    const after = await cli.run('action', 'show', id, ...ws);
    expect(after.stdout).toMatch(/parameters hash [0-9a-f]{64} \(version 2\)/);
    expect(after.stdout).toMatch(/edited by Priya Natarajan at \S+: [0-9a-f]{12}… -> [0-9a-f]{12}…/);
    expect(after.stdout).toContain('Decision: BLOCKED');
    expect(after.stdout).toMatch(/override by Priya Natarajan was for an earlier version of the parameters \(edited at \d{4}-\d\d-\d\dT/);

    const stale = await cli.run('action', 'approve', id, '--hash', first.slice(0, 12), ...ws);
    expect(stale.code).not.toBe(0);
    expect(stale.stderr).toMatch(/the action was edited since you reviewed it/);
    expect((await cli.run('action', 'edit', id, ...ws)).stderr).toMatch(/changes nothing/);
  });
});
