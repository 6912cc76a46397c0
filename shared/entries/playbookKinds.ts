import { z } from 'zod';
import { PHASES, parsePlaybookText, playbookHash, playbooksOf, resolveInputs, stepKey, type PlaybookRun } from '../playbook';
import { own, type WorkspaceState } from '../state/state';
import { defineKind, suffix } from './kindSpec';
import { EntryRef, Slug } from './ids';
import { PARTICIPANTS, RESPONDERS } from './roles';
import { PolicyHashSchema } from './policyKinds';

// Playbooks (issue 6). A version is journaled as its exact text and hash and
// parsed by every peer (like a policy), so a run is traceable to the very
// text that ran. A run is driven by the device that started it (it files
// the tasks and action requests the steps call for); approval gates are
// passed by other members, never the one who started the run.

export const PlaybookPublishBody = z.strictObject({ text: z.string().min(1).max(200_000), hash: PolicyHashSchema });

export const playbookPublish = defineKind({
  kind: 'playbook.publish',
  body: PlaybookPublishBody,
  roles: ['admin', 'commander'],
  describe: (b) => `published playbook version ${b.hash.slice(0, 12)}`,
  apply(state, body, ctx) {
    if (playbookHash(ctx.hasher, body.text) !== body.hash) return 'hash does not match the SHA-256 of the playbook text';
    const parsed = parsePlaybookText(body.text);
    if (!parsed.ok) return `invalid playbook: ${parsed.reason}; the previous version stays in force`;
    const doc = parsed.document;
    const slice = playbooksOf(state);
    if (slice.current[doc.playbook] === body.hash) return `this version of ${doc.playbook} is already in force`;
    const number = own(slice.versions, body.hash)?.number ?? Object.values(slice.versions).filter((v) => v.name === doc.playbook).length + 1;
    slice.versions[body.hash] = {
      name: doc.playbook,
      hash: body.hash,
      version: doc.version,
      number,
      title: doc.title,
      entry: ctx.id,
      publishedAt: ctx.at,
      publishedBy: ctx.author,
      document: doc,
    };
    slice.current[doc.playbook] = body.hash;
  },
});

const InputValue = z.string().max(500);

export const playbookRun = defineKind({
  kind: 'playbook.run',
  body: z.strictObject({
    /** The version to run (the CLI names the one in force); recorded so the run is traceable to its text. */
    hash: PolicyHashSchema,
    service: Slug.nullable().default(null),
    incident: EntryRef.nullable().default(null),
    inputs: z.record(z.string(), InputValue).default({}),
  }),
  roles: RESPONDERS,
  describe: (b) => `ran playbook version ${b.hash.slice(0, 12)}${b.service === null ? '' : ` on ${b.service}`}`,
  report: 'decision',
  apply(state, body, ctx) {
    const version = state.playbooks === undefined ? undefined : own(state.playbooks.versions, body.hash);
    if (version === undefined) return 'unknown playbook version';
    if (body.service !== null && own(state.services, body.service)?.retired !== false) return `unknown service ${body.service}`;
    if (body.incident !== null && own(state.incidents, body.incident) === undefined) return 'unknown incident';
    const checked = resolveInputs(version.document.inputs, body.inputs, version.name);
    if (!checked.ok) return checked.problem;
    const inputs = checked.inputs;
    playbooksOf(state).runs[ctx.id] = {
      id: ctx.id,
      playbook: version.name,
      hash: version.hash,
      version: version.version,
      service: body.service,
      incident: body.incident,
      inputs,
      startedBy: ctx.author,
      startedAt: ctx.at,
      status: 'running',
      steps: {},
      outputs: {},
      finishedAt: null,
      note: '',
      updatedAt: ctx.at,
    };
  },
});

function runOf(state: WorkspaceState, id: string): PlaybookRun | string {
  const run = state.playbooks === undefined ? undefined : own(state.playbooks.runs, id);
  if (run === undefined) return 'unknown playbook run';
  if (run.status !== 'running') return `run has ${run.status}`;
  return run;
}

export const playbookStep = defineKind({
  kind: 'playbook.step',
  body: z.strictObject({
    run: EntryRef,
    phase: z.enum(PHASES),
    step: Slug,
    status: z.enum(['started', 'waiting', 'approved', 'done', 'failed', 'skipped']),
    ref: EntryRef.nullable().default(null),
    note: z.string().max(4000).default(''),
  }),
  roles: PARTICIPANTS,
  describe: (b) => `playbook step ${b.step} (${b.phase}) ${b.status}${suffix(b.note)}`,
  apply(state, body, ctx) {
    const run = runOf(state, body.run);
    if (typeof run === 'string') return run;
    const doc = own(playbooksOf(state).versions, run.hash)?.document;
    const step = doc?.[body.phase].find((s) => s.id === body.step);
    if (step === undefined) return `playbook ${run.playbook} has no ${body.phase} step ${body.step}`;
    const key = stepKey(body.phase, body.step);
    const prior = own(run.steps, key);
    if (body.status === 'approved') {
      if (step.approval === undefined) return `step ${body.step} is not an approval gate`;
      if (prior?.status !== 'waiting') return `step ${body.step} is not waiting for approval`;
      if (ctx.author === run.startedBy) return 'the member who started the run cannot pass its approval gates';
      const roles = own(state.members, ctx.author)?.roles ?? [];
      if (!roles.some((r) => step.approval?.roles.includes(r))) return `passing gate ${body.step} needs role ${step.approval.roles.join(' or ')}`;
    } else if (ctx.author !== run.startedBy) {
      return 'only the device that started the run drives its steps';
    }
    if (prior !== undefined && (prior.status === 'done' || prior.status === 'failed' || prior.status === 'skipped'))
      return `step ${body.step} is already ${prior.status}`;
    run.steps[key] = {
      phase: body.phase,
      step: body.step,
      status: body.status,
      startedAt: prior?.startedAt ?? ctx.at,
      at: ctx.at,
      by: ctx.author,
      ref: body.ref ?? prior?.ref ?? null,
      note: body.note,
    };
    run.updatedAt = ctx.at;
  },
});

export const playbookFinish = defineKind({
  kind: 'playbook.finish',
  body: z.strictObject({
    run: EntryRef,
    outcome: z.enum(['succeeded', 'failed']),
    outputs: z.record(z.string(), z.string().max(2000)).default({}),
    note: z.string().max(4000).default(''),
  }),
  roles: PARTICIPANTS,
  describe: (b) => `playbook run ${b.outcome}${suffix(b.note)}`,
  apply(state, body, ctx) {
    const run = runOf(state, body.run);
    if (typeof run === 'string') return run;
    if (ctx.author !== run.startedBy) return 'only the device that started the run finishes it';
    run.status = body.outcome;
    run.outputs = body.outputs;
    run.note = body.note;
    run.finishedAt = ctx.at;
    run.updatedAt = ctx.at;
  },
});
