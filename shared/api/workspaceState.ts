import { z } from 'zod';
import type { PolicyDocument } from '../approvals/policySchema';
import { RiskSchema } from '../approvals/policySchema';
import { RoleSchema } from '../entries/roles';
import type { ClockSegment } from '../exercise/simClock';
import type { InjectPayload } from '../exercise/injectSchema';
import type { OrderKey } from '../journal/order';
import { PHASES, type PlaybookDocument } from '../playbook/playbookSchema';
import type { WorkspaceState } from '../state/state';
import { ICS_STAFF_ROLES } from '../state/icsState';

// The projection (shared/state WorkspaceState) as it crosses the API, so the
// renderer takes `state:get` and live entries as typed data instead of a
// cast. Records the fold keeps are declared field by field; the three
// documents inside (a policy, a playbook, an inject) are the outputs of their
// own schemas, already checked by the fold that stored them, and some of
// those schemas transform their input (durations in text become numbers), so
// parsing their output again would refuse it: they cross as JSON objects.

const str = z.string();
const int = z.number().int();
const num = z.number();
const nullableStr = str.nullable();
const jsonObject = z.record(z.string(), z.unknown());
const asDocument = <T>() => jsonObject.transform((v) => v as unknown as T);

const MemberSchema = z.object({
  key: str,
  name: str,
  roles: z.array(RoleSchema),
  teams: z.array(str),
  active: z.boolean(),
  since: num,
  revokedAt: num.nullable(),
  revokedReason: nullableStr,
});
const ServiceStatusSchema = z.enum(['healthy', 'degraded', 'down', 'unknown']);
const IncidentSchema = z.object({
  id: str,
  title: str,
  severity: num,
  status: z.enum(['investigating', 'identified', 'mitigating', 'monitoring', 'resolved']),
  summary: str,
  commander: nullableStr,
  openedAt: num,
  openedBy: str,
  updatedAt: num,
  resolvedAt: num.nullable(),
  resolution: nullableStr,
});
const ServiceSchema = z.object({
  id: str,
  name: str,
  description: str,
  tier: num.nullable(),
  retired: z.boolean(),
  status: ServiceStatusSchema,
  statusSince: num.nullable(),
  statusIncident: nullableStr,
  history: z.array(z.object({ status: ServiceStatusSchema, at: num, by: str, reason: str, entry: str })),
});
const TaskSchema = z.object({
  id: str,
  incident: str,
  title: str,
  description: str,
  assignee: z.union([z.object({ member: str }), z.object({ team: str })]).nullable(),
  status: z.enum(['open', 'in_progress', 'blocked', 'done', 'cancelled']),
  due: num.nullable(),
  createdAt: num,
  createdBy: str,
  updatedAt: num,
});
const CategorySchema = z.enum(['unauthorized', 'invalid']);
const RejectionSchema = z.object({ kind: str, author: str, seq: int, category: CategorySchema, reason: str });

