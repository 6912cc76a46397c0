import { z } from 'zod';
import { parseDocument } from 'yaml';
import { parseDuration } from '../approvals/duration';
import { RiskSchema } from '../approvals/policySchema';
import { RoleSchema } from '../entries/roles';
import { InjectId, ParticipantId, injectPayloadSchemas } from './injectSchema';
import { scenarioProblems, type CatalogRefs } from './scenarioRefs';

// A tabletop scenario, as written by a facilitator in YAML: a briefing, the
// participants by role, injects on a timeline, a scoring rubric and, for
// unattended runs, a script of participant responses. Times are offsets from
// the start written the way people say them ("5m", "1m30s").

const DAY_MS = 86_400_000;

/** "5m" -> 300000; offsets and durations in a scenario, at most a day. */
export const ScenarioDuration = z.string().transform((text, ctx) => {
  const ms = parseDuration(text);
  if (ms === null || ms > DAY_MS) {
    ctx.addIssue({ code: 'custom', message: `expected a duration such as 90s, 5m or 1h30m (at most 1d), got ${JSON.stringify(text)}` });
    return z.NEVER;
  }
  return ms;
});

const Slug = InjectId;
const Title = z.string().trim().min(1).max(200);
const Severity = z.number().int().min(1).max(5);
const IncidentStatus = z.enum(['investigating', 'identified', 'mitigating', 'monitoring']);
const ServiceStatus = z.enum(['healthy', 'degraded', 'down', 'unknown']);

const Participant = z.strictObject({
  id: ParticipantId,
  name: Title,
  /** Command Post roles the participant's member gets (the facilitator is not a participant). */
  roles: z
    .array(RoleSchema.exclude(['admin', 'facilitator']))
    .min(1)
    .max(4),
  teams: z.array(Slug).max(20).default([]),
});

const injectBase = { id: InjectId, at: ScenarioDuration, jitter: ScenarioDuration.default(0) };
const [statusInject, alertInject, messageInject, partitionInject, failureInject] = injectPayloadSchemas(ScenarioDuration);
const Inject = z.discriminatedUnion('type', [
  statusInject.extend(injectBase),
  alertInject.extend(injectBase),
  messageInject.extend(injectBase),
  partitionInject.extend(injectBase),
  failureInject.extend(injectBase),
]);

/** What the rubric looks for in the journal, named after the entry kinds that satisfy it. */
export const Expectation = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('incident.open'), severityAtMost: Severity.optional() }),
  z.strictObject({ kind: z.literal('incident.severity'), atMost: Severity }),
  z.strictObject({ kind: z.literal('incident.status'), status: IncidentStatus }),
  z.strictObject({ kind: z.literal('incident.resolve') }),
  z.strictObject({ kind: z.literal('service.status'), service: Slug, status: ServiceStatus }),
  z.strictObject({ kind: z.literal('task.create'), team: Slug.optional(), titleIncludes: z.string().min(1).max(200).optional() }),
  z.strictObject({ kind: z.literal('action.request'), connector: Slug.optional(), operation: Slug.optional() }),
  z.strictObject({ kind: z.literal('action.approve') }),
  z.strictObject({ kind: z.literal('action.succeeded'), connector: Slug.optional() }),
  z.strictObject({ kind: z.literal('note.add'), includes: z.string().min(1).max(200).optional() }),
]);
export type Expectation = z.output<typeof Expectation>;

const RubricItem = z.strictObject({
  id: Slug,
  description: Title,
  expect: Expectation,
  /** The window opens at the start or when this inject fires. */
  after: Slug.default('start'),
  within: ScenarioDuration,
  /** Only this participant's entries count; absent: anyone's but the facilitator's. */
  by: ParticipantId.optional(),
  points: z.number().int().min(0).max(1000),
});

