import { z } from 'zod';
import { own, STATUS_HISTORY_LIMIT } from '../state/state';
import { defineKind, suffix } from './kindSpec';
import { EntryRef, Slug } from './ids';
import { RESPONDERS } from './roles';

export const ServiceStatusSchema = z.enum(['healthy', 'degraded', 'down', 'unknown']);

export const serviceStatus = defineKind({
  kind: 'service.status',
  body: z.strictObject({
    service: Slug,
    status: ServiceStatusSchema,
    reason: z.string().max(2000).default(''),
    incident: EntryRef.nullable().default(null),
  }),
  roles: RESPONDERS,
  describe: (b) => `marked ${b.service} ${b.status}${suffix(b.reason)}`,
  apply(state, body, ctx) {
    const service = own(state.services, body.service);
    if (service === undefined) return 'unknown service';
    if (service.retired) return 'service is retired';
    if (body.incident !== null && own(state.incidents, body.incident) === undefined) return 'unknown incident';
    if (service.status !== body.status) service.statusSince = ctx.at;
    service.status = body.status;
    service.statusIncident = body.incident;
    service.history = [{ status: body.status, at: ctx.at, by: ctx.author, reason: body.reason, entry: ctx.id }, ...service.history].slice(
      0,
      STATUS_HISTORY_LIMIT,
    );
  },
});
