import { z } from 'zod';
import { commandersOf, currentPeriod, icsOf, type IncidentIcs, type OperationalPeriod } from '../state/icsState';
import { own, type Incident, type WorkspaceState } from '../state/state';
import { defineKind, quote } from './kindSpec';
import { EntryRef, LongText, MemberKey, ShortText } from './ids';
import { holds, liveIncident } from './icsKinds';
import { PARTICIPANTS } from './roles';

// The written parts of an operational period (issue 8): ICS 202 objectives and
// the ICS 205 communications plan note. They belong to the period open when
// they are written; a closed period's plan is a record and no longer changes.
// Reads go through icsOf (which stores nothing): a writable period exists only
// in a stored slice, so a rejected entry leaves the state untouched.

export const ObjectiveStatusSchema = z.enum(['open', 'in_progress', 'met', 'not_met', 'dropped']);

/** Who writes the plan: command, the deputy and the planning section. */
function plans(state: WorkspaceState, incident: Incident, ics: IncidentIcs, author: string): boolean {
  return commandersOf(state, incident).includes(author) || holds(ics, author, ['deputy', 'planning']);
}

/** The open period, checked against the one the writer named (if any). */
function openPeriod(ics: IncidentIcs, named: string | undefined): OperationalPeriod | string {
  const current = currentPeriod(ics);
  if (named !== undefined) {
    const period = ics.periods.find((p) => p.id === named);
    if (period === undefined) return 'unknown operational period';
    if (period !== current) return `operational period ${period.number} is closed`;
  }
  return current ?? 'no operational period is open: the commander starts one first';
}

function ownerProblem(state: WorkspaceState, owner: string | null | undefined): string | void {
  if (owner === null || owner === undefined) return;
  const m = own(state.members, owner);
  if (m === undefined || !m.active) return 'the owner is not an active member of this workspace';
}

export const icsObjectiveAdd = defineKind({
  kind: 'ics.objectiveAdd',
  body: z.strictObject({ incident: EntryRef, text: ShortText, owner: MemberKey.nullable().default(null), period: EntryRef.optional() }),
  roles: PARTICIPANTS,
  describe: (b, ctx) => `added objective ${quote(b.text)}${b.owner === null ? '' : ` for ${ctx.who(b.owner)}`}`,
  report: 'decision',
  apply(state, body, ctx) {
    const incident = liveIncident(state, body.incident);
    if (typeof incident === 'string') return incident;
    const ics = icsOf(state, incident.id);
    if (!plans(state, incident, ics, ctx.author)) return 'only the commander, deputy or planning lead sets objectives';
    const period = openPeriod(ics, body.period);
    if (typeof period === 'string') return period;
    const bad = ownerProblem(state, body.owner);
    if (bad) return bad;
    ics.objectives[ctx.id] = { id: ctx.id, period: period.id, text: body.text, owner: body.owner, status: 'open', createdBy: ctx.author, updatedAt: ctx.at };
    period.objectives.push(ctx.id);
  },
});

export const icsObjectiveUpdate = defineKind({
  kind: 'ics.objectiveUpdate',
  body: z
    .strictObject({
      incident: EntryRef,
      objective: EntryRef,
      text: ShortText.optional(),
      owner: MemberKey.nullable().optional(),
      status: ObjectiveStatusSchema.optional(),
    })
    .refine((b) => b.text !== undefined || b.owner !== undefined || b.status !== undefined, { message: 'nothing to update' }),
  roles: PARTICIPANTS,
  describe: (b) => `updated an objective${b.text === undefined ? '' : ` to ${quote(b.text)}`}${b.status === undefined ? '' : `: ${b.status}`}`,
  apply(state, body, ctx) {
    const incident = liveIncident(state, body.incident);
    if (typeof incident === 'string') return incident;
    const ics = icsOf(state, incident.id);
    const objective = own(ics.objectives, body.objective);
    if (objective === undefined) return 'unknown objective for this incident';
    // The owner reports progress on their objective; changing it is for whoever plans.
    const ownerReporting = objective.owner === ctx.author && body.text === undefined && body.owner === undefined;
    if (!ownerReporting && !plans(state, incident, ics, ctx.author))
      return 'only the commander, deputy, planning lead (or the owner, for its status) updates an objective';
    const period = openPeriod(ics, objective.period);
    if (typeof period === 'string') return period;
    const bad = ownerProblem(state, body.owner);
    if (bad) return bad;
    if (body.text !== undefined) objective.text = body.text;
    if (body.owner !== undefined) objective.owner = body.owner;
    if (body.status !== undefined) objective.status = body.status;
    objective.updatedAt = ctx.at;
  },
});

export const icsCommsPlan = defineKind({
  kind: 'ics.commsPlan',
  body: z.strictObject({ incident: EntryRef, text: LongText, period: EntryRef.optional() }),
  roles: PARTICIPANTS,
  describe: () => 'updated the communications plan',
  apply(state, body, ctx) {
    const incident = liveIncident(state, body.incident);
    if (typeof incident === 'string') return incident;
    const ics = icsOf(state, incident.id);
    if (!plans(state, incident, ics, ctx.author) && !holds(ics, ctx.author, ['communications'])) {
      return 'only the commander, deputy, planning or communications lead writes the communications plan';
    }
    const period = openPeriod(ics, body.period);
    if (typeof period === 'string') return period;
    period.commsPlan = body.text;
  },
});
