import { z } from 'zod';
import { toHex, utf8 } from '../bytes';
import { InjectId, InjectPayloadSchema, ParticipantId, describeInject } from '../exercise/injectSchema';
import { parseScenarioText } from '../exercise/scenarioSchema';
import { injectDueAt } from '../exercise/scheduler';
import { MAX_SPEED, MIN_SPEED, changeClock, simOffsetAt } from '../exercise/simClock';
import type { ExerciseState } from '../state/exerciseState';
import { own, type WorkspaceState } from '../state/state';
import { defineKind, suffix } from './kindSpec';
import { MemberKey } from './ids';
import { serviceStatus } from './statusKinds';

// Tabletop exercises (issue 7). exercise.start journals the exact scenario
// text and its hash (every peer parses it itself, as with policies), the seed
// and the speed; the clock, injects, facilitator notes and the end follow as
// entries of their own, so scenario time, what fired and when are all
// projections of the journal. Only a facilitator writes them.

const FACILITATOR = ['facilitator'] as const;
const Hash = z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 hash (64 hex digits)');
const Speed = z.number().int().min(MIN_SPEED).max(MAX_SPEED);

function running(state: WorkspaceState): ExerciseState | string {
  const ex = state.exercise;
  if (ex === undefined) return 'this workspace runs no exercise';
  if (ex.status === 'ended') return 'the exercise has ended';
  return ex;
}

export const exerciseStart = defineKind({
  kind: 'exercise.start',
  body: z.strictObject({
    scenario: z.string().min(1).max(500_000),
    hash: Hash,
    seed: z.string().min(1).max(100),
    speed: Speed,
    /** Scenario participant id -> member key playing it (more can be cast later). */
    cast: z.record(ParticipantId, MemberKey).default({}),
  }),
  roles: FACILITATOR,
  describe: () => 'started the exercise',
  apply(state, body, ctx) {
    if (state.exercise !== undefined) return 'this workspace already ran an exercise; an exercise needs a workspace of its own';
    // Its own workspace: nothing real may precede it, so nothing in it is mistaken for a real incident.
    if (Object.keys(state.incidents).length > 0) return 'this workspace holds incidents; start exercises in a new workspace';
    if (toHex(ctx.hasher.sha256(utf8(body.scenario))) !== body.hash) return 'hash does not match the SHA-256 of the scenario text';
    const parsed = parseScenarioText(body.scenario, { services: new Set(Object.keys(state.services)), teams: new Set(Object.keys(state.teams)) });
    if (!parsed.ok) return `invalid scenario: ${parsed.reason}`;
    const scenario = parsed.scenario;
    const participants = scenario.participants.map((p) => p.id).sort();
    for (const [participant, member] of Object.entries(body.cast)) {
      if (!participants.includes(participant)) return `unknown participant ${participant}`;
      if (own(state.members, member)?.active !== true) return `participant ${participant} is cast to an inactive member`;
    }
    state.exercise = {
      scenario: body.hash,
      scenarioId: scenario.id,
      title: scenario.title,
      seed: body.seed,
      entry: ctx.id,
      startedBy: ctx.author,
      origin: ctx.at,
      segments: [{ wall: ctx.at, sim: 0, speed: body.speed, running: true }],
      status: 'running',
      endedAt: null,
      participants,
      cast: { ...body.cast },
      schedule: Object.fromEntries(scenario.injects.map((i) => [i.id, injectDueAt(body.seed, i)])),
      fired: {},
      disruptions: [],
      notes: 0,
    };
  },
});

export const exerciseClock = defineKind({
  kind: 'exercise.clock',
  body: z
    .strictObject({ action: z.enum(['pause', 'resume', 'speed']), speed: Speed.optional() })
    .refine((b) => (b.action === 'speed') === (b.speed !== undefined), { message: 'speed is given exactly when the action is "speed"' }),
  roles: FACILITATOR,
  describe: (b) => (b.action === 'speed' ? `set the clock to ${b.speed ?? '?'}x` : `${b.action === 'pause' ? 'paused' : 'resumed'} the clock`),
  apply(state, body, ctx) {
    const ex = running(state);
    if (typeof ex === 'string') return ex;
    if (body.action === 'pause' && ex.status === 'paused') return 'the exercise is already paused';
    if (body.action === 'resume' && ex.status === 'running') return 'the exercise is already running';
    const change = body.action === 'speed' ? { speed: body.speed } : { running: body.action === 'resume' };
    ex.segments = changeClock(ex.segments, ctx.at, change);
    if (body.action !== 'speed') ex.status = body.action === 'pause' ? 'paused' : 'running';
  },
});

