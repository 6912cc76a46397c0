// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ActionView } from '../../../../shared/api/actionMethods';
import { parseParams, useActionsStore } from '../../../../renderer/approvals';
import { useShellStore } from '../../../../renderer/shell';
import { App } from '../../../../renderer/app/App';
import { FakeApi } from '../fakeApi';
import { BOB, demoState, hex64, INCIDENT, ME } from '../fixtures';
import { useCleanConsole } from '../domMocks';

const HASH = 'c'.repeat(64);

function pending(over: Partial<ActionView> = {}): ActionView {
  return {
    id: hex64(41),
    incident: INCIDENT,
    connector: 'webhook',
    operation: 'post',
    environment: 'production',
    risk: 'medium',
    target: 'payments-api',
    summary: 'Restart payments-api',
    requester: { key: BOB, name: 'Bob Responder' },
    executor: { key: BOB, name: 'Bob Responder' },
    requestedAt: 1_700_000_000_000,
    status: 'pending',
    paramsHash: HASH,
    version: 1,
    params: { url: 'https://hooks.example.com/x' },
    preview: 'POST a signed JSON payload to https://hooks.example.com/x',
    decision: {
      decision: 'blocked',
      override: false,
      policy: 'p',
      rule: 'production-change',
      reasons: ['needs 1 more approval from role approver or commander'],
      approvers: [],
      validUntil: null,
    },
    verdicts: [],
    overrides: [],
    attempts: 0,
    result: null,
    rollback: null,
    can: { approve: null, reject: null, override: 'only an incident commander can break glass', rollback: 'only a succeeded action can be rolled back' },
    ...over,
  };
}

function apiWith(actions: ActionView[]): FakeApi {
  const api = new FakeApi(demoState());
  api.extra['actions:list'] = () => ({ ok: true, value: { me: ME, now: 1_700_000_100_000, actions } });
  api.extra['outbox:list'] = () => ({
    ok: true,
    value: {
      items: [
        {
          actionId: hex64(42),
          state: 'retrying',
          attempts: 2,
          nextAttemptAt: 1_700_000_130_000,
          why: 'HTTP 503 from the vendor',
          connector: 'slack',
          operation: 'post',
          summary: 'Tell #incidents',
        },
      ],
    },
  });
  api.extra['actions:connectors'] = () => ({
    ok: true,
    value: {
      dispatching: true,
      connectors: [{ id: 'webhook', operations: ['post'], canRollback: false, examples: { post: { url: 'https://hooks.example.com/commandpost' } } }],
    },
  });
  api.extra['actions:approve'] = (p) => ({ ok: true, value: { id: p.id } });
  api.extra['actions:preview'] = () => ({
    ok: true,
    value: {
      preview: { text: 'POST a signed JSON payload to https://hooks.example.com/y', request: null, argv: null },
      explanation: ['Would wait under rule production-change of policy v1:', 'needs 1 more approval'],
    },
  });
  api.extra['actions:request'] = () => ({ ok: true, value: { id: hex64(43) } });
  return api;
}

async function openActions(api: FakeApi) {
  render(<App client={api} />);
  await screen.findByTestId('service-node-db');
  useShellStore.getState().setTab('actions');
  return screen.findByRole('region', { name: 'Approvals inbox' });
}

