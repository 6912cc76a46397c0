import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../../../../shared/api';
import type { Member, WorkspaceState } from '../../../../shared/state';
import { approvalNotices, MAX_SEPARATE_NOTICES } from '../../../../shared/notices';

const ME = 'me-key';
const OTHER = 'requester-key';

let n = 0;
function request(summary: string, opts: { author?: string; rejected?: boolean } = {}): TimelineEntry {
  n += 1;
  return {
    id: `e${n}`,
    header: {
      v: 1,
      ws: 'ws',
      author: opts.author ?? OTHER,
      seq: n,
      prev: n === 1 ? null : 'h',
      hlc: { wall: n, count: 0 },
      kind: 'action.request',
      bodyHash: 'b',
    },
    body: { summary, connector: 'kubernetes', operation: 'restart', environment: 'production', risk: 'high', target: 'payments-api', params: {}, preview: '' },
    redactedBy: null,
    rejected: opts.rejected ? { category: 'unauthorized', reason: 'no' } : null,
  } as TimelineEntry;
}

const member = (key: string, name: string, roles: Member['roles'], active = true): Member => ({
  key,
  name,
  roles,
  teams: [],
  active,
  since: 0,
  revokedAt: null,
  revokedReason: null,
});
const stateWith = (myRoles: Member['roles'], active = true) =>
  ({ members: { [ME]: member(ME, 'Pam', myRoles, active), [OTHER]: member(OTHER, 'Rita Requester', ['responder']) } }) as unknown as WorkspaceState;

describe('approval request notifications', () => {
  it('tells an approver that someone else asks for an approval, with what and who', () => {
    expect(approvalNotices([request('Restart payments-api')], ME, stateWith(['approver']))).toEqual([
      { title: 'Approval requested', body: 'Restart payments-api\nkubernetes restart in production (risk high), requested by Rita Requester' },
    ]);
  });

  it('stays quiet for own requests, refused entries, and people who cannot approve', () => {
    expect(approvalNotices([request('mine', { author: ME })], ME, stateWith(['commander']))).toEqual([]);
    expect(approvalNotices([request('refused', { rejected: true })], ME, stateWith(['approver']))).toEqual([]);
    expect(approvalNotices([request('x')], ME, stateWith(['responder']))).toEqual([]);
    expect(approvalNotices([request('x')], ME, stateWith(['approver'], false))).toEqual([]);
  });

  it('sums up a burst (a sync after an outage) in one notice', () => {
    const burst = Array.from({ length: MAX_SEPARATE_NOTICES + 2 }, (_, i) => request(`action ${i}`));
    const notices = approvalNotices(burst, ME, stateWith(['approver']));
    expect(notices).toHaveLength(1);
    expect(notices[0]!.title).toBe(`${MAX_SEPARATE_NOTICES + 2} actions wait for approval`);
    expect(notices[0]!.body.split('\n')).toEqual(['action 0', 'action 1', 'action 2', '…']);
  });
});
