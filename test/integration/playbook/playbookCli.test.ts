import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliSandbox } from '../cli/cliHarness';

describe('commandpost playbook', () => {
  it('publish (bad YAML keeps the version in force), list, run on a service, status, and the outbox says why the action waits', async () => {
    const cli = cliSandbox();
    const ws = ['--workspace', cli.workspace];
    expect((await cli.run('init', '--demo', ...ws)).code).toBe(0);
    expect((await cli.run('policy', 'publish', 'resources/policies/default.yaml', ...ws)).code).toBe(0);
    expect((await cli.run('playbook', 'publish', 'resources/playbooks/restart-deployment.yaml', ...ws)).code).toBe(0);

    const bad = join(cli.home, 'restart-deployment.yaml');
    writeFileSync(bad, 'playbook: restart-deployment\nversion: 2\ntitle: R\nsteps:\n  - id: a\n    wait: soon\n');
    const refused = await cli.run('playbook', 'publish', bad, ...ws);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${bad}:6: steps.0.wait: expected a duration such as 30s, 5m or 1h, got "soon"`);
    expect(refused.stderr).toContain('the version in force is unchanged');
    const listed = (await cli.run('playbook', 'list', ...ws)).stdout;
    expect(listed).toMatch(/^restart-deployment v1 \(sha256 d6b08cfae8ed…, publication 1\): Restart a deployment$/m);

    const run = await cli.run(
      'playbook',
      'run',
      'restart-deployment',
      '--service',
      'payments-api',
      '--input',
      'deployment=payments-api',
      '--input',
      'namespace=payments',
      ...ws,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/steps\/restart: requested action [0-9a-f]{8} \(kubernetes restart\)/);
    expect(run.stdout).toMatch(/restart: waiting - action kubernetes restart: rollout restart of payments-api for payments-api/);
    const runId = /Started run ([0-9a-f]+)/.exec(run.stdout)?.[1] ?? '';
    expect((await cli.run('playbook', 'status', runId, ...ws)).stdout).toMatch(/Run [0-9a-f]{8} of restart-deployment v1 \(sha256 d6b08cfae8ed…\): RUNNING/);
    const outbox = await cli.run('action', 'outbox', ...ws);
    expect(outbox.stdout).toMatch(/PENDING {2}kubernetes restart: rollout restart of payments-api/);
    expect(outbox.stdout).toMatch(/blocked: .*needs 1 more approval/);
  });
});