const stepBase = { at: ScenarioDuration, by: ParticipantId };
const Ref = Slug;
/** A scripted participant response: what a person would do, at an offset, so unattended runs score meaningfully. */
export const ScriptStep = z.discriminatedUnion('do', [
  z.strictObject({ ...stepBase, do: z.literal('incident.open'), title: Title, severity: Severity, summary: z.string().max(4000).default('') }),
  z.strictObject({
    ...stepBase,
    do: z.literal('incident.update'),
    severity: Severity.optional(),
    status: IncidentStatus.optional(),
    summary: z.string().max(4000).optional(),
  }),
  z.strictObject({ ...stepBase, do: z.literal('incident.resolve'), resolution: z.string().max(4000).default('') }),
  z.strictObject({ ...stepBase, do: z.literal('service.status'), service: Slug, status: ServiceStatus, reason: z.string().max(2000).default('') }),
  z.strictObject({
    ...stepBase,
    do: z.literal('task.create'),
    ref: Ref.optional(),
    title: Title,
    team: Slug.optional(),
    assignee: ParticipantId.optional(),
    dueIn: ScenarioDuration.optional(),
  }),
  z.strictObject({ ...stepBase, do: z.literal('task.status'), task: Ref, status: z.enum(['open', 'in_progress', 'blocked', 'done', 'cancelled']) }),
  z.strictObject({ ...stepBase, do: z.literal('note.add'), text: z.string().trim().min(1).max(4000), service: Slug.optional() }),
  z.strictObject({
    ...stepBase,
    do: z.literal('action.request'),
    ref: Ref.optional(),
    connector: Slug,
    operation: Slug,
    environment: Slug,
    risk: RiskSchema,
    target: Title,
    summary: Title,
    params: z.record(z.string(), z.json()).default({}),
  }),
  z.strictObject({ ...stepBase, do: z.literal('action.approve'), action: Ref, comment: z.string().max(2000).default('') }),
  z.strictObject({ ...stepBase, do: z.literal('action.reject'), action: Ref, comment: z.string().trim().min(1).max(2000) }),
]);
export type ScriptStep = z.output<typeof ScriptStep>;

const ScenarioShape = z.strictObject({
  version: z.literal(1),
  id: Slug,
  title: Title,
  duration: ScenarioDuration,
  /** "demo" for the bundled demo catalog, or a catalog file relative to the scenario. */
  catalog: z.string().min(1).max(500).default('demo'),
  /** A bundled policy name ("default") or a policy file relative to the scenario. */
  policy: z.string().min(1).max(500).default('default'),
  briefing: z.string().trim().min(1).max(20_000),
  participants: z.array(Participant).min(1).max(50),
  injects: z.array(Inject).max(500).default([]),
  rubric: z.array(RubricItem).max(200).default([]),
  script: z.array(ScriptStep).max(1000).default([]),
});

export type Scenario = z.output<typeof ScenarioShape>;
export type ScenarioInject = Scenario['injects'][number];
export type RubricItem = Scenario['rubric'][number];
export type ScenarioParticipant = Scenario['participants'][number];

/** The scenario schema, with cross-reference checks; `catalog` (when known) also checks service and team ids. */
export function scenarioSchema(catalog: CatalogRefs | null = null) {
  return ScenarioShape.superRefine((s, ctx) => {
    for (const p of scenarioProblems(s, catalog)) ctx.addIssue({ code: 'custom', path: p.path, message: p.message });
  });
}

export type ScenarioParse = { ok: true; scenario: Scenario } | { ok: false; reason: string };

/** Parse scenario text without file or line context (what a peer does with the text in exercise.start). */
export function parseScenarioText(text: string, catalog: CatalogRefs | null = null): ScenarioParse {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const syntax = doc.errors[0];
  if (syntax !== undefined) return { ok: false, reason: `invalid YAML: ${syntax.message.split('\n')[0] ?? ''}` };
  const parsed = scenarioSchema(catalog).safeParse(doc.toJS({ maxAliasCount: 100 }));
  if (parsed.success) return { ok: true, scenario: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return { ok: false, reason: `${where}${issue?.message ?? 'does not match the scenario schema'}` };
}
