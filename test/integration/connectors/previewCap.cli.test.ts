import { describe, expect, it } from 'vitest';
import { cliSandbox } from '../cli/cliHarness';
import { actionRequestArgs } from '../../support/actionRequestArgs';

// Slack takes 40,000 characters of text, more than action.request's preview
// field holds (20,000): the CLI used to put the whole request body in the
// preview, and the journal refused a request Slack would have accepted. One
// constant (PREVIEW_MAX_CHARS, read from the preview field's schema) now cuts
// the preview, and only the preview.
describe('the CLI preview and the connector limits agree', () => {
  it('requests a Slack post at the 40,000-character limit; its preview is cut, its parameters are whole', async () => {
    const cli = cliSandbox();
    const ws = ['--workspace', cli.workspace];
    expect((await cli.run('init', ...ws)).code).toBe(0);
    expect((await cli.run('policy', 'publish', 'resources/policies/default.yaml', ...ws)).code).toBe(0);
    const text = 'z'.repeat(40_000);
    const params = JSON.stringify({ channel: '#ops', text });
    const req = await cli.run(
      ...actionRequestArgs({
        connector: 'slack',
        operation: 'post_message',
        env: 'staging',
        risk: 'low',
        target: '#ops',
        summary: 'long post',
        params,
      }),
      ...ws,
    );
    expect(req.code, req.stderr).toBe(0);
    const id = /Requested action ([0-9a-f]+)/.exec(req.stdout)?.[1] ?? '';
    const show = await cli.run('action', 'show', id, ...ws);
    expect(show.stdout).toContain('preview cut at 20,000 characters; the request is sent in full');
    expect(show.stdout).toContain(text);

    const over = await cli.run(
      ...actionRequestArgs({
        connector: 'slack',
        operation: 'post_message',
        env: 'staging',
        risk: 'low',
        target: '#ops',
        summary: 'too long',
        params: JSON.stringify({ channel: '#ops', text: `${text}!` }),
      }),
      ...ws,
    );
    expect(over.code).not.toBe(0);
    expect(over.stderr).toContain('slack: invalid parameters at text: Slack takes at most 40,000 characters of text');
  });
});
