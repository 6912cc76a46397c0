import { describe, expect, it } from 'vitest';
import { evaluate, type ApprovalFact } from '../../../../shared/approvals';
import { MIN, T0, action, roster, testPolicy } from './policyFixtures';

const policy = testPolicy();
const approve = (by: string, at = T0): ApprovalFact => ({ by, at, verdict: 'approve' });

describe('evaluate: rule matching (first match decides)', () => {
  it('allows what an allow rule matches, without approvals', () => {
    const d = evaluate(policy, action({ connector: 'sandbox' }), [], roster, T0);
    expect(d).toMatchObject({ decision: 'allowed', rule: 'sandbox', override: false, policy: 'a'.repeat(64) });
    expect(d.reasons[0]).toBe('rule sandbox allows sandbox scale in production (risk high) without approval');
  });

  it('rejects what a deny rule matches, quoting its description', () => {
    const d = evaluate(policy, action({ connector: 'command', operation: 'run' }), [approve('pam')], roster, T0);
    expect(d.decision).toBe('rejected');
    expect(d.reasons[0]).toBe('rule no-prod-commands forbids command run in production (risk high): shell access to production is not how we fix things');
  });

  it('falls back to the default, and rejects when there is none', () => {
    expect(evaluate(policy, action({ environment: 'staging' }), [], roster, T0)).toMatchObject({ decision: 'blocked', rule: null });
    const noDefault = testPolicy('version: 1\nname: strict\nrules: []\n');
    const d = evaluate(noDefault, action(), [], roster, T0);
    expect(d.decision).toBe('rejected');
    expect(d.reasons).toEqual(['no rule of policy "strict" matches kubernetes scale in production (risk high), and the policy has no default']);
  });

  it('takes the earlier rule when two match', () => {
    // payments-prod and prod both match a high-risk kubernetes action in production; payments-prod comes first.
    expect(evaluate(policy, action(), [], roster, T0).rule).toBe('payments-prod');
    expect(evaluate(policy, action({ risk: 'low' }), [], roster, T0).rule).toBe('prod');
  });
});

