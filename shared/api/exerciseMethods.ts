import { z } from 'zod';
import { InjectPayloadSchema, MAX_SPEED, MIN_SPEED } from '../exercise';
import { InjectId, ParticipantId } from '../exercise/injectSchema';

// API methods for exercise mode and the facilitator (issue 7); merged into `methods` in contract.ts.
// Channel names read `exercises:verb`. Schemas only: no imports of ours but shared/.
// Every facilitator move is a journal entry signed by the core's device, so the
// same rules apply as for `commandpost exercise …`: only a facilitator may make
// one, and the fold refuses what the exercise's state does not allow.

const Speed = z.number().int().min(MIN_SPEED).max(MAX_SPEED);
const MemberKey = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'expected a member public key (43 base64url chars)');
const Empty = z.object({}).strict();

/** A scenario shipped in resources/scenarios, as the start form lists it. */
export const BundledScenarioSchema = z.object({
  id: z.string(),
  title: z.string(),
  /** Scenario length in ms. */
  duration: z.number().int(),
  briefing: z.string(),
  participants: z.array(z.object({ id: z.string(), name: z.string(), roles: z.array(z.string()), teams: z.array(z.string()) })),
  injects: z.number().int(),
});
export type BundledScenario = z.infer<typeof BundledScenarioSchema>;

export const ExerciseInjectRowSchema = z.object({
  id: z.string(),
  source: z.enum(['scenario', 'adhoc']),
  type: z.string(),
  /** One line ("orders-db is down: …"). */
  description: z.string(),
  /** Scheduled scenario offset (ms); null for ad-hoc injects. */
  dueAt: z.number().int().nullable(),
  /** Offset at which it fired; null while pending. */
  firedAt: z.number().int().nullable(),
  /** The fired payload (null while pending): participants read messages from it. */
  payload: InjectPayloadSchema.nullable(),
});
export type ExerciseInjectRow = z.infer<typeof ExerciseInjectRowSchema>;

export const ExerciseStatusSchema = z.object({
  scenario: z.object({ id: z.string(), title: z.string(), hash: z.string(), briefing: z.string(), duration: z.number().int() }),
  seed: z.string(),
  status: z.enum(['running', 'paused', 'ended']),
  speed: z.number().int(),
  /** Scenario offset (ms) by the core's clock when this was computed. */
  offset: z.number().int(),
  endedAt: z.number().int().nullable(),
  /** This device holds the facilitator role: it sees pending injects and may steer. */
  facilitator: z.boolean(),
  /** The scenario participant this device plays, if cast. */
  playing: z.string().nullable(),
  /** Pending injects are listed only to a facilitator: participants must not see what is coming. */
  nextInject: z.object({ id: z.string(), dueAt: z.number().int(), description: z.string() }).nullable(),
  firedCount: z.number().int(),
  pendingCount: z.number().int(),
  /** Fired injects in firing order, then (facilitator only) the pending ones by due time. */
  injects: z.array(ExerciseInjectRowSchema),
  participants: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      roles: z.array(z.string()),
      teams: z.array(z.string()),
      member: z.string().nullable(),
      memberName: z.string().nullable(),
    }),
  ),
  /** Network partitions the sync layer enforces right now, by participant id. */
  partitions: z.array(z.object({ inject: z.string(), cut: z.array(z.string()), from: z.array(z.string()), until: z.number().int() })),
  failingConnectors: z.array(z.object({ connector: z.string(), mode: z.string(), message: z.string() })),
  notes: z.number().int(),
});
export type ExerciseStatus = z.infer<typeof ExerciseStatusSchema>;

/** What a facilitator move did, as one line ("Fired db-down at T+06:00"), for the UI to confirm. */
const Done = z.object({ message: z.string() });

export const ExerciseReportSchema = z.object({
  title: z.string(),
  markdown: z.string(),
  /** A self-contained printable page. */
  html: z.string(),
  score: z
    .object({
      earned: z.number(),
      possible: z.number(),
      results: z.array(
        z.object({
          id: z.string(),
          description: z.string(),
          outcome: z.enum(['met', 'late', 'missed', 'not-triggered']),
          earned: z.number(),
          points: z.number(),
        }),
      ),
    })
    .nullable(),
});
export type ExerciseReport = z.infer<typeof ExerciseReportSchema>;

export const exerciseMethods = {
  /** The scenarios bundled with Command Post (resources/scenarios). */
  'exercises:scenarios': { params: Empty, result: z.array(BundledScenarioSchema) },
  /** The exercise this workspace runs, as this device may see it; null when it runs none. */
  'exercises:status': { params: Empty, result: ExerciseStatusSchema.nullable() },
  /**
   * Start a bundled scenario here, this device facilitating. Only in a workspace that can hold
   * one: no exercise yet and no incidents (a fresh `commandpost init` workspace).
   */
  'exercises:start': {
    params: z
      .object({
        scenario: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a bundled scenario id'),
        speed: Speed.default(1),
        seed: z.string().min(1).max(100).default('1'),
      })
      .strict(),
    result: Done,
  },
  /** Fire a scenario inject now, ahead of its time. */
  'exercises:fireNow': { params: z.object({ inject: InjectId }).strict(), result: Done },
  /** An inject made up on the spot (durations in ms); the id is adhoc-N unless given. */
  'exercises:adhocInject': { params: z.object({ payload: InjectPayloadSchema, id: InjectId.optional() }).strict(), result: Done },
  'exercises:pause': { params: Empty, result: Done },
  'exercises:resume': { params: Empty, result: Done },
  'exercises:setSpeed': { params: z.object({ speed: Speed }).strict(), result: Done },
  /** A facilitator note for the after-action report. */
  'exercises:note': { params: z.object({ text: z.string().trim().min(1).max(20_000) }).strict(), result: Done },
  /** Let a member (a device key; admitted to the roster if new) play a scenario participant. */
  'exercises:cast': {
    params: z.object({ participant: ParticipantId, member: MemberKey, name: z.string().trim().min(1).max(200).optional() }).strict(),
    result: Done,
  },
  'exercises:end': { params: z.object({ reason: z.string().max(2000).default('') }).strict(), result: Done },
  /** The after-action report (Markdown and printable HTML) with the rubric score. */
  'exercises:report': { params: Empty, result: ExerciseReportSchema },
} as const satisfies Record<string, { params: z.ZodType; result: z.ZodType }>;
