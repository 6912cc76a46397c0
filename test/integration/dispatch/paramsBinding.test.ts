import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../../shared/clock';
import { EntryRefusedError } from '../../../main/workspace';
import { Outbox } from '../../../main/dispatch';
import type { Workspace } from '../../../main/workspace';
import { cleanup, closeTwoMembers, dispatcherFor, open, requestWebhook, twoMembers } from './fixture';
import type { Receiver } from './receiver';

// Issue 8 acceptance: an approval is bound to the hash of the exact
// parameters; editing them after approval stops the dispatch (the real
// dispatcher, a real HTTP receiver: zero requests), and a fresh approval of
// the new hash lets it go exactly once, with the edited parameters.

afterAll(cleanup);

let clock: ManualClock;
let receiver: Receiver;
let requester: Workspace;
let approver: Workspace;
let dir: string;

beforeEach(async () => {
  ({ clock, receiver, dir, requester, approver } = await twoMembers());
});

afterEach(() => closeTwoMembers({ receiver, requester, approver }));

const hashOf = (ws: Workspace, id: string): string => {
  ws.catchUp();
  const hash = ws.state.actions?.[id]?.paramsHash;
  if (hash === undefined) throw new Error(`no action ${id}`);
  return hash;
};

function editPayload(id: string, text: string): void {
  requester.append('action.edit', {
    action: id,
    target: 'deploy hook',
    params: { url: receiver.url, payload: { text }, secret: 'hook' },
    comment: 'wrong service',
  });
}

describe('approvals bound to exact parameters', () => {
  it('an edit after approval blocks dispatch; a fresh approval of the new hash dispatches once', async () => {
    const id = requestWebhook(requester, receiver.url);
    const first = hashOf(approver, id);
    approver.append('action.approve', { action: id, comment: 'restart is fine', paramsHash: first });

    clock.advance(1000);
    editPayload(id, 'restart payments-db');
    const second = hashOf(requester, id);
    expect(second).not.toBe(first);

    const { d } = dispatcherFor(requester, clock);
    await d.drain();
    await d.drain();
    expect(receiver.requests).toHaveLength(0);
    const row = new Outbox(requester.store.db).get(id);
    expect(row?.state).toBe('waiting-approval');
    expect(row?.reason).toMatch(/approval by Pam Approver was for an earlier version of the parameters \(edited at 2025-06-15T15:06:4\d\.\d{3}Z\)/);

    // The stale hash is refused outright; the new one is accepted.
    expect(() => approver.append('action.approve', { action: id, comment: 'again', paramsHash: first })).toThrow(EntryRefusedError);
    approver.append('action.approve', { action: id, comment: 'db restart is fine too', paramsHash: hashOf(approver, id) });
    await d.drain();
    await d.drain();
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]).toMatchObject({ key: id, signed: true, body: '{"text":"restart payments-db"}' });
    expect(requester.state.actions?.[id]).toMatchObject({ status: 'succeeded', paramsHash: second });
  });

  it('a legacy approval without a hash counts while the action is unedited, and not after an edit', async () => {
    const id = requestWebhook(requester, receiver.url);
    approver.append('action.approve', { action: id, comment: 'legacy client' });
    expect(approver.state.actions?.[id]?.verdicts[0]?.paramsHash).toBe(hashOf(approver, id));
    editPayload(id, 'restart payments-db');
    const { d } = dispatcherFor(requester, clock);
    await d.drain();
    expect(receiver.requests).toHaveLength(0);
    expect(() => approver.append('action.approve', { action: id, comment: 'legacy again' })).toThrow(/the action's parameters are now/);
  });

  it('only the requester may edit, and only while pending', () => {
    const id = requestWebhook(requester, receiver.url);
    const admin = open(dir, 'admin', clock);
    expect(() => admin.append('action.edit', { action: id, target: 'x', params: {} })).toThrow(/only the requester may edit/);
    admin.close();
    expect(() =>
      requester.append('action.edit', {
        action: id,
        target: 'deploy hook',
        params: { url: receiver.url, payload: { text: 'restart payments-api' }, secret: 'hook' },
      }),
    ).toThrow(/changes nothing/);
    approver.append('action.reject', { action: id, comment: 'no' });
    requester.catchUp();
    expect(() => editPayload(id, 'other')).toThrow(/only a pending action can be edited/);
  });
});
