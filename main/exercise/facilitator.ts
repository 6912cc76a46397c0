import { createHash } from 'node:crypto';
import type { Clock } from '../../shared/clock';
import type { EntryDraft } from '../../shared/entries';
import type { Entry } from '../../shared/journal';
import { describeInject, dueInjects, parseScenarioText, simOffsetAt, type InjectPayload, type Scenario } from '../../shared/exercise';
import { exerciseOf, own, type ExerciseState } from '../../shared/state';
import { catalogEntries } from '../catalog';
import type { Workspace } from '../workspace';
import type { LoadedScenario } from './scenarioFile';

// Facilitator controls: every one is a journal entry written as the
// facilitator's device, so peers see the same clock and injects. The
// scheduler (fireDue) derives what is due from the journal alone; running it
// twice, or after a restart, fires nothing twice.

export class ExerciseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExerciseError';
  }
}

/**
 * How facilitator moves are stored: by default the workspace itself; a host
 * passes its change feed's append, so the feed knows the rows are its own.
 */
export type ExerciseWriter = (drafts: readonly EntryDraft[]) => Entry[];

const direct =
  (ws: Workspace): ExerciseWriter =>
  (drafts) =>
    ws.appendMany(drafts);

export interface CastMember {
  key: string;
  name: string;
}

/**
 * Fill a fresh workspace for an exercise: the facilitator role for this
 * device, the catalog (all healthy), the policy, the cast, and exercise.start
 * with the exact scenario text. One transaction: all of it or nothing.
 */
export function setupExercise(
  ws: Workspace,
  loaded: LoadedScenario,
  opts: { seed: string; speed: number; cast: Record<string, CastMember> },
  write: ExerciseWriter = direct(ws),
): void {
  const me = ws.me;
  if (me === null) throw new ExerciseError('the facilitator must open the workspace with a device identity');
  const { scenario } = loaded;
  const self = ws.state.members[me];
  const drafts: EntryDraft[] = [
    { kind: 'roster.memberPut', body: { member: me, name: self?.name ?? 'Facilitator', roles: ['admin', 'facilitator'], teams: [] } },
    ...catalogEntries(loaded.catalog, ws.state),
    ...loaded.catalog.services.map((s): EntryDraft => ({ kind: 'service.status', body: { service: s.id, status: 'healthy' } })),
    { kind: 'policy.publish', body: { text: loaded.policyText, hash: createHash('sha256').update(loaded.policyText, 'utf8').digest('hex') } },
  ];
  const cast: Record<string, string> = {};
  for (const p of scenario.participants) {
    const member = opts.cast[p.id];
    if (member === undefined) continue;
    cast[p.id] = member.key;
    drafts.push({ kind: 'roster.memberPut', body: { member: member.key, name: member.name, roles: p.roles, teams: p.teams } });
  }
  drafts.push({ kind: 'exercise.start', body: { scenario: loaded.text, hash: loaded.hash, seed: opts.seed, speed: opts.speed, cast } });
  write(drafts);
}

export function requireExercise(ws: Workspace): ExerciseState {
  const ex = exerciseOf(ws.state);
  if (ex === null) throw new ExerciseError(`${ws.dir} runs no exercise (start one with \`commandpost exercise start SCENARIO.yaml\`)`);
  return ex;
}

/** The scenario as journaled in exercise.start (what every peer runs), not whatever the file says now. */
export function journaledScenario(ws: Workspace): Scenario {
  const ex = requireExercise(ws);
  const start = ws.store.get(ex.entry);
  const body = start?.body;
  const text = body !== null && typeof body === 'object' && !Array.isArray(body) ? body['scenario'] : undefined;
  if (typeof text !== 'string') throw new ExerciseError('the exercise.start entry has no scenario text (redacted?)');
  const parsed = parseScenarioText(text);
  if (!parsed.ok) throw new ExerciseError(`the journaled scenario does not parse: ${parsed.reason}`);
  return parsed.scenario;
}

/** Current scenario offset (ms) by the workspace's exercise clock. */
export function scenarioOffset(ws: Workspace, wall: Clock): number {
  return simOffsetAt(requireExercise(ws).segments, wall.now());
}

