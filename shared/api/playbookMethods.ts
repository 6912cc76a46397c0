import { z } from 'zod';

// API methods for playbooks and their runs (issue 6); merged into `methods` in contract.ts.
// Channel names read `playbooks:verb`. Schemas only: no imports of ours but shared/.
// Results are plain data shaped for the console: the host builds them with
// shared/playbook/runView.ts, so a run reads the same in every client.

const Name = z.string().min(1).max(80);
const Id = z.string().min(1).max(200);
const Person = z.object({ key: z.string(), name: z.string() });

export const PlaybookInputViewSchema = z.object({
  name: z.string(),
  description: z.string(),
  required: z.boolean(),
  default: z.string().nullable(),
  pattern: z.string().nullable(),
});
export type PlaybookInputView = z.infer<typeof PlaybookInputViewSchema>;

const PHASE = z.enum(['steps', 'success', 'rollback', 'escalation']);
const STEP_TYPE = z.enum(['task', 'approval', 'action', 'check', 'wait']);

export const PlaybookSummarySchema = z.object({
  name: z.string(),
  title: z.string(),
  description: z.string(),
  inputs: z.array(PlaybookInputViewSchema),
  /** Every step of the version shown, in the order a run takes them. */
  steps: z.array(z.object({ phase: PHASE, id: z.string(), name: z.string(), type: STEP_TYPE })),
  /** The version in force in this workspace; null while only bundled. */
  published: z.object({ version: z.number().int(), hash: z.string(), number: z.number().int(), publishedAt: z.number(), publishedBy: Person }).nullable(),
  /** The copy shipped in resources/playbooks; null if none. `current`: its text is the version in force. */
  bundled: z.object({ version: z.number().int(), hash: z.string(), file: z.string(), current: z.boolean() }).nullable(),
  /** Runs of any version of it in this workspace. */
  runs: z.number().int(),
});
export type PlaybookSummary = z.infer<typeof PlaybookSummarySchema>;

export const RunStepViewSchema = z.object({
  phase: PHASE,
  id: z.string(),
  name: z.string(),
  type: STEP_TYPE,
  /** What the step does, its placeholders filled from the run's inputs. */
  does: z.string(),
  /** `pending`: not reached yet. */
  status: z.enum(['pending', 'started', 'waiting', 'approved', 'done', 'failed', 'skipped']),
  startedAt: z.number().nullable(),
  at: z.number().nullable(),
  by: Person.nullable(),
  note: z.string(),
  /** The action the step requested, with its status in words. */
  action: z.object({ id: z.string(), status: z.string(), statusText: z.string(), connector: z.string(), operation: z.string(), target: z.string() }).nullable(),
  /** The task the step filed. */
  task: z.object({ id: z.string(), title: z.string(), status: z.string(), awaited: z.boolean() }).nullable(),
  /** An approval gate: who may pass it and whether this user may (null) or why not. */
  gate: z.object({ roles: z.array(z.string()), canPass: z.string().nullable() }).nullable(),
  /** A wait step: when it ends (once started). */
  waitUntil: z.number().nullable(),
  /** A check step: the service, the status expected and the status now. */
  check: z.object({ service: z.string(), expected: z.string(), now: z.string(), deadline: z.number().nullable() }).nullable(),
});
export type RunStepView = z.infer<typeof RunStepViewSchema>;

export const RunSummarySchema = z.object({
  id: z.string(),
  playbook: z.string(),
  title: z.string(),
  version: z.number().int(),
  hash: z.string(),
  /** Which publication of this playbook's name it ran (1, 2, ...). */
  publication: z.number().int(),
  service: z.string().nullable(),
  incident: z.object({ id: z.string(), title: z.string() }).nullable(),
  status: z.enum(['running', 'succeeded', 'failed']),
  startedBy: Person,
  startedAt: z.number(),
  updatedAt: z.number(),
  finishedAt: z.number().nullable(),
  /** The step it is on, e.g. "restart: waiting"; null once finished. */
  current: z.string().nullable(),
});
export type RunSummary = z.infer<typeof RunSummarySchema>;

export const RunViewSchema = RunSummarySchema.extend({
  inputs: z.record(z.string(), z.string()),
  outputs: z.record(z.string(), z.string()),
  /** How it ended, in words (empty while running). */
  note: z.string(),
  /** What it waits for now, at the host's clock; null when finished or about to move. */
  waiting: z.string().nullable(),
  /** The device that drives it (files its tasks and actions): the one that started it. */
  drivenHere: z.boolean(),
  steps: z.array(RunStepViewSchema),
});
export type RunView = z.infer<typeof RunViewSchema>;

export const playbookMethods = {
  /** Published playbooks (the version in force) and the bundled ones, published or not; `problems`: bundled files that do not parse. */
  'playbooks:list': { params: z.object({}).strict(), result: z.object({ playbooks: z.array(PlaybookSummarySchema), problems: z.array(z.string()) }) },
  /** Publish a bundled playbook by name: its exact text and hash become the version in force. Never a path. */
  'playbooks:publish': { params: z.object({ name: Name }).strict(), result: z.object({ id: z.string(), hash: z.string() }) },
  /**
   * Start a run of the version in force; inputs are checked first and a bad one is named in the error.
   * The host takes the run further on its own; `playbooks:run` shows it.
   */
  'playbooks:start': {
    params: z
      .object({
        playbook: Name,
        service: Name.nullable().default(null),
        incident: Id.nullable().default(null),
        inputs: z.record(z.string().max(80), z.string().max(500)).default({}),
      })
      .strict(),
    result: z.object({ run: z.string() }),
  },
  /** Runs, newest first, optionally of one service or playbook. */
  'playbooks:runs': {
    params: z.object({ service: Name.optional(), playbook: Name.optional(), limit: z.number().int().min(1).max(500).default(100) }).strict(),
    result: z.object({ runs: z.array(RunSummarySchema) }),
  },
  /** One run step by step, at the host's clock. */
  'playbooks:run': { params: z.object({ run: Id }).strict(), result: RunViewSchema },
  /** Take a run as far as it goes now: what the host's playbook service does on its own, for a core that runs none. */
  'playbooks:advance': {
    params: z.object({ run: Id }).strict(),
    result: z.object({ status: z.enum(['running', 'succeeded', 'failed']), waiting: z.string().nullable(), log: z.array(z.string()) }),
  },
  /** Pass an approval gate (never by the member who started the run; the fold checks the role). */
  'playbooks:approve': { params: z.object({ run: Id, step: Name }).strict(), result: z.object({ id: z.string() }) },
} as const satisfies Record<string, { params: z.ZodType; result: z.ZodType }>;
