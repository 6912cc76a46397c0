// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import { DEMO_APPROVER_NAME } from '../../../../shared/api';
import type { ActionView } from '../../../../shared/api/actionMethods';
import { approvalHelp, whoCanText } from '../../../../renderer/approvals/approvalHelp';
import { useShellStore } from '../../../../renderer/shell';
import { App } from '../../../../renderer/app/App';
import { FakeApi } from '../fakeApi';
import { BOB, demoState, hex64, INCIDENT, ME } from '../fixtures';
import { useCleanConsole } from '../domMocks';

// The requester alone at the console sees, in the card's text (not only a
// tooltip), why they cannot approve their own request and who can.

const APPROVER = 'C'.repeat(42) + 'A';

function mine(over: Partial<ActionView> = {}): ActionView {
  return {
    id: hex64(61),
    incident: INCIDENT,
    connector: 'webhook',
    operation: 'post',
    environment: 'production',
    risk: 'high',
    target: 'psp-adapter',
    summary: 'Fail over the acquirer',
    requester: { key: ME, name: 'Ada Commander' },
    executor: { key: ME, name: 'Ada Commander' },
    requestedAt: 1_700_000_000_000,
    status: 'pending',
    paramsHash: 'c'.repeat(64),
    version: 1,
    params: { url: 'https://hooks.example.com/x' },
    preview: 'POST a signed JSON payload',
    decision: {
      decision: 'blocked',
      override: false,
      policy: 'p',
      rule: 'production-change',
      reasons: ['needs 1 more approval from approver or commander'],
      approvers: [],
      validUntil: null,
    },
    verdicts: [],
    overrides: [],
    attempts: 0,
    result: null,
    rollback: null,
    can: {
      approve: 'you requested it: the requester never counts as an approver (separation of duties)',
      reject: 'you requested it: the requester never counts as an approver (separation of duties)',
      override: null,
      rollback: 'only a succeeded action can be rolled back',
    },
    ...over,
  };
}

function stateWithApprover() {
  const s = demoState();
  s.members[APPROVER] = {
    key: APPROVER,
    name: DEMO_APPROVER_NAME,
    roles: ['approver'],
    teams: ['platform'],
    active: true,
    since: 0,
    revokedAt: null,
    revokedReason: null,
  };
  s.members[BOB]!.roles = ['responder'];
  return s;
}

describe('why the requester cannot approve', () => {
  useCleanConsole();

  it('says so in the card, with the roles and the members who can, and how to reach the demo approver', async () => {
    const api = new FakeApi(stateWithApprover());
    api.extra['actions:list'] = () => ({ ok: true, value: { me: ME, now: 1_700_000_100_000, actions: [mine()] } });
    api.extra['outbox:list'] = () => ({ ok: true, value: { items: [] } });
    api.extra['actions:connectors'] = () => ({ ok: true, value: { dispatching: true, connectors: [] } });
    render(<App client={api} />);
    await screen.findByTestId('service-node-db');
    useShellStore.getState().setTab('actions');
    const inbox = await screen.findByRole('region', { name: 'Approvals inbox' });
    const why = await within(inbox).findByTestId('approve-why');
    expect(why.textContent).toContain('You requested this action, so you cannot approve it: the policy never counts the requester (separation of duties).');
    // Ada (the requester, a commander) and Bob (a responder) are not named; the demo approver is.
    expect(why.textContent).toContain(`Who can: a member with the role approver or commander — ${DEMO_APPROVER_NAME}.`);
    expect(why.textContent).toContain('commandpost serve --as demo-approver');
    expect(within(inbox).getByRole('button', { name: 'Approve' })).toHaveProperty('disabled', true);
  });

  it("gives another member the host's reason, leaves out who approved already, and says when nobody can", () => {
    const state = stateWithApprover();
    const forBob = mine({ can: { ...mine().can, approve: 'it needs the role approver or commander; you are responder' } });
    const help = approvalHelp(state, forBob, BOB, 0);
    expect(help?.why).toBe('You cannot approve it: it needs the role approver or commander; you are responder.');
    expect(help?.members).toEqual([DEMO_APPROVER_NAME]);

    const approved = mine({ verdicts: [{ by: { key: APPROVER, name: DEMO_APPROVER_NAME }, at: 1, verdict: 'approve', comment: '', current: true }] });
    const none = approvalHelp(state, approved, ME, 0);
    expect(none?.members).toEqual([]);
    expect(none === null ? '' : whoCanText(none)).toBe(
      'Who can: a member with the role approver or commander; nobody on the roster can yet (an admin adds one).',
    );
    expect(approvalHelp(state, mine({ can: { ...mine().can, approve: null } }), APPROVER, 0)).toBeNull();
  });
});
