import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RISKS, evaluate, type ApprovalFact } from '../../../../shared/approvals';
import { MIN, T0, action, roster, testPolicy } from './policyFixtures';

const policy = testPolicy();
const members = Object.keys(roster);

const fact: fc.Arbitrary<ApprovalFact> = fc.record({
  by: fc.constantFrom(...members, 'stranger'),
  at: fc.integer({ min: T0, max: T0 + 120 * MIN }),
  verdict: fc.constantFrom('approve', 'approve', 'approve', 'reject', 'override'),
  justification: fc.constantFrom('', 'pager storm', 'customer impact'),
});

const facts = fc.record({
  connector: fc.constantFrom('kubernetes', 'sandbox', 'command', 'webhook'),
  environment: fc.constantFrom('production', 'staging'),
  risk: fc.constantFrom(...RISKS),
  requester: fc.constantFrom(...members),
  executor: fc.option(fc.constantFrom(...members), { nil: null }),
});

describe('evaluate (property)', () => {
  it('gives the same decision and reasons whatever order the approvals arrive in', () => {
    fc.assert(
      fc.property(
        facts,
        fc.array(fact, { maxLength: 12 }),
        fc.array(fc.double({ noNaN: true }), { minLength: 12, maxLength: 12 }),
        fc.integer({ min: 0, max: 150 }),
        (a, approvals, keys, minutes) => {
          const shuffled = approvals
            .map((f, i) => ({ f, k: keys[i] ?? 0 }))
            .sort((x, y) => x.k - y.k)
            .map((x) => x.f);
          const now = T0 + minutes * MIN;
          const act = action(a);
          expect(evaluate(policy, act, shuffled, roster, now)).toEqual(evaluate(policy, act, approvals, roster, now));
          expect(evaluate(policy, act, [...approvals].reverse(), roster, now)).toEqual(evaluate(policy, act, approvals, roster, now));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never counts the requester, and an allowed decision always names who allowed it', () => {
    fc.assert(
      fc.property(facts, fc.array(fact, { maxLength: 12 }), (a, approvals) => {
        const d = evaluate(policy, action(a), approvals, roster, T0 + 10 * MIN);
        expect(d.approvers.includes(a.requester) && !d.override).toBe(false);
        if (d.decision === 'allowed') expect(d.reasons.length).toBeGreaterThan(0);
        if (d.decision === 'blocked' || d.decision === 'expired') expect(d.missing?.approvals).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});
