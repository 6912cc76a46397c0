// The console's action API (issue 6) over real workspaces: previews with
// secrets masked, requests, explanations of why an action is blocked,
// approvals bound to the version reviewed, refusals naming the rule, the
// outbox and metrics — and a running host whose dispatcher sends an action
// approved by another member exactly once to a local webhook receiver that
// checks the HMAC signature.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { ActionView } from '../../../shared/api/actionMethods';
import { systemClock } from '../../../main/clock';
import type { JsonValue } from '../../../shared/canonical';
import { createConnectors, staticSecrets } from '../../../main/connectors';
import { handle } from '../../../main/api';
import { startHost } from '../../../main/host';
import { previewRequest } from '../../../main/dispatch/dispatchService';
import { SECRET, cleanup, tempDir, closeTwoMembers, newClock, open, signer, twoMembers, makeWorkspace, type TwoMembers } from '../dispatch/fixture';
import { startReceiver } from '../dispatch/receiver';
import { TestClient, apiUrl } from '../host/hostHarness';

type Ok<T> = { ok: true; value: T };

function ok<T>(r: ReturnType<typeof handle>): T {
  if (!r.ok) throw new Error(`expected success, got ${r.error.code}: ${r.error.message}`);
  return (r as Ok<T>).value;
}

const webhook = (url: string, over: Record<string, unknown> = {}) => ({
  connector: 'webhook',
  operation: 'post',
  environment: 'production',
  risk: 'medium',
  target: 'deploy hook',
  summary: 'restart payments-api through the deploy hook',
  params: { url, payload: { text: 'restart payments-api' }, secret: 'hook' },
  ...over,
});

let scene: TwoMembers | null = null;
afterEach(async () => {
  if (scene !== null) await closeTwoMembers(scene);
  scene = null;
});
afterAll(() => cleanup());

describe('actions API over a workspace', () => {
  it('previews with the secret masked and says what the policy will ask for', async () => {
    scene = await twoMembers();
    const { requester, receiver } = scene;
    const value = ok<{ preview: { text: string; request: { headers: Record<string, string>; url: string } }; explanation: string[] }>(
      handle(requester, 'actions:preview', webhook(receiver.url)),
    );
    expect(value.preview.text).toContain(`POST a signed JSON payload to ${receiver.url}`);
    expect(JSON.stringify(value)).not.toContain(SECRET);
    expect(value.preview.request.headers['x-commandpost-signature']).toMatch(/HMAC-SHA256/);
    expect(value.explanation[0]).toMatch(/^Would wait under rule webhook-prod of policy v1:/);
    expect(value.explanation.join(' ')).toMatch(/approval/);
  });

  it('refuses bad parameters and unknown connectors, naming what is wrong, and stores nothing', async () => {
    scene = await twoMembers();
    const { requester } = scene;
    const before = requester.store.count();
    const badUrl = handle(requester, 'actions:request', webhook('not a url'));
    expect(badUrl.ok).toBe(false);
    if (!badUrl.ok) expect(badUrl.error).toMatchObject({ code: 'bad_request', message: expect.stringMatching(/url/) });
    const unknown = handle(requester, 'actions:request', webhook('http://127.0.0.1:1/x', { connector: 'telepathy' }));
    if (unknown.ok) throw new Error('an unknown connector was accepted');
    expect(unknown.error.message).toMatch(/unknown connector "telepathy"; this device has .*webhook/);
    const noReason = handle(requester, 'actions:reject', { id: 'x', comment: '   ' });
    if (noReason.ok) throw new Error('a rejection without a reason was accepted');
    expect(noReason.error.message).toMatch(/params\.comment: say why it is rejected/);
    expect(requester.store.count()).toBe(before);
  });

  it('explains why a request is blocked, binds approvals to the version reviewed, then allows it', async () => {
    scene = await twoMembers();
    const { requester, approver, receiver } = scene;
    const { id } = ok<{ id: string }>(handle(requester, 'actions:request', webhook(receiver.url)));

    const seen = ok<{ actions: ActionView[] }>(handle(requester, 'actions:list', {})).actions.find((a) => a.id === id)!;
    expect(seen).toMatchObject({ status: 'pending', requester: { name: 'Rita Requester' }, version: 1, params: { url: receiver.url } });
    expect(seen.decision?.decision).toBe('blocked');
    expect(seen.decision?.reasons.join(' ')).toMatch(/needs 1 more approval/);
    expect(seen.preview).toContain('POST a signed JSON payload');
    // The requester is shown why the Approve button is off.
    expect(seen.can.approve).toMatch(/you requested it/);

    approver.catchUp();
    const mine = ok<{ actions: ActionView[] }>(handle(approver, 'actions:list', {})).actions.find((a) => a.id === id)!;
    expect(mine.can.approve).toBeNull();
    const stale = handle(approver, 'actions:approve', { id, paramsHash: 'f'.repeat(64), comment: '' });
    if (stale.ok) throw new Error('an approval for another version was accepted');
    expect(stale.error).toMatchObject({ code: 'refused', message: expect.stringMatching(/edited since you reviewed it/) });

    ok(handle(approver, 'actions:approve', { id, paramsHash: mine.paramsHash, comment: 'go' }));
    const after = ok<{ actions: ActionView[] }>(handle(approver, 'actions:list', {})).actions.find((a) => a.id === id)!;
    expect(after.decision?.decision).toBe('allowed');
    expect(after.verdicts).toEqual([
      expect.objectContaining({ verdict: 'approve', comment: 'go', current: true, by: expect.objectContaining({ name: 'Pam Approver' }) }),
    ]);
    expect(after.can.approve).toMatch(/approved this version already/);

    // The requester's own approval is refused by the fold with the reason.
    requester.catchUp();
    const self = handle(requester, 'actions:approve', { id, paramsHash: mine.paramsHash, comment: '' });
    if (self.ok) throw new Error("the requester's approval was accepted");
    expect(self.error.code).toBe('refused');
    expect(self.error.message).toMatch(/requester/);

    const outbox = ok<{ items: { actionId: string; state: string; why: string | null }[] }>(handle(requester, 'outbox:list', {}));
    expect(outbox.items).toEqual([expect.objectContaining({ actionId: id, state: 'pending' })]);
    const metrics = ok<{ requested: number }>(handle(requester, 'actions:metrics', {}));
    expect(metrics.requested).toBe(1);
  });
});

