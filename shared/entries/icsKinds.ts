import { z } from 'zod';
import { toHex, utf8 } from '../bytes';
import { ICS_STAFF_ROLES, commandersOf, icsFor, icsOf, type IcsStaffRole, type IncidentIcs } from '../state/icsState';
import { own, type Incident, type WorkspaceState } from '../state/state';
import { defineKind, type ApplyContext } from './kindSpec';
import { EntryRef, EpochMs, MemberKey, ShortText } from './ids';
import { COMMAND, PARTICIPANTS } from './roles';

// Incident Command System entries (issue 8). The workspace role gate (COMMAND
// or PARTICIPANTS) says who may write a kind at all; apply() then checks the
// ICS position the author holds in *this* incident, so a workspace
// "commander" who does not command this incident cannot direct it.

export const IcsRoleSchema = z.enum(['commander', ...ICS_STAFF_ROLES]);
const BriefingHash = z.string().regex(/^[0-9a-f]{64}$/, 'expected the SHA-256 of the briefing (64 hex digits)');
/** The ICS 201 briefing's Markdown, journaled whole so the record shows exactly what was said. */
const BriefingText = z.string().min(1).max(200_000);

function briefingMismatch(ctx: ApplyContext, body: { briefing: string; markdown: string }): string | void {
  if (toHex(ctx.hasher.sha256(utf8(body.markdown))) !== body.briefing) return 'briefing hash does not match the SHA-256 of the briefing text';
}

/** The live incident an ICS entry names, or why there is none. */
export function liveIncident(state: WorkspaceState, id: string): Incident | string {
  const incident = own(state.incidents, id);
  if (incident === undefined) return 'unknown incident';
  if (incident.status === 'resolved') return 'incident is resolved; reopen it first';
  return incident;
}

export function holds(ics: IncidentIcs, member: string, roles: readonly IcsStaffRole[]): boolean {
  return ics.assignments.some((a) => a.member === member && roles.includes(a.role));
}

function isAdmin(state: WorkspaceState, member: string): boolean {
  return own(state.members, member)?.roles.includes('admin') === true;
}

/** The commander(s) direct the incident; a workspace admin may too (e.g. to seat the first commander). */
function directs(state: WorkspaceState, incident: Incident, author: string): boolean {
  return commandersOf(state, incident).includes(author) || isAdmin(state, author);
}

function activeMember(state: WorkspaceState, key: string, what: string): string | void {
  const m = own(state.members, key);
  if (m === undefined || !m.active) return `${what} is not an active member of this workspace`;
}

function canCommand(state: WorkspaceState, key: string): string | void {
  const bad = activeMember(state, key, 'the new commander');
  if (bad) return bad;
  if (!own(state.members, key)?.roles.some((r) => COMMAND.includes(r))) return 'the new commander lacks the commander (or admin) workspace role';
}

const roleOrder = (r: IcsStaffRole) => ICS_STAFF_ROLES.indexOf(r);

export const icsAssign = defineKind({
  kind: 'ics.assign',
  body: z.strictObject({ incident: EntryRef, role: IcsRoleSchema, member: MemberKey }),
  roles: COMMAND,
  describe: (b, ctx) => `assigned ${ctx.who(b.member)} as ${b.role.replace(/_/g, ' ')}`,
  report: 'decision',
  apply(state, body, ctx) {
    const incident = liveIncident(state, body.incident);
    if (typeof incident === 'string') return incident;
    if (!directs(state, incident, ctx.author)) return 'only the incident commander or a workspace admin assigns ICS roles';
    if (body.role === 'commander') return seatCommander(state, incident, body.member, ctx);
    const bad = activeMember(state, body.member, 'the assignee');
    if (bad) return bad;
    // Read with icsOf and store with icsFor only once accepted: a rejected entry must not create the slice.
    const ics = icsOf(state, incident.id);
    if (holds(ics, body.member, [body.role])) return `that member already holds ${body.role}`;
    // One holder per position, as on an ICS 203; subject-matter experts are as many as needed.
    const holder = ics.assignments.find((a) => a.role === body.role);
    if (holder !== undefined && body.role !== 'specialist')
      return `${body.role} is held by ${own(state.members, holder.member)?.name ?? holder.member}; release them first`;
    const stored = icsFor(state, incident.id);
    stored.assignments.push({ role: body.role, member: body.member, since: ctx.at, by: ctx.author, entry: ctx.id });
    stored.assignments.sort((a, b) => roleOrder(a.role) - roleOrder(b.role) || (a.member < b.member ? -1 : a.member > b.member ? 1 : 0));
  },
});