describe('evaluate: approvals', () => {
  it('explains what is missing in words', () => {
    const d = evaluate(policy, action(), [approve('sam')], roster, T0);
    expect(d.decision).toBe('blocked');
    expect(d.reasons).toEqual(['needs 1 more approval from team payments, role approver']);
    expect(d.missing).toEqual({ approvals: 1, roles: ['approver'], teams: ['payments'], distinctTeams: 1, besides: null });
  });

  it('says the total when nothing is there yet', () => {
    const d = evaluate(policy, action(), [], roster, T0);
    expect(d.reasons).toEqual([
      'needs 1 more approval from team payments, role approver',
      'needs approvals from 2 more distinct teams (0 of 2 so far), role approver',
    ]);
  });

  it('allows once roles, teams and count are met', () => {
    const d = evaluate(policy, action(), [approve('sam'), approve('pam', T0 + MIN)], roster, T0 + 2 * MIN);
    expect(d.decision).toBe('allowed');
    expect(d.approvers).toEqual(['pam', 'sam']);
    expect(d.validUntil).toBe(T0 + 30 * MIN);
    expect(d.reasons[0]).toBe('2 approvals (Pam, Sam) from teams payments, sre satisfy rule payments-prod; valid until 2025-01-15T12:30:00.000Z');
  });

  it('counts one person once for one team, even if they sit in two', () => {
    const d = evaluate(policy, action(), [approve('both'), approve('pam')], roster, T0);
    expect(d.decision).toBe('allowed'); // Bo stands for sre, Pam for payments
    const one = evaluate(policy, action(), [approve('both'), approve('both', T0 + 1)], roster, T0 + 2);
    expect(one.decision).toBe('blocked');
    expect(one.missing?.approvals).toBe(1);
  });

  it('never counts the requester', () => {
    const d = evaluate(policy, action({ requester: 'pam' }), [approve('pam'), approve('sam')], roster, T0);
    expect(d.decision).toBe('blocked');
    expect(d.reasons).toContain('Pam is the requester and cannot approve');
  });

  it('does not count members without the role, or no longer active', () => {
    const d = evaluate(policy, action(), [approve('obs'), approve('gone'), approve('ic')], roster, T0);
    expect(d.decision).toBe('blocked');
    expect(d.reasons).toContain('approve by Olga does not count: Olga has roles observer; rule payments-prod needs approver');
    expect(d.reasons).toContain('approve by Gus does not count: not an active member');
    expect(d.reasons).toContain('approve by Ian does not count: Ian has roles commander; rule payments-prod needs approver');
  });

  it('does not let the executor be the only approver', () => {
    const a = action({ risk: 'low', executor: 'bot' });
    const d = evaluate(policy, a, [approve('bot')], roster, T0);
    expect(d.decision).toBe('blocked');
    expect(d.reasons).toEqual(['needs 1 more approval from someone other than dispatcher, who will execute the action and cannot be its only approver']);
    expect(evaluate(policy, a, [approve('bot'), approve('sam')], roster, T0).decision).toBe('allowed');
  });

  it('expires approvals and says when', () => {
    const approvals = [approve('sam'), approve('pam')];
    expect(evaluate(policy, action(), approvals, roster, T0 + 30 * MIN - 1).decision).toBe('allowed');
    const d = evaluate(policy, action(), approvals, roster, T0 + 30 * MIN);
    expect(d.decision).toBe('expired');
    expect(d.reasons).toContain('approval by Pam expired at 2025-01-15T12:30:00.000Z');
    // A fresh approval from Pam replaces the stale one: still short of Sam's.
    const refreshed = evaluate(policy, action(), [...approvals, approve('pam', T0 + 29 * MIN)], roster, T0 + 31 * MIN);
    expect(refreshed.decision).toBe('expired');
    expect(refreshed.reasons).toEqual([
      'needs approvals from 1 more distinct team (1 of 2 so far), role approver',
      'approval by Sam expired at 2025-01-15T12:30:00.000Z',
    ]);
  });

  it('is blocked, not expired, when the expired ones would not have been enough', () => {
    expect(evaluate(policy, action(), [approve('sam')], roster, T0 + 31 * MIN).decision).toBe('blocked');
  });

  it('rejects on an eligible rejection, ignores an ineligible one', () => {
    const d = evaluate(policy, action(), [approve('sam'), approve('pam'), { by: 'sue', at: T0 + MIN, verdict: 'reject' }], roster, T0 + 2 * MIN);
    expect(d.decision).toBe('rejected');
    expect(d.reasons[0]).toBe('rejected by Sue at 2025-01-15T12:01:00.000Z');
    const ignored = evaluate(policy, action(), [approve('sam'), approve('pam'), { by: 'obs', at: T0, verdict: 'reject' }], roster, T0);
    expect(ignored.decision).toBe('allowed');
  });
});

describe('evaluate: break-glass', () => {
  const override = (by: string, justification: string, at = T0): ApprovalFact => ({ by, at, verdict: 'override', justification });

  it('lets an incident commander override with a justification, flagged', () => {
    const d = evaluate(policy, action(), [override('ic', 'payments down, approvers unreachable')], roster, T0 + MIN);
    expect(d).toMatchObject({ decision: 'allowed', override: true, approvers: ['ic'], validUntil: T0 + 30 * MIN });
    expect(d.reasons[0]).toBe('BREAK-GLASS override by Ian at 2025-01-15T12:00:00.000Z: "payments down, approvers unreachable"');
  });

  it('overrides a rejection too', () => {
    const d = evaluate(policy, action(), [{ by: 'sam', at: T0, verdict: 'reject' }, override('ic', 'customer impact')], roster, T0);
    expect(d).toMatchObject({ decision: 'allowed', override: true });
  });

  it('ignores overrides without justification, by non-commanders, expired, or where the rule forbids it', () => {
    const d = evaluate(policy, action(), [override('ic', '   '), override('sam', 'because')], roster, T0);
    expect(d.decision).toBe('blocked');
    expect(d.reasons).toContain('override by Ian ignored: a written justification is mandatory');
    expect(d.reasons).toContain('override by Sam ignored: only an incident commander may break glass');
    expect(evaluate(policy, action(), [override('ic', 'x')], roster, T0 + 30 * MIN).reasons).toContain('override by Ian expired at 2025-01-15T12:30:00.000Z');
    const denied = evaluate(policy, action({ connector: 'command' }), [override('ic', 'urgent')], roster, T0);
    expect(denied.decision).toBe('rejected');
    expect(denied.reasons).toContain('override by Ian ignored: rule no-prod-commands does not allow break-glass');
  });
});
