import { z } from 'zod';
import { Slug } from '../entries/ids';
import { RoleSchema } from '../entries/roles';
import { DurationSchema } from './duration';

// The policy file format (resources/policies/*.yaml). Objects are strict so a
// misspelt key ("aprovals") is an error with its line, not a silently ignored
// rule. Rules are tried in file order and the FIRST match decides (as in a
// firewall): the order is visible in the file, a reviewer can follow it top
// down, and there is never a tie between "equally specific" rules to explain.

export const RISKS = ['low', 'medium', 'high', 'critical'] as const;
export const RiskSchema = z.enum(RISKS);
export type Risk = z.infer<typeof RiskSchema>;

/** One value, a list, or "*" (any). Omitted means any. */
const Pattern = z
  .union([
    Slug,
    z.literal('*'),
    z
      .array(z.union([Slug, z.literal('*')]))
      .min(1)
      .max(50),
  ])
  .transform((v) => (Array.isArray(v) ? v : [v]));

const MatchSchema = z.strictObject({
  connector: Pattern.optional(),
  operation: Pattern.optional(),
  environment: Pattern.optional(),
  risk: z
    .union([RiskSchema, z.array(RiskSchema).min(1).max(4)])
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .optional(),
});

const RequireSchema = z.strictObject({
  /** How many distinct approvers must approve. */
  approvals: z.number().int().min(1).max(20),
  /** An approval counts only from someone holding one of these roles. */
  roles: z.array(RoleSchema).min(1).max(6).default(['approver']),
  /** Each named team needs an approval from one of its members (a different approver per team). */
  teams: z.array(Slug).max(10).default([]),
  /** The approvers must come from at least this many different teams (one approver stands for one team). */
  distinctTeams: z.number().int().min(1).max(10).optional(),
  /** How long an approval stays valid after it was given. */
  expiry: DurationSchema.prefault('1h'),
});

const OutcomeShape = {
  description: z.string().max(2000).optional(),
  /** require: approvals as below; allow: no approval needed; deny: never (break-glass aside). */
  effect: z.enum(['require', 'allow', 'deny']).default('require'),
  require: RequireSchema.optional(),
  /** Whether an incident commander may override with a justification. */
  breakGlass: z.boolean().default(true),
  /** How long a break-glass override stays valid (default: the approval expiry, else 1h). */
  overrideExpiry: DurationSchema.optional(),
};

function checkOutcome(rule: { effect: string; require?: z.output<typeof RequireSchema> | undefined }, ctx: z.RefinementCtx): void {
  if (rule.effect === 'require' && rule.require === undefined) {
    ctx.addIssue({ code: 'custom', path: ['require'], message: 'a rule with effect "require" needs a require: block (approvals, roles, ...)' });
  }
  if (rule.effect !== 'require' && rule.require !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['require'], message: `a rule with effect "${rule.effect}" takes no require: block` });
  }
  const req = rule.require;
  if (req === undefined) return;
  if (req.teams.length > req.approvals) {
    ctx.addIssue({
      code: 'custom',
      path: ['require', 'teams'],
      message: `${req.teams.length} named teams cannot each approve with only ${req.approvals} approvals`,
    });
  }
  if (req.distinctTeams !== undefined && req.distinctTeams > req.approvals) {
    ctx.addIssue({
      code: 'custom',
      path: ['require', 'distinctTeams'],
      message: `${req.distinctTeams} distinct teams cannot be reached with only ${req.approvals} approvals`,
    });
  }
}

export const RuleSchema = z.strictObject({ id: Slug, match: MatchSchema.default({}), ...OutcomeShape }).superRefine(checkOutcome);
export const DefaultRuleSchema = z.strictObject(OutcomeShape).superRefine(checkOutcome);

export const PolicySchema = z
  .strictObject({
    /** Format version of this file. */
    version: z.literal(1),
    name: z.string().trim().min(1).max(200),
    description: z.string().max(4000).optional(),
    rules: z.array(RuleSchema).max(200),
    /** What applies when no rule matches; without it an unmatched action is rejected. */
    default: DefaultRuleSchema.optional(),
  })
  .superRefine((policy, ctx) => {
    const seen = new Set<string>();
    policy.rules.forEach((rule, i) => {
      if (seen.has(rule.id)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `duplicate rule id ${rule.id}` });
      seen.add(rule.id);
    });
  });

export type PolicyDocument = z.output<typeof PolicySchema>;
export type PolicyRule = z.output<typeof RuleSchema>;
export type RuleOutcome = z.output<typeof DefaultRuleSchema>;
export type Requirement = z.output<typeof RequireSchema>;