const PolicySliceSchema = z.object({
  current: nullableStr,
  versions: z.record(
    str,
    z.object({ hash: str, name: str, number: int, entry: str, publishedAt: num, publishedBy: str, document: asDocument<PolicyDocument>() }),
  ),
});
const OutcomeSchema = z.enum(['succeeded', 'failed', 'unknown']);
const ActionRecordSchema = z.object({
  id: str,
  incident: nullableStr,
  connector: str,
  operation: str,
  environment: str,
  risk: RiskSchema,
  target: str,
  summary: str,
  requester: str,
  executor: str,
  requestedAt: num,
  policy: str,
  paramsHash: str,
  edits: z.array(z.object({ by: str, at: num, entry: str, from: str, to: str })).optional(),
  status: z.enum(['pending', 'rejected', 'dispatching', 'retrying', 'succeeded', 'failed', 'unknown']),
  verdicts: z.array(z.object({ by: str, at: num, verdict: z.enum(['approve', 'reject']), entry: str, paramsHash: str.optional() })),
  overrides: z.array(z.object({ by: str, at: num, justification: str, entry: str, paramsHash: str.optional() })),
  attempts: z.array(z.object({ attempt: int, at: num, entry: str, policy: str, rule: nullableStr, override: z.boolean() })),
  result: z.object({ attempt: int, at: num, entry: str, outcome: OutcomeSchema, final: z.boolean(), message: str, httpStatus: num.nullable() }).nullable(),
  updatedAt: num,
  rollback: z
    .object({ by: str, at: num, entry: str, reason: str, outcome: z.enum(['started', 'succeeded', 'failed']), message: str, resultAt: num.nullable() })
    .optional(),
});
const ExerciseSchema = z.object({
  scenario: str,
  scenarioId: str,
  title: str,
  seed: str,
  entry: str,
  startedBy: str,
  origin: num,
  segments: z.array(z.object({ wall: num, sim: num, speed: num, running: z.boolean() }).transform((v): ClockSegment => v)),
  status: z.enum(['running', 'paused', 'ended']),
  endedAt: num.nullable(),
  participants: z.array(str),
  cast: z.record(str, str),
  schedule: z.record(str, num),
  fired: z.record(
    str,
    z.object({ at: num, dueAt: num.nullable(), source: z.enum(['scenario', 'adhoc']), entry: str, by: str, payload: asDocument<InjectPayload>() }),
  ),
  disruptions: z.array(z.object({ inject: str, from: num, until: num, payload: asDocument<InjectPayload>() })),
  notes: num,
});
const IcsSchema = z.object({
  unified: z.boolean(),
  coCommanders: z.array(str),
  assignments: z.array(z.object({ role: z.enum(ICS_STAFF_ROLES), member: str, since: num, by: str, entry: str })),
  handover: z.object({ entry: str, from: str, to: str, briefing: str, at: num }).nullable(),
  handovers: z.array(z.object({ offer: nullableStr, entry: str, from: nullableStr, to: str, briefing: str, at: num, taken: z.boolean(), reason: str })),
  periods: z.array(
    z.object({ id: str, number: int, start: num, end: num, startedBy: str, closedAt: num.nullable(), commsPlan: str, objectives: z.array(str) }),
  ),
  objectives: z.record(
    str,
    z.object({
      id: str,
      period: str,
      text: str,
      owner: nullableStr,
      status: z.enum(['open', 'in_progress', 'met', 'not_met', 'dropped']),
      createdBy: str,
      updatedAt: num,
    }),
  ),
});
const PlaybookSliceSchema = z.object({
  current: z.record(str, str),
  versions: z.record(
    str,
    z.object({
      name: str,
      hash: str,
      version: num,
      number: int,
      title: str,
      entry: str,
      publishedAt: num,
      publishedBy: str,
      document: asDocument<PlaybookDocument>(),
    }),
  ),
  runs: z.record(
    str,
    z.object({
      id: str,
      playbook: str,
      hash: str,
      version: num,
      service: nullableStr,
      incident: nullableStr,
      inputs: z.record(str, str),
      startedBy: str,
      startedAt: num,
      status: z.enum(['running', 'succeeded', 'failed']),
      steps: z.record(
        str,
        z.object({
          phase: z.enum(PHASES),
          step: str,
          status: z.enum(['started', 'waiting', 'approved', 'done', 'failed', 'skipped']),
          startedAt: num,
          at: num,
          by: str,
          ref: nullableStr,
          note: str,
        }),
      ),
      outputs: z.record(str, str),
      finishedAt: num.nullable(),
      note: str,
      updatedAt: num,
    }),
  ),
});

export const WorkspaceStateSchema = z.object({
  workspace: z.object({ id: str, name: str, genesis: str, createdAt: num }).nullable(),
  members: z.record(str, MemberSchema),
  incidents: z.record(str, IncidentSchema),
  services: z.record(str, ServiceSchema),
  teams: z.record(str, z.object({ id: str, name: str, channel: str })),
  edges: z.record(str, z.object({ type: z.enum(['dependsOn', 'ownedBy']), from: str, to: str, tags: z.array(str) })),
  tasks: z.record(str, TaskSchema),
  rejected: z.record(str, RejectionSchema),
  redacted: z.record(str, str),
  equivocations: z.record(str, int),
  applied: int,
  policies: PolicySliceSchema.optional(),
  actions: z.record(str, ActionRecordSchema).optional(),
  exercise: ExerciseSchema.optional(),
  ics: z.record(str, IcsSchema).optional(),
  playbooks: PlaybookSliceSchema.optional(),
});

// Held to the fold's own type both ways, and key for key at the top level, so a slice added to the state must be added here.
type Parsed = z.output<typeof WorkspaceStateSchema>;
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
const parsedIsState: Parsed extends WorkspaceState ? (WorkspaceState extends Parsed ? SameKeys<Parsed, WorkspaceState> : false) : false = true;
void parsedIsState;

export const OrderKeySchema = z.object({ wall: num, count: int, author: str, seq: int }).transform((v): OrderKey => v);

/** Where a projection stands: its last entry in the total order (null: none) and how many entries it folded. */
export const ProjectionBaseSchema = z.object({ lastKey: OrderKeySchema.nullable(), count: int.min(0) });
export type ProjectionBase = z.infer<typeof ProjectionBaseSchema>;

/** What `state:get` answers: the whole projection, where it stands, and its hash (which seeds the client's running hash). */
export const StateSnapshotSchema = z.object({
  stateHash: z.string().regex(/^[0-9a-f]{64}$/),
  entries: int,
  lastKey: OrderKeySchema.nullable(),
  count: int.min(0),
  state: WorkspaceStateSchema,
});
export type StateSnapshot = z.infer<typeof StateSnapshotSchema>;