export const exerciseInject = defineKind({
  kind: 'exercise.inject',
  body: z.strictObject({
    inject: InjectId,
    source: z.enum(['scenario', 'adhoc']),
    payload: InjectPayloadSchema,
  }),
  roles: FACILITATOR,
  describe: (b) => `${b.source === 'adhoc' ? 'AD-HOC INJECT' : 'INJECT'} ${b.inject}: ${describeInject(b.payload)}`,
  apply(state, body, ctx) {
    const ex = running(state);
    if (typeof ex === 'string') return ex;
    // Exactly once: a restarted or second scheduler racing this one is refused here, on every peer.
    if (Object.hasOwn(ex.fired, body.inject)) return `inject ${body.inject} has already fired`;
    const scheduled = Object.hasOwn(ex.schedule, body.inject);
    if (body.source === 'scenario' && !scheduled) return `the scenario has no inject ${body.inject}`;
    if (body.source === 'adhoc' && scheduled) return `${body.inject} names a scenario inject; ad-hoc injects need an id of their own`;
    const p = body.payload;
    for (const who of p.type === 'partition' ? [...p.cut, ...p.from] : p.type === 'message' && p.to !== null ? [p.to] : []) {
      if (!ex.participants.includes(who)) return `unknown participant ${who}`;
    }
    if (p.type === 'status') {
      // The inject is the monitoring signal: the service changes status with it, in the same entry.
      const problem = serviceStatus.apply(state, { service: p.service, status: p.status, reason: p.reason, incident: null }, ctx);
      if (typeof problem === 'string') return problem;
    }
    const at = simOffsetAt(ex.segments, ctx.at);
    ex.fired[body.inject] = {
      at,
      dueAt: scheduled ? (ex.schedule[body.inject] ?? null) : null,
      source: body.source,
      entry: ctx.id,
      by: ctx.author,
      payload: p,
    };
    if (p.type === 'partition' || p.type === 'connectorFailure') ex.disruptions.push({ inject: body.inject, from: at, until: at + p.duration, payload: p });
  },
});

export const exerciseNote = defineKind({
  kind: 'exercise.note',
  body: z.strictObject({ text: z.string().trim().min(1).max(20_000) }),
  roles: FACILITATOR,
  describe: (b) => `facilitator note: ${b.text}`,
  // The text stays in the journal (the report reads it there); the slice only counts.
  apply(state) {
    if (state.exercise === undefined) return 'this workspace runs no exercise';
    state.exercise.notes += 1;
  },
});

export const exerciseCast = defineKind({
  kind: 'exercise.cast',
  body: z.strictObject({ participant: ParticipantId, member: MemberKey }),
  roles: FACILITATOR,
  report: 'setup',
  apply(state, body) {
    const ex = running(state);
    if (typeof ex === 'string') return ex;
    if (!ex.participants.includes(body.participant)) return `unknown participant ${body.participant}`;
    if (own(state.members, body.member)?.active !== true) return 'member is not active';
    ex.cast[body.participant] = body.member;
  },
});

export const exerciseEnd = defineKind({
  kind: 'exercise.end',
  body: z.strictObject({ reason: z.string().max(2000).default('') }),
  roles: FACILITATOR,
  describe: (b) => `ended the exercise${suffix(b.reason)}`,
  apply(state, _body, ctx) {
    const ex = running(state);
    if (typeof ex === 'string') return ex;
    ex.endedAt = simOffsetAt(ex.segments, ctx.at);
    ex.segments = changeClock(ex.segments, ctx.at, { running: false });
    ex.status = 'ended';
  },
});
