import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConnectors, secretAccount, secretsFromStore } from '../../../main/connectors';
import { Outbox, outboxEntries } from '../../../main/dispatch';
import { FileStore } from '../../../main/identity';
import type { Workspace } from '../../../main/workspace';
import { cliSandbox } from '../cli/cliHarness';
import { cleanup, closeTwoMembers, dispatcherFor, requestWebhook, SECRET, tempDir, twoMembers, type TwoMembers } from './fixture';

// Issue 13: an approved action whose connector secret is not set yet waits in
// the outbox, saying which secret and how to set it, and goes out once it is
// set, on the approval it already has. Nothing is sent and no failure is
// journaled in between. The secrets live in a real (passphrase file) store.

afterAll(cleanup);

let scene: TwoMembers;
let store: FileStore;

beforeEach(async () => {
  scene = await twoMembers();
  store = new FileStore({ dir: tempDir('cp-secrets-'), passphrase: async () => 'test passphrase' });
});

afterEach(() => closeTwoMembers(scene));

const resultsOf = (ws: Workspace, id: string) =>
  [...ws.store.entriesAfter(null)]
    .filter((e) => e.header.kind === 'action.result' && (e.body as { action: string }).action === id)
    .map((e) => e.body as { outcome: string; final: boolean });

function requestSlack(ws: Workspace): string {
  return ws.append('action.request', {
    connector: 'slack',
    operation: 'post_message',
    environment: 'production',
    risk: 'low',
    target: '#payments',
    summary: 'tell #payments the deploy hook was asked to restart',
    params: { channel: '#payments', text: 'Restarting payments-api' },
  }).id;
}

describe('an approved action without its connector secret', () => {
  it('waits with the reason, sends nothing, then goes out exactly once when the secret is set, with no failure journaled', async () => {
    const { requester, approver, receiver, clock, dir } = scene;
    const hook = requestWebhook(requester, receiver.url);
    const slack = requestSlack(requester);
    approver.append('action.approve', { action: hook, comment: 'go' });
    approver.append('action.approve', { action: slack, comment: 'go' });
    // The Slack API stands in as the same local server (it answers {"ok":true}).
    const { d, log } = dispatcherFor(requester, clock, {
      secrets: secretsFromStore(store),
      connectors: createConnectors({ slack: { baseUrl: receiver.origin } }),
    });
    await d.drain();
    await d.drain();

    expect(receiver.requests).toHaveLength(0);
    const outbox = new Outbox(requester.store.db);
    expect(outbox.get(hook)).toMatchObject({ state: 'pending', reason: 'needs secret hook (commandpost connector secret set hook)' });
    expect(outbox.get(slack)).toMatchObject({ state: 'pending', reason: 'needs secret slack (commandpost connector secret set slack)' });
    const why = outboxEntries(requester.state, outbox.list(), clock.now()).map((e) => [e.actionId, e.why]);
    expect(why).toEqual(
      expect.arrayContaining([
        [hook, 'needs secret hook (commandpost connector secret set hook)'],
        [slack, 'needs secret slack (commandpost connector secret set slack)'],
      ]),
    );
    expect(requester.state.actions?.[hook]).toMatchObject({ status: 'pending', attempts: [] });
    // Said once, not on every pass.
    expect(log.filter((l) => l.includes('needs secret hook'))).toHaveLength(1);

    const cli = cliSandbox();
    const show = await cli.run('action', 'show', hook, '--workspace', dir);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toContain('outbox: pending: needs secret hook (commandpost connector secret set hook)');
    expect((await cli.run('action', 'list', '--workspace', dir)).stdout).toContain('needs secret slack (commandpost connector secret set slack)');

    await store.set(secretAccount('hook'), SECRET);
    await store.set(secretAccount('slack'), 'xoxb-test-token-for-the-local-server');
    await d.drain();
    await d.drain();
    expect(receiver.requests).toHaveLength(2);
    expect(receiver.requests.filter((r) => r.key === hook && r.signed)).toHaveLength(1);
    for (const id of [hook, slack]) {
      expect(requester.state.actions?.[id]?.status).toBe('succeeded');
      expect(resultsOf(requester, id).map((r) => r.outcome)).toEqual(['succeeded']);
      expect(outbox.get(id)).toMatchObject({ state: 'done', reason: null });
    }
    expect(requester.state.actions?.[hook]?.verdicts).toHaveLength(1);
  });

  it('whose approval expired while it waited goes back to waiting for approval, not out', async () => {
    const { requester, approver, receiver, clock } = scene;
    const hook = requestWebhook(requester, receiver.url);
    approver.append('action.approve', { action: hook, comment: 'go' });
    const { d } = dispatcherFor(requester, clock, { secrets: secretsFromStore(store) });
    await d.drain();
    expect(new Outbox(requester.store.db).get(hook)?.reason).toMatch(/^needs secret hook/);
    // The webhook-prod rule's approvals are valid for an hour.
    clock.advance(2 * 3_600_000);
    await store.set(secretAccount('hook'), SECRET);
    await d.drain();
    expect(receiver.requests).toHaveLength(0);
    expect(new Outbox(requester.store.db).get(hook)).toMatchObject({ state: 'waiting-approval' });
    expect(resultsOf(requester, hook)).toEqual([]);
  });
});