describe("the composer's examples", () => {
  it("pass every connector's own validation and dry run, for every operation", async () => {
    scene = await twoMembers();
    const { requester, clock } = scene;
    const KUBECONFIG = join(tempDir('cp-kube-'), 'config');
    writeFileSync(
      KUBECONFIG,
      'apiVersion: v1\nkind: Config\ncurrent-context: t\nclusters:\n- name: c\n  cluster:\n    server: https://127.0.0.1:6443\ncontexts:\n- name: ' +
        't\n  context: { cluster: c, user: u, namespace: default }\nusers:\n- name: u\n  user:\n    token: not-a-real-token\n',
    );
    // Every connector configured, as a device with a full dispatch.yaml has them.
    const connectors = createConnectors({
      jira: { baseUrl: 'https://jira.example.com' },
      kubernetes: { kubeconfig: { file: KUBECONFIG } },
      command: { allowlist: { 'the allowlisted name': { argv: ['true'] } } },
    });
    const dispatch = {
      connectors,
      preview: (c: string, o: string, p: Record<string, JsonValue>) => previewRequest(connectors, c, o, p),
      outbox: () => [],
      rollback: () => Promise.reject(new Error('unused')),
      wake: () => undefined,
    };
    const listed = ok<{ connectors: { id: string; operations: string[]; examples: Record<string, Record<string, JsonValue>> }[] }>(
      handle(requester, 'actions:connectors', {}, { dispatch, clock }),
    ).connectors;
    expect(listed.map((c) => c.id).sort()).toEqual([
      'command',
      'github',
      'jira',
      'kubernetes',
      'opsgenie',
      'pagerduty',
      'sandbox',
      'slack',
      'teams',
      'webhook',
    ]);
    for (const c of listed) {
      for (const operation of c.operations) {
        const name = operation === '*' ? 'note' : operation;
        const params = c.examples[operation];
        expect(params, `${c.id} ${operation} has an example`).toBeDefined();
        const r = handle(requester, 'actions:preview', { ...webhook(''), connector: c.id, operation: name, params }, { dispatch, clock });
        expect(r.ok ? 'ok' : r.error.message, `${c.id} ${operation}`).toBe('ok');
      }
    }
  });
});

describe('a running host dispatches what its device executes', () => {
  it('sends an action another member approved exactly once, signed, and records the result', async () => {
    const clock = newClock();
    const dir = makeWorkspace(clock);
    const receiver = await startReceiver(SECRET, () => systemClock.now());
    const host = await startHost({
      workspaceDir: dir,
      signer: signer('requester'),
      clock: systemClock,
      port: 0,
      sync: false,
      log: () => undefined,
      secrets: staticSecrets({ hook: SECRET }),
    });
    const client = await TestClient.connect(apiUrl(host), { origin: `http://127.0.0.1:${host.port}` });
    try {
      const { id } = await client.value<{ id: string }>('actions:request', webhook(receiver.url));
      const pending = await client.value<{ items: { actionId: string; state: string; why: string | null }[] }>('outbox:list');
      expect(pending.items.find((i) => i.actionId === id)?.why ?? '').toMatch(/approval/);
      expect(receiver.requests).toHaveLength(0);

      // Another device (the approver's CLI beside the running host) approves.
      const approver = open(dir, 'approver', systemClock);
      try {
        const a = approver.state.actions![id]!;
        approver.append('action.approve', { action: id, comment: 'ok from the CLI', paramsHash: a.paramsHash });
      } finally {
        approver.close();
      }
      let view: ActionView | undefined;
      for (;;) {
        const list = await client.value<{ actions: ActionView[] }>('actions:list');
        view = list.actions.find((x) => x.id === id);
        if (view?.status === 'succeeded' || view?.status === 'failed') break;
        await client.nextEvent();
      }
      expect(view?.status).toBe('succeeded');
      expect(receiver.requests).toHaveLength(1);
      expect(receiver.requests[0]).toMatchObject({ key: id, signed: true });
      const outbox = await client.value<{ items: { actionId: string; state: string }[] }>('outbox:list');
      expect(outbox.items.find((i) => i.actionId === id)?.state).toBe('done');
    } finally {
      client.socket.close();
      await host.close();
      await receiver.close();
    }
  }, 30_000);
});