function payloadOf(scenario: Scenario, id: string): InjectPayload {
  const inject = scenario.injects.find((i) => i.id === id);
  if (inject === undefined) throw new ExerciseError(`the scenario has no inject ${JSON.stringify(id)}; known: ${scenario.injects.map((i) => i.id).join(', ')}`);
  // The scenario form carries id/at/jitter beside the payload; the journal keeps the payload only.
  const { id: _id, at: _at, jitter: _jitter, ...payload } = inject;
  return payload;
}

/** Fire every scheduled inject whose time has come (scheduler tick). Returns the lines it fired. */
export function fireDue(ws: Workspace, wall: Clock, write: ExerciseWriter = direct(ws)): string[] {
  ws.catchUp();
  const ex = requireExercise(ws);
  const due = dueInjects(ex, simOffsetAt(ex.segments, wall.now()));
  if (due.length === 0) return [];
  const scenario = journaledScenario(ws);
  const drafts = due.map((id): EntryDraft => ({ kind: 'exercise.inject', body: { inject: id, source: 'scenario', payload: payloadOf(scenario, id) } }));
  write(drafts);
  return due.map((id) => `${id}: ${describeInject(payloadOf(scenario, id))}`);
}

/** Fire a scenario inject now, ahead of its time. */
export function fireNow(ws: Workspace, id: string, write: ExerciseWriter = direct(ws)): string {
  const ex = requireExercise(ws);
  if (Object.hasOwn(ex.fired, id)) throw new ExerciseError(`inject ${id} has already fired`);
  const payload = payloadOf(journaledScenario(ws), id);
  write([{ kind: 'exercise.inject', body: { inject: id, source: 'scenario', payload } }]);
  return `${id}: ${describeInject(payload)}`;
}

/** An inject the facilitator makes up on the spot; ids adhoc-1, adhoc-2, ... unless given. */
export function adhocInject(ws: Workspace, payload: InjectPayload, id?: string, write: ExerciseWriter = direct(ws)): string {
  const ex = requireExercise(ws);
  const taken = new Set([...Object.keys(ex.fired), ...Object.keys(ex.schedule)]);
  let chosen = id;
  for (let n = 1; chosen === undefined; n++) if (!taken.has(`adhoc-${n}`)) chosen = `adhoc-${n}`;
  write([{ kind: 'exercise.inject', body: { inject: chosen, source: 'adhoc', payload } }]);
  return `${chosen}: ${describeInject(payload)}`;
}

export function pauseExercise(ws: Workspace, write: ExerciseWriter = direct(ws)): void {
  write([{ kind: 'exercise.clock', body: { action: 'pause' } }]);
}

export function resumeExercise(ws: Workspace, write: ExerciseWriter = direct(ws)): void {
  write([{ kind: 'exercise.clock', body: { action: 'resume' } }]);
}

export function setSpeed(ws: Workspace, speed: number, write: ExerciseWriter = direct(ws)): void {
  write([{ kind: 'exercise.clock', body: { action: 'speed', speed } }]);
}

export function facilitatorNote(ws: Workspace, text: string, write: ExerciseWriter = direct(ws)): void {
  write([{ kind: 'exercise.note', body: { text } }]);
}

export function endExercise(ws: Workspace, reason = '', write: ExerciseWriter = direct(ws)): void {
  write([{ kind: 'exercise.end', body: { reason } }]);
}

/**
 * Let a member play a scenario participant: admitted (or updated) with the
 * participant's roles and teams, then cast, in one transaction.
 */
export function castParticipant(ws: Workspace, participant: string, key: string, name: string | undefined, write: ExerciseWriter = direct(ws)): void {
  const { participants } = journaledScenario(ws);
  const p = participants.find((x) => x.id === participant);
  if (p === undefined)
    throw new ExerciseError(`the scenario has no participant ${JSON.stringify(participant)}; known: ${participants.map((x) => x.id).join(', ')}`);
  const existing = own(ws.state.members, key);
  write([
    { kind: 'roster.memberPut', body: { member: key, name: name ?? existing?.name ?? p.name, roles: p.roles, teams: p.teams } },
    { kind: 'exercise.cast', body: { participant, member: key } },
  ]);
}
