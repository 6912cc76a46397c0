import { z } from 'zod';
import { own } from '../state/state';
import { defineKind, quote, suffix } from './kindSpec';
import { EntryRef, LongText, MemberKey, ShortText } from './ids';
import { COMMAND, RESPONDERS } from './roles';

export const Severity = z.number().int().min(1).max(5);
export const OpenStatus = z.enum(['investigating', 'identified', 'mitigating', 'monitoring']);

export const incidentOpen = defineKind({
  kind: 'incident.open',
  body: z.strictObject({ title: ShortText, severity: Severity, summary: LongText.default('') }),
  roles: RESPONDERS,
  describe: (b) => `opened incident ${quote(b.title)} at SEV${b.severity}`,
  report: 'decision',
  apply(state, body, ctx) {
    const author = own(state.members, ctx.author);
    state.incidents[ctx.id] = {
      id: ctx.id,
      title: body.title,
      severity: body.severity,
      status: 'investigating',
      summary: body.summary,
      // Whoever opens an incident commands it until command is handed over, if they may.
      commander: author?.roles.some((r) => COMMAND.includes(r)) ? ctx.author : null,
      openedAt: ctx.at,
      openedBy: ctx.author,
      updatedAt: ctx.at,
      resolvedAt: null,
      resolution: null,
    };
  },
});

export const incidentUpdate = defineKind({
  kind: 'incident.update',
  body: z
    .strictObject({
      incident: EntryRef,
      title: ShortText.optional(),
      severity: Severity.optional(),
      status: OpenStatus.optional(),
      summary: LongText.optional(),
    })
    .refine((b) => b.title !== undefined || b.severity !== undefined || b.status !== undefined || b.summary !== undefined, {
      message: 'nothing to update',
    }),
  roles: COMMAND,
  describe: (b) => {
    const parts = [
      b.severity !== undefined ? `severity SEV${b.severity}` : '',
      b.status !== undefined ? `status ${b.status}` : '',
      b.title !== undefined ? `title ${quote(b.title)}` : '',
      b.summary !== undefined ? 'summary' : '',
    ].filter(Boolean);
    return `updated the incident: ${parts.join(', ')}`;
  },
  report: 'decision',
  apply(state, body, ctx) {
    const incident = own(state.incidents, body.incident);
    if (incident === undefined) return 'unknown incident';
    if (incident.status === 'resolved') return 'incident is resolved; reopen it first';
    if (body.title !== undefined) incident.title = body.title;
    if (body.severity !== undefined) incident.severity = body.severity;
    if (body.status !== undefined) incident.status = body.status;
    if (body.summary !== undefined) incident.summary = body.summary;
    incident.updatedAt = ctx.at;
  },
});

export const incidentCommander = defineKind({
  kind: 'incident.commander',
  body: z.strictObject({ incident: EntryRef, commander: MemberKey }),
  roles: COMMAND,
  describe: (b, ctx) => `handed command to ${ctx.who(b.commander)}`,
  report: 'decision',
  apply(state, body, ctx) {
    const incident = own(state.incidents, body.incident);
    if (incident === undefined) return 'unknown incident';
    if (incident.status === 'resolved') return 'incident is resolved';
    const member = own(state.members, body.commander);
    if (member === undefined || !member.active) return 'new commander is not an active member';
    if (!member.roles.some((r) => COMMAND.includes(r))) return 'new commander lacks the commander role';
    incident.commander = body.commander;
    incident.updatedAt = ctx.at;
  },
});

export const incidentResolve = defineKind({
  kind: 'incident.resolve',
  body: z.strictObject({ incident: EntryRef, resolution: LongText.default('') }),
  roles: COMMAND,
  describe: (b) => `resolved the incident${suffix(b.resolution)}`,
  report: 'decision',
  apply(state, body, ctx) {
    const incident = own(state.incidents, body.incident);
    if (incident === undefined) return 'unknown incident';
    if (incident.status === 'resolved') return 'incident is already resolved';
    incident.status = 'resolved';
    incident.resolvedAt = ctx.at;
    incident.resolution = body.resolution;
    incident.updatedAt = ctx.at;
  },
});

export const incidentReopen = defineKind({
  kind: 'incident.reopen',
  body: z.strictObject({ incident: EntryRef, reason: LongText.default('') }),
  roles: COMMAND,
  describe: (b) => `reopened the incident${suffix(b.reason)}`,
  report: 'decision',
  apply(state, body, ctx) {
    const incident = own(state.incidents, body.incident);
    if (incident === undefined) return 'unknown incident';
    if (incident.status !== 'resolved') return 'incident is not resolved';
    incident.status = 'investigating';
    incident.resolvedAt = null;
    incident.resolution = null;
    incident.updatedAt = ctx.at;
  },
});