function seatCommander(state: WorkspaceState, incident: Incident, member: string, ctx: ApplyContext): string | void {
  const bad = canCommand(state, member);
  if (bad) return bad;
  const commanders = commandersOf(state, incident);
  if (commanders.includes(member)) return 'that member is already in command';
  if (incident.commander === null) {
    incident.commander = member;
    incident.updatedAt = ctx.at;
    return;
  }
  if (!icsOf(state, incident.id).unified) return 'one incident commander at a time: hand over command, or switch to unified command first';
  const ics = icsFor(state, incident.id);
  ics.coCommanders = [...ics.coCommanders, member].sort();
}

export const icsRelease = defineKind({
  kind: 'ics.release',
  body: z.strictObject({ incident: EntryRef, role: IcsRoleSchema, member: MemberKey }),
  roles: PARTICIPANTS,
  describe: (b, ctx) => `released ${ctx.who(b.member)} from ${b.role.replace(/_/g, ' ')}`,
  apply(state, body, ctx) {
    const incident = liveIncident(state, body.incident);
    if (typeof incident === 'string') return incident;
    // Anyone may step down from a staff position; only command releases others.
    const self = body.member === ctx.author && body.role !== 'commander';
    if (!self && !directs(state, incident, ctx.author)) return 'only the incident commander or a workspace admin releases others from ICS roles';
    // Whatever this finds to release lives in a stored slice, so icsOf (which stores nothing) suffices.
    const ics = icsOf(state, incident.id);
    if (body.role !== 'commander') {
      const at = ics.assignments.findIndex((a) => a.role === body.role && a.member === body.member);
      if (at < 0) return `that member does not hold ${body.role}`;
      ics.assignments.splice(at, 1);
      return;
    }
    if (ics.coCommanders.includes(body.member)) {
      ics.coCommanders = ics.coCommanders.filter((c) => c !== body.member);
    } else if (incident.commander === body.member) {
      const [next, ...rest] = ics.coCommanders;
      if (next === undefined) return 'the only incident commander cannot be released: hand over command instead';
      incident.commander = next;
      ics.coCommanders = rest;
      incident.updatedAt = ctx.at;
    } else {
      return 'that member is not in command';
    }
    if (ics.handover?.from === body.member) ics.handover = null;
  },
});

export const icsUnified = defineKind({
  kind: 'ics.unified',
  body: z.strictObject({ incident: EntryRef, on: z.boolean() }),
  roles: COMMAND,
  describe: (b) => `${b.on ? 'began' : 'ended'} unified command`,
  report: 'decision',
  apply(state, body, ctx) {
    const incident = liveIncident(state, body.incident);
    if (typeof incident === 'string') return incident;
    if (!directs(state, incident, ctx.author)) return 'only the incident commander or a workspace admin switches unified command';
    const ics = icsOf(state, incident.id);
    if (ics.unified === body.on) return `unified command is already ${body.on ? 'on' : 'off'}`;
    if (!body.on && ics.coCommanders.length > 0) return `${ics.coCommanders.length} other commander(s) are still in unified command; release them first`;
    icsFor(state, incident.id).unified = body.on;
  },
});

export const icsHandoverOffer = defineKind({
  kind: 'ics.handoverOffer',
  body: z.strictObject({ incident: EntryRef, to: MemberKey, briefing: BriefingHash, markdown: BriefingText }),
  roles: COMMAND,
  describe: (b, ctx) => `offered command to ${ctx.who(b.to)} with briefing ${b.briefing.slice(0, 12)}`,
  report: 'decision',
  apply(state, body, ctx) {
    const incident = liveIncident(state, body.incident);
    if (typeof incident === 'string') return incident;
    const commanders = commandersOf(state, incident);
    if (!commanders.includes(ctx.author)) return 'only a commander of this incident hands over command (an admin may take command instead)';
    const bad = canCommand(state, body.to);
    if (bad) return bad;
    if (commanders.includes(body.to)) return 'the incoming commander is already in command';
    const mismatch = briefingMismatch(ctx, body);
    if (mismatch) return mismatch;
    // A newer offer replaces an unanswered one: only the latest briefing can be accepted.
    icsFor(state, incident.id).handover = { entry: ctx.id, from: ctx.author, to: body.to, briefing: body.briefing, at: ctx.at };
  },
});

