import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decideAction, policyHash } from '../../../../shared/approvals';
import type { Entry } from '../../../../shared/journal';
import { applyEntry, emptyState, type WorkspaceState } from '../../../../shared/state';
import { JournalBuilder, foldAll, hasher, hashOf } from '../state/journalBuilder';
import { POLICY_TEXT } from './policyFixtures';

type Name = 'admin' | 'rita' | 'pam' | 'sam' | 'ian' | 'olga';
const NAMES: readonly Name[] = ['admin', 'rita', 'pam', 'sam', 'ian', 'olga'];
const MIN = 60_000;

function workspace() {
  const b = new JournalBuilder<Name>(NAMES);
  const base = [
    b.genesis(),
    b.append('admin', 'roster.memberPut', { member: b.key('rita'), name: 'Rita', roles: ['responder'], teams: ['payments'] }),
    b.append('admin', 'roster.memberPut', { member: b.key('pam'), name: 'Pam', roles: ['approver'], teams: ['payments'] }),
    b.append('admin', 'roster.memberPut', { member: b.key('sam'), name: 'Sam', roles: ['approver'], teams: ['sre'] }),
    b.append('admin', 'roster.memberPut', { member: b.key('ian'), name: 'Ian', roles: ['commander'] }),
    b.append('admin', 'roster.memberPut', { member: b.key('olga'), name: 'Olga', roles: ['observer', 'responder'], teams: ['payments'] }),
  ];
  const publish = (text: string, by: Name = 'admin') => b.append(by, 'policy.publish', { text, hash: policyHash(hasher, text) });
  const request = (by: Name = 'rita', over: Record<string, unknown> = {}) =>
    b.append(by, 'action.request', {
      connector: 'kubernetes',
      operation: 'scale',
      environment: 'production',
      risk: 'high',
      target: 'deployment payments-api',
      summary: 'scale payments-api to 6',
      params: { namespace: 'payments', name: 'payments-api', replicas: 6 },
      ...over,
    });
  return { b, base, publish, request };
}

function fold(entries: readonly Entry[]): WorkspaceState {
  const state = emptyState();
  for (const e of entries) applyEntry(state, e, hasher);
  return state;
}

describe('policy.publish', () => {
  it('records the version with its hash and number; the bundled default parses', () => {
    const { base, publish } = workspace();
    const bundled = readFileSync('resources/policies/default.yaml', 'utf8');
    const p1 = publish(POLICY_TEXT);
    const p2 = publish(bundled);
    const s = fold([...base, p1, p2]);
    expect(s.policies?.current).toBe(policyHash(hasher, bundled));
    expect(Object.values(s.policies?.versions ?? {}).map((v) => [v.name, v.number, v.entry])).toEqual(
      expect.arrayContaining([
        ['test policy', 1, p1.id],
        ['Command Post default', 2, p2.id],
      ]),
    );
  });

  it('rejects invalid text, a wrong hash and non-admins; the previous version stays in force', () => {
    const { b, base, publish } = workspace();
    const good = publish(POLICY_TEXT);
    const bad = publish('version: 1\nname: x\nrules:\n  - id: r\n    require: { approvals: 0 }\n');
    const wrongHash = b.append('admin', 'policy.publish', { text: 'version: 1\nname: y\nrules: []\n', hash: 'b'.repeat(64) });
    const byResponder = publish('version: 1\nname: z\nrules: []\n', 'rita');
    const s = fold([...base, good, bad, wrongHash, byResponder]);
    expect(s.policies?.current).toBe(policyHash(hasher, POLICY_TEXT));
    expect(s.rejected[bad.id]?.reason).toMatch(/^invalid policy: rules\.0\.require\.approvals: .*; the previous version stays in force$/);
    expect(s.rejected[wrongHash.id]?.reason).toBe('hash does not match the SHA-256 of the policy text');
    expect(s.rejected[byResponder.id]?.category).toBe('unauthorized');
  });

  it('leaves the state hash of journals without these kinds unchanged (slices are absent)', () => {
    const { base } = workspace();
    const s = foldAll(base);
    expect('policies' in s || 'actions' in s).toBe(false);
    expect(hashOf(s)).toBe(hashOf(fold(base)));
  });
});

