export { PolicySchema, RiskSchema, RISKS, type Risk, type PolicyDocument, type PolicyRule, type RuleOutcome, type Requirement } from './policySchema';
export { parseDuration, formatDuration, DurationSchema } from './duration';
export { parsePolicyText, policyHash, type PolicyParse, type PolicyVersionRef } from './policyText';
export { matchRule, describeAction, type ActionShape, type MatchedRule } from './match';
export {
  evaluate,
  type ActionFacts,
  type ApprovalFact,
  type ApprovalVerdict,
  type Decision,
  type DecisionKind,
  type Missing,
  type Roster,
  type RosterMember,
} from './evaluate';
export { decideAction, approvalFactsOf } from './actionDecision';
