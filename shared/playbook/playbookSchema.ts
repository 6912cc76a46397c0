import { z } from 'zod';
import { Slug } from '../entries/ids';
import { RoleSchema } from '../entries/roles';
import { parseDuration } from '../approvals/duration';
import { RiskSchema } from '../approvals/policySchema';

// The playbook file format (resources/playbooks/*.yaml). Objects are strict
// so a misspelt key is an error with its line. Text fields may hold
// {{placeholders}} naming an input, or the built-ins below; they are filled
// when a run reaches the step, and checked at parse time so a typo in a
// placeholder fails at publish, not halfway through an incident.

/** Placeholders every run provides besides its inputs. */
export const BUILTIN_VARS = ['service', 'incident', 'run'] as const;

const DAY_MS = 86_400_000;

/** "30s", "5m", "1h30m": at most a day (a playbook step that waits longer is not a micro-playbook). */
export const StepDuration = z.string().transform((text, ctx) => {
  const ms = parseDuration(text);
  if (ms === null || ms <= 0) {
    ctx.addIssue({ code: 'custom', message: `expected a duration such as 30s, 5m or 1h, got ${JSON.stringify(text)}` });
    return z.NEVER;
  }
  if (ms > DAY_MS) {
    ctx.addIssue({ code: 'custom', message: `${text} is longer than the one-day limit for a playbook step` });
    return z.NEVER;
  }
  return ms;
});

const Template = z.string().min(1).max(2000);
const ServiceStatus = z.enum(['healthy', 'degraded', 'down', 'unknown']);

const InputSchema = z.strictObject({
  description: z.string().max(500).default(''),
  required: z.boolean().default(false),
  default: z.string().max(500).optional(),
  /** Anchored regular expression the value must match. */
  pattern: z.string().max(200).optional(),
});

const TaskStep = z.strictObject({
  title: Template,
  description: z.string().max(4000).default(''),
  /** A team slug (templated) to assign the task to. */
  team: Template.optional(),
  /** Wait for the task to be done before going on (default: create it and go on). */
  await: z.boolean().default(false),
});

const ApprovalStep = z.strictObject({
  description: Template,
  /** Who may pass the gate; never the member who started the run. */
  roles: z.array(RoleSchema).min(1).max(6).default(['approver', 'commander']),
});

const ActionStep = z.strictObject({
  connector: Slug,
  operation: Slug,
  environment: Template,
  risk: RiskSchema,
  target: Template,
  summary: Template,
  /** Connector parameters; string values are templated. */
  params: z.record(z.string(), z.json()).default({}),
});

const CheckStep = z.strictObject({
  service: Template,
  status: ServiceStatus,
  /** How long to keep looking before the check fails (default: look once). */
  within: StepDuration.optional(),
});

const STEP_TYPES = ['task', 'approval', 'action', 'check', 'wait'] as const;
export type StepType = (typeof STEP_TYPES)[number];

const StepSchema = z
  .strictObject({
    id: Slug,
    name: z.string().max(200).optional(),
    task: TaskStep.optional(),
    approval: ApprovalStep.optional(),
    action: ActionStep.optional(),
    check: CheckStep.optional(),
    wait: StepDuration.optional(),
  })
  .superRefine((step, ctx) => {
    const present = STEP_TYPES.filter((t) => step[t] !== undefined);
    if (present.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: `a step has exactly one of ${STEP_TYPES.join(', ')}; step ${step.id} has ${present.length === 0 ? 'none' : present.join(' and ')}`,
      });
    }
  });

const Steps = z
  .array(StepSchema)
  .max(50)
  .superRefine((steps, ctx) => {
    const seen = new Set<string>();
    steps.forEach((s, i) => {
      if (seen.has(s.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `step id ${s.id} is used twice` });
      seen.add(s.id);
    });
  });

export const PlaybookSchema = z.strictObject({
  /** The name runs refer to; publishing a new text under it makes a new version. */
  playbook: Slug,
  /** The author's version number, shown next to the hash. */
  version: z.number().int().min(1),
  title: z.string().min(1).max(200),
  description: z.string().max(4000).default(''),
  inputs: z.record(z.string().regex(/^[a-z][a-zA-Z0-9_]*$/, 'input names are identifiers (a-z first)'), InputSchema).default({}),
  steps: Steps.refine((s) => s.length > 0, 'a playbook needs at least one step'),
  /** Values reported when the run succeeds (templated). */
  outputs: z.record(z.string(), Template).default({}),
  /** Check steps run after the last step: the run succeeded only if every one holds. */
  success: Steps.refine((s) => s.every((step) => step.check !== undefined), 'success criteria are check steps').default([]),
  /** Run when a step fails, in order. */
  rollback: Steps.default([]),
  /** Run after the rollback (or at once, without one) when a step fails. */
  escalation: Steps.default([]),
});

export type PlaybookDocument = z.output<typeof PlaybookSchema>;
export type PlaybookStep = z.output<typeof StepSchema>;
export type CheckSpec = z.output<typeof CheckStep>;
export type ActionSpec = z.output<typeof ActionStep>;

export const PHASES = ['steps', 'success', 'rollback', 'escalation'] as const;
export type Phase = (typeof PHASES)[number];

export function stepTypeOf(step: PlaybookStep): StepType {
  return STEP_TYPES.find((t) => step[t] !== undefined) ?? 'wait';
}
