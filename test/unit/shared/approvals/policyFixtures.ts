// Test helpers: a small policy, a roster and an action to evaluate against.
import { parsePolicyText, type ActionFacts, type PolicyVersionRef, type Roster } from '../../../../shared/approvals';

export const T0 = Date.UTC(2025, 0, 15, 12, 0, 0);
export const MIN = 60_000;

export const POLICY_TEXT = `version: 1
name: test policy
rules:
  - id: sandbox
    match: { connector: sandbox }
    effect: allow
  - id: no-prod-commands
    match: { connector: command, environment: production }
    effect: deny
    description: shell access to production is not how we fix things
    breakGlass: false
  - id: payments-prod
    match: { connector: kubernetes, environment: production, risk: [high, critical] }
    require:
      approvals: 2
      roles: [approver]
      teams: [payments]
      distinctTeams: 2
      expiry: 30m
  - id: prod
    match: { environment: production }
    require: { approvals: 1, roles: [approver, commander], expiry: 1h }
default:
  require: { approvals: 1, expiry: 4h }
`;

export function testPolicy(text = POLICY_TEXT): PolicyVersionRef {
  const parsed = parsePolicyText(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return { hash: 'a'.repeat(64), document: parsed.document };
}

export const roster: Roster = {
  req: { name: 'Rita', roles: ['responder'], teams: ['payments'], active: true },
  pam: { name: 'Pam', roles: ['approver'], teams: ['payments'], active: true },
  sam: { name: 'Sam', roles: ['approver'], teams: ['sre'], active: true },
  sue: { name: 'Sue', roles: ['approver'], teams: ['sre'], active: true },
  both: { name: 'Bo', roles: ['approver'], teams: ['payments', 'sre'], active: true },
  ic: { name: 'Ian', roles: ['commander'], teams: [], active: true },
  obs: { name: 'Olga', roles: ['observer'], teams: ['payments'], active: true },
  gone: { name: 'Gus', roles: ['approver'], teams: ['payments'], active: false },
  bot: { name: 'dispatcher', roles: ['approver', 'responder'], teams: ['platform'], active: true },
};

export function action(over: Partial<ActionFacts> = {}): ActionFacts {
  return { connector: 'kubernetes', operation: 'scale', environment: 'production', risk: 'high', requester: 'req', executor: null, ...over };
}