describe('action flow', () => {
  it('needs a policy in force', () => {
    const { base, request } = workspace();
    const r = request();
    expect(fold([...base, r]).rejected[r.id]?.reason).toMatch(/^no policy is in force/);
  });

  it('pins the policy, rejects approvals by the requester and by members lacking the role, and allows once satisfied', () => {
    const { b, base, publish, request } = workspace();
    const p = publish(POLICY_TEXT);
    const r = request();
    const self = b.append('rita', 'action.approve', { action: r.id });
    const noRole = b.append('olga', 'action.approve', { action: r.id });
    const sam = b.append('sam', 'action.approve', { action: r.id, comment: 'ok' });
    let s = fold([...base, p, r, self, noRole, sam]);
    expect(s.rejected[self.id]?.reason).toBe('Rita is the requester and cannot approve');
    expect(s.rejected[noRole.id]?.reason).toBe('roles observer, responder may not approve under rule payments-prod of policy v1 (needs approver)');
    const action = s.actions?.[r.id];
    expect(action).toMatchObject({ status: 'pending', policy: policyHash(hasher, POLICY_TEXT), requester: b.key('rita') });
    expect(decideAction(s, action!, sam.header.hlc.wall)?.reasons).toEqual(['needs 1 more approval from team payments, role approver']);

    const pam = b.append('pam', 'action.approve', { action: r.id });
    s = fold([...base, p, r, self, noRole, sam, pam]);
    const decision = decideAction(s, s.actions![r.id]!, pam.header.hlc.wall);
    expect(decision).toMatchObject({ decision: 'allowed', rule: 'payments-prod', policy: policyHash(hasher, POLICY_TEXT) });
  });

  it('accepts an attempt only from the executor, only when allowed, citing the decision; then the result', () => {
    const { b, base, publish, request } = workspace();
    const p = publish(POLICY_TEXT);
    const r = request();
    const hash = policyHash(hasher, POLICY_TEXT);
    const early = b.append('rita', 'action.attempt', { action: r.id, attempt: 1, policy: hash, rule: 'payments-prod', override: false });
    const approvals = [b.append('sam', 'action.approve', { action: r.id }), b.append('pam', 'action.approve', { action: r.id })];
    const notExecutor = b.append('ian', 'action.attempt', { action: r.id, attempt: 1, policy: hash, rule: 'payments-prod', override: false });
    const attempt = b.append('rita', 'action.attempt', { action: r.id, attempt: 1, policy: hash, rule: 'payments-prod', override: false });
    const retry = b.append('rita', 'action.result', { action: r.id, attempt: 1, outcome: 'failed', final: false, message: 'HTTP 503', httpStatus: 503 });
    const lateApproval = b.append('sam', 'action.approve', { action: r.id });
    const expired = b.append(
      'rita',
      'action.attempt',
      { action: r.id, attempt: 2, policy: hash, rule: 'payments-prod', override: false },
      { wall: r.header.hlc.wall + 45 * MIN },
    );
    const s = fold([...base, p, r, early, ...approvals, notExecutor, attempt, retry, lateApproval, expired]);
    expect(s.rejected[early.id]?.reason).toMatch(/^policy does not allow the action \(blocked\): needs 1 more approval from team payments/);
    expect(s.rejected[notExecutor.id]?.reason).toBe("only the action's executor may dispatch it");
    expect(s.rejected[attempt.id]).toBeUndefined();
    expect(s.rejected[lateApproval.id]?.reason).toBe('action is retrying; it can no longer be approved');
    expect(s.rejected[expired.id]?.reason).toMatch(/^policy does not allow the action \(expired\): .*approval by Pam expired at/);
    expect(s.actions?.[r.id]).toMatchObject({ status: 'retrying', attempts: [{ attempt: 1, rule: 'payments-prod', override: false, policy: hash }] });
    expect(s.actions?.[r.id]?.result).toMatchObject({ outcome: 'failed', final: false, message: 'HTTP 503', httpStatus: 503 });
  });

  it('lets an incident commander break glass with a justification, flagged in the attempt', () => {
    const { b, base, publish, request } = workspace();
    const p = publish(POLICY_TEXT);
    const r = request();
    const reject = b.append('sam', 'action.reject', { action: r.id, comment: 'not during the freeze' });
    const byApprover = b.raw('pam', 'action.override', { action: r.id, justification: 'x' });
    const empty = b.raw('ian', 'action.override', { action: r.id, justification: '  ' });
    const override = b.append('ian', 'action.override', { action: r.id, justification: 'checkout down for 20 minutes, approvers asleep' });
    const hash = policyHash(hasher, POLICY_TEXT);
    const unflagged = b.append('rita', 'action.attempt', { action: r.id, attempt: 1, policy: hash, rule: 'payments-prod', override: false });
    const attempt = b.append('rita', 'action.attempt', { action: r.id, attempt: 1, policy: hash, rule: 'payments-prod', override: true });
    const done = b.append('rita', 'action.result', { action: r.id, attempt: 1, outcome: 'succeeded' });
    const s = fold([...base, p, r, reject, byApprover, empty, override, unflagged, attempt, done]);
    expect(s.rejected[byApprover.id]?.category).toBe('unauthorized');
    expect(s.rejected[empty.id]?.reason).toMatch(/justification is mandatory/);
    expect(s.rejected[unflagged.id]?.reason).toBe('the attempt does not record the decision the policy gives');
    expect(s.actions?.[r.id]).toMatchObject({ status: 'succeeded', overrides: [{ justification: 'checkout down for 20 minutes, approvers asleep' }] });
    expect(s.actions?.[r.id]?.attempts[0]?.override).toBe(true);
  });
});
