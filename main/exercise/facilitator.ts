import { createHash } from 'node:crypto';
import type { Clock } from '../../shared/clock';
import type { EntryDraft } from '../../shared/entries';
import { describeInject, dueInjects, parseScenarioText, simOffsetAt, type InjectPayload, type Scenario } from '../../shared/exercise';
import { exerciseOf, type ExerciseState } from '../../shared/state';
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

export interface CastMember {
  key: string;
  name: string;
}

/**
 * Fill a fresh workspace for an exercise: the facilitator role for this
 * device, the catalog (all healthy), the policy, the cast, and exercise.start
 * with the exact scenario text. One transaction: all of it or nothing.
 */
export function setupExercise(ws: Workspace, loaded: LoadedScenario, opts: { seed: string; speed: number; cast: Record<string, CastMember> }): void {
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
  ws.appendMany(drafts);
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
export function fireDue(ws: Workspace, wall: Clock): string[] {
  ws.catchUp();
  const ex = requireExercise(ws);
  const due = dueInjects(ex, simOffsetAt(ex.segments, wall.now()));
  if (due.length === 0) return [];
  const scenario = journaledScenario(ws);
  const drafts = due.map((id): EntryDraft => ({ kind: 'exercise.inject', body: { inject: id, source: 'scenario', payload: payloadOf(scenario, id) } }));
  ws.appendMany(drafts);
  return due.map((id) => `${id}: ${describeInject(payloadOf(scenario, id))}`);
}

/** Fire a scenario inject now, ahead of its time. */
export function fireNow(ws: Workspace, id: string): string {
  const ex = requireExercise(ws);
  if (Object.hasOwn(ex.fired, id)) throw new ExerciseError(`inject ${id} has already fired`);
  const payload = payloadOf(journaledScenario(ws), id);
  ws.append('exercise.inject', { inject: id, source: 'scenario', payload });
  return `${id}: ${describeInject(payload)}`;
}

/** An inject the facilitator makes up on the spot; ids adhoc-1, adhoc-2, ... unless given. */
export function adhocInject(ws: Workspace, payload: InjectPayload, id?: string): string {
  const ex = requireExercise(ws);
  const taken = new Set([...Object.keys(ex.fired), ...Object.keys(ex.schedule)]);
  let chosen = id;
  for (let n = 1; chosen === undefined; n++) if (!taken.has(`adhoc-${n}`)) chosen = `adhoc-${n}`;
  ws.append('exercise.inject', { inject: chosen, source: 'adhoc', payload });
  return `${chosen}: ${describeInject(payload)}`;
}

export function pauseExercise(ws: Workspace): void {
  ws.append('exercise.clock', { action: 'pause' });
}

export function resumeExercise(ws: Workspace): void {
  ws.append('exercise.clock', { action: 'resume' });
}

export function setSpeed(ws: Workspace, speed: number): void {
  ws.append('exercise.clock', { action: 'speed', speed });
}

export function facilitatorNote(ws: Workspace, text: string): void {
  ws.append('exercise.note', { text });
}

export function endExercise(ws: Workspace, reason = ''): void {
  ws.append('exercise.end', { reason });
}
