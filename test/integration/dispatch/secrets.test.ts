import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli/run';
import { systemClock } from '../../../main/clock';
import { handle } from '../../../main/api/apiHandlers';
import { Workspace } from '../../../main/workspace';
import { cliSandbox } from '../cli/cliHarness';
import { cleanup } from './fixture';
import { startReceiver } from './receiver';
import { actionRequestArgs } from '../../support/actionRequestArgs';

afterAll(cleanup);

// A secret with a shape no other text in the journal could share.
const SECRET = 'whsec_Zq8v2LmT9kPx4Rn7Yc1Bd6Hf3Jg5';

const POLICY = `version: 1
name: secrets test
rules:
  - id: staging
    match: { environment: staging }
    effect: allow
default:
  require: { approvals: 1, expiry: 4h }
`;

describe('connector secrets never leave the SecretStore', () => {
  it('not in the journal export, the dispatcher and CLI logs, the preview, nor the state the renderer gets', async () => {
    const cli = cliSandbox();
    const logs: string[] = [];
    const run = async (argv: string[], input?: string) => {
      let stdout = '';
      let stderr = '';
      const code = await runCli(argv, {
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
        env: cli.env,
        stdin: null,
        readInput: input === undefined ? undefined : async () => input,
      });
      logs.push(stdout, stderr);
      return { code, stdout, stderr };
    };
    const receiver = await startReceiver(SECRET, () => systemClock.now());
    const ws = ['--workspace', cli.workspace];
    expect((await run(['init', ...ws])).code).toBe(0);
    const policyFile = join(cli.home, 'policy.yaml');
    writeFileSync(policyFile, POLICY);
    expect((await run(['policy', 'publish', policyFile, ...ws])).code).toBe(0);

    const set = await run(['connector', 'secret', 'set', 'deploy-hook'], `${SECRET}\n`);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toMatch(/Stored secret deploy-hook \(34 characters\)/);

    const params = JSON.stringify({ url: receiver.url, payload: { text: 'restart payments-api' }, secret: 'deploy-hook' });
    const req = await run([
      ...actionRequestArgs({
        connector: 'webhook',
        operation: 'post',
        env: 'staging',
        risk: 'low',
        target: 'deploy hook',
        summary: 'restart payments-api',
        params,
      }),
      ...ws,
    ]);
    expect(req.code, req.stderr).toBe(0);
    const id = /Requested action ([0-9a-f]+)/.exec(req.stdout)?.[1] ?? '';
    expect((await run(['action', 'preview', id, ...ws])).stdout).toContain('<secret:deploy-hook>');
    const dispatched = await run(['action', 'dispatch', '--once', ...ws]);
    expect(dispatched.code, dispatched.stderr).toBe(0);
    expect(dispatched.stdout).toMatch(/Dispatched 1 action/);
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]?.signed).toBe(true);
    expect((await run(['action', 'outbox', ...ws])).stdout).toMatch(/DONE {2}webhook post/);

    const exportFile = join(cli.home, 'export.jsonl');
    expect((await run(['journal', 'export', '--out', exportFile, ...ws])).code).toBe(0);
    const exported = readFileSync(exportFile, 'utf8');
    expect(exported).toContain('"action.result"');

    const opened = Workspace.open({ dir: cli.workspace, clock: systemClock });
    const rendererState = JSON.stringify(handle(opened, 'state:get', {}));
    const rawState = JSON.stringify(opened.state);
    opened.close();
    expect(rendererState).toContain('"succeeded"');

    for (const [where, text] of [
      ['export', exported],
      ['logs', logs.join('\n')],
      ['state:get', rendererState],
      ['state', rawState],
    ] as const) {
      expect(text.includes(SECRET), `secret found in ${where}`).toBe(false);
    }
    await receiver.close();
  });
});
