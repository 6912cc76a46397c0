import type { PolicyDocument, RuleOutcome } from './policySchema';
import type { Risk } from './policySchema';

/** What a rule matches on: the action as the policy sees it. */
export interface ActionShape {
  readonly connector: string;
  readonly operation: string;
  readonly environment: string;
  readonly risk: Risk;
}

export interface MatchedRule {
  /** The rule's id, or null for the policy's default. */
  readonly id: string | null;
  readonly outcome: RuleOutcome;
}

function fits(pattern: readonly string[] | undefined, value: string): boolean {
  return pattern === undefined || pattern.includes('*') || pattern.includes(value);
}

/**
 * The first rule, in file order, whose every given field fits the action;
 * else the default; else null. First match (not "most specific") so the
 * answer can be read off the file top down.
 */
export function matchRule(policy: PolicyDocument, action: ActionShape): MatchedRule | null {
  for (const rule of policy.rules) {
    const m = rule.match;
    if (fits(m.connector, action.connector) && fits(m.operation, action.operation) && fits(m.environment, action.environment) && fits(m.risk, action.risk)) {
      return { id: rule.id, outcome: rule };
    }
  }
  return policy.default === undefined ? null : { id: null, outcome: policy.default };
}

export function describeAction(action: ActionShape): string {
  return `${action.connector} ${action.operation} in ${action.environment} (risk ${action.risk})`;
}