describe('Actions panel', () => {
  useCleanConsole();
  beforeEach(() => useActionsStore.getState().reset());

  it('shows why an action is blocked, its preview and the outbox, and approves exactly the version shown', async () => {
    const api = apiWith([pending()]);
    const inbox = await openActions(api);
    const row = await within(inbox).findByTestId('action-row');
    expect(within(row).getByTestId('action-why').textContent).toMatch(/Blocked.*needs 1 more approval from role approver or commander/);
    expect(within(row).getByTestId('action-preview').textContent).toContain('POST a signed JSON payload');
    expect(within(row).queryByRole('button', { name: /Break glass/ })).toBeNull();
    const outbox = screen.getByRole('region', { name: 'Outbox' });
    expect(within(outbox).getByTestId('outbox-row').textContent).toMatch(/retrying.*Tell #incidents.*attempts 2.*next try in 30 s.*HTTP 503/s);

    fireEvent.change(within(row).getByLabelText('Comment on Restart payments-api'), { target: { value: 'looks right' } });
    // A rejection needs the comment; an approval does not.
    fireEvent.click(within(row).getByRole('button', { name: 'Approve' }));
    await waitFor(() =>
      expect(api.calls.filter((c) => c.method === 'actions:approve').map((c) => c.params)).toEqual([
        { id: hex64(41), paramsHash: HASH, comment: 'looks right' },
      ]),
    );
  });

  it('disables Approve with the reason when this person may not approve, and flags break-glass', async () => {
    const overridden = pending({
      status: 'succeeded',
      overrides: [{ by: { key: ME, name: 'Ada Commander' }, at: 1_700_000_050_000, justification: 'checkout down for everyone' }],
      can: { approve: 'it is succeeded', reject: 'it is succeeded', override: 'it is succeeded', rollback: 'connector webhook cannot undo what it did' },
    });
    const mine = pending({
      id: hex64(44),
      summary: 'Scale out checkout',
      can: { approve: 'you requested it: the requester never counts as an approver (separation of duties)', reject: 'same', override: null, rollback: 'x' },
    });
    await openActions(apiWith([mine, overridden]));
    const rows = await screen.findAllByTestId('action-row');
    const own = rows.find((r) => r.textContent?.includes('Scale out checkout'))!;
    const approve = within(own).getByRole('button', { name: 'Approve' }) as HTMLButtonElement;
    expect(approve.disabled).toBe(true);
    expect(approve.title).toMatch(/separation of duties/);
    expect(within(own).getByRole('button', { name: /Break glass/ })).toBeTruthy();
    const done = rows.find((r) => r.getAttribute('data-status') === 'succeeded')!;
    expect(done.textContent).toMatch(/break-glass/);
    expect(done.textContent).toMatch(/BREAK-GLASS by Ada Commander.*checkout down for everyone/);
  });

  it('composes a request: bad JSON is caught before anything is sent, then preview and request', async () => {
    const api = apiWith([]);
    await openActions(api);
    fireEvent.click(screen.getByRole('button', { name: /Request an action/ }));
    fireEvent.change(await screen.findByLabelText('Connector'), { target: { value: 'webhook' } });
    fireEvent.change(screen.getByLabelText('Target'), { target: { value: 'payments-api' } });
    fireEvent.change(screen.getByLabelText('Summary'), { target: { value: 'Restart it' } });
    fireEvent.change(screen.getByLabelText('Parameters (JSON)'), { target: { value: '{"url": ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Request action' }));
    expect((await screen.findByTestId('composer-error')).textContent).toMatch(/Parameters are not JSON/);
    expect(api.calls.some((c) => c.method === 'actions:request')).toBe(false);

    fireEvent.change(screen.getByLabelText('Parameters (JSON)'), { target: { value: '{"url": "https://hooks.example.com/y", "payload": {}}' } });
    fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
    expect((await screen.findByTestId('composer-preview')).textContent).toMatch(/Would wait under rule production-change/);
    fireEvent.click(screen.getByRole('button', { name: 'Request action' }));
    await waitFor(() =>
      expect(api.calls.filter((c) => c.method === 'actions:request').map((c) => c.params)).toEqual([
        {
          connector: 'webhook',
          operation: 'post',
          environment: 'production',
          risk: 'medium',
          target: 'payments-api',
          summary: 'Restart it',
          params: { url: 'https://hooks.example.com/y', payload: {} },
          incident: INCIDENT,
        },
      ]),
    );
  });

  it('parses the parameters field strictly', () => {
    expect(parseParams('')).toEqual({ ok: true, value: {} });
    expect(parseParams('[1]')).toEqual({ ok: false, reason: 'Parameters must be a JSON object' });
    expect(parseParams('{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
  });
});