export const icsHandoverAccept = defineKind({
  kind: 'ics.handoverAccept',
  body: z.strictObject({ incident: EntryRef, offer: EntryRef, briefing: BriefingHash }),
  roles: COMMAND,
  describe: (b) => `accepted command with briefing ${b.briefing.slice(0, 12)}`,
  report: 'decision',
  apply(state, body, ctx) {
    const incident = liveIncident(state, body.incident);
    if (typeof incident === 'string') return incident;
    const ics = icsOf(state, incident.id);
    const offer = ics.handover;
    if (offer === null) return 'no handover of this incident is pending';
    if (offer.entry !== body.offer) return 'that offer is not the pending handover (it was replaced, withdrawn or never made)';
    if (offer.to !== ctx.author) return 'the handover was not addressed to you';
    if (offer.briefing !== body.briefing) return 'the briefing hash differs from the one the outgoing commander journaled';
    if (!commandersOf(state, incident).includes(offer.from)) return 'the offering commander is no longer in command';
    if (incident.commander === offer.from) incident.commander = ctx.author;
    else ics.coCommanders = ics.coCommanders.map((c) => (c === offer.from ? ctx.author : c)).sort();
    incident.updatedAt = ctx.at;
    ics.handover = null;
    ics.handovers.push({ offer: offer.entry, entry: ctx.id, from: offer.from, to: ctx.author, briefing: offer.briefing, at: ctx.at, taken: false, reason: '' });
  },
});

export const icsTakeCommand = defineKind({
  kind: 'ics.takeCommand',
  body: z.strictObject({ incident: EntryRef, briefing: BriefingHash, markdown: BriefingText, reason: ShortText }),
  roles: COMMAND,
  describe: (b) => `took command: ${b.reason}`,
  report: 'decision',
  apply(state, body, ctx) {
    const incident = liveIncident(state, body.incident);
    if (typeof incident === 'string') return incident;
    const commanders = commandersOf(state, incident);
    if (commanders.includes(ctx.author)) return 'you are already in command';
    // Without an offer only an admin may displace a commander (the outgoing one may be
    // unreachable); anyone with the commander role may take an incident nobody commands.
    if (incident.commander !== null && !isAdmin(state, ctx.author))
      return 'the incident has a commander: ask them to hand over command (only an admin may take it)';
    const mismatch = briefingMismatch(ctx, body);
    if (mismatch) return mismatch;
    const ics = icsFor(state, incident.id);
    const from = incident.commander;
    incident.commander = ctx.author;
    incident.updatedAt = ctx.at;
    ics.handover = null;
    ics.handovers.push({ offer: null, entry: ctx.id, from, to: ctx.author, briefing: body.briefing, at: ctx.at, taken: true, reason: body.reason });
  },
});

export const icsPeriodStart = defineKind({
  kind: 'ics.periodStart',
  body: z.strictObject({ incident: EntryRef, start: EpochMs, end: EpochMs }).refine((b) => b.end > b.start, { message: 'the period must end after it starts' }),
  roles: COMMAND,
  describe: (b) => `started an operational period of ${Math.round((b.end - b.start) / 60_000)} min`,
  report: 'decision',
  apply(state, body, ctx) {
    const incident = liveIncident(state, body.incident);
    if (typeof incident === 'string') return incident;
    if (!commandersOf(state, incident).includes(ctx.author)) return 'only the incident commander opens an operational period';
    const previous = icsOf(state, incident.id).periods.at(-1);
    if (previous !== undefined && body.start < previous.start) return `period ${previous.number + 1} cannot start before period ${previous.number}`;
    if (previous !== undefined && previous.closedAt === null) previous.closedAt = ctx.at;
    const ics = icsFor(state, incident.id);
    ics.periods.push({
      id: ctx.id,
      number: ics.periods.length + 1,
      start: body.start,
      end: body.end,
      startedBy: ctx.author,
      closedAt: null,
      commsPlan: '',
      objectives: [],
    });
  },
});
