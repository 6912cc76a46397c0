import { z } from 'zod';
import { own, edgeKey, type EdgeType, type WorkspaceState } from '../state/state';
import { defineKind } from './kindSpec';
import { EntryRef, ShortText, Slug } from './ids';
import { COMMAND } from './roles';

export const EdgeTypeSchema = z.enum(['dependsOn', 'ownedBy']);

export const teamPut = defineKind({
  kind: 'catalog.teamPut',
  body: z.strictObject({ team: Slug, name: ShortText, channel: z.string().max(200).default('') }),
  roles: COMMAND,
  report: 'setup',
  apply(state, body) {
    state.teams[body.team] = { id: body.team, name: body.name, channel: body.channel };
  },
});

export const servicePut = defineKind({
  kind: 'catalog.servicePut',
  body: z.strictObject({
    service: Slug,
    name: ShortText,
    description: z.string().max(2000).default(''),
    tier: z.number().int().min(1).max(4).nullable().default(null),
  }),
  roles: COMMAND,
  report: 'setup',
  apply(state, body) {
    const existing = own(state.services, body.service);
    state.services[body.service] = {
      id: body.service,
      name: body.name,
      description: body.description,
      tier: body.tier,
      retired: false,
      status: existing?.status ?? 'unknown',
      statusSince: existing?.statusSince ?? null,
      statusIncident: existing?.statusIncident ?? null,
      history: existing?.history ?? [],
    };
  },
});

export const serviceRetire = defineKind({
  kind: 'catalog.serviceRetire',
  body: z.strictObject({ service: Slug }),
  roles: COMMAND,
  report: 'setup',
  apply(state, body) {
    const service = own(state.services, body.service);
    if (service === undefined) return 'unknown service';
    if (service.retired) return 'service is already retired';
    service.retired = true;
  },
});

function checkEndpoints(state: WorkspaceState, type: EdgeType, from: string, to: string): string | void {
  if (own(state.services, from) === undefined) return `unknown service ${from}`;
  if (type === 'dependsOn' && own(state.services, to) === undefined) return `unknown service ${to}`;
  if (type === 'ownedBy' && own(state.teams, to) === undefined) return `unknown team ${to}`;
  if (type === 'dependsOn' && from === to) return 'a service cannot depend on itself';
}

export const edgeAdd = defineKind({
  kind: 'catalog.edgeAdd',
  body: z.strictObject({ type: EdgeTypeSchema, from: Slug, to: Slug }),
  roles: COMMAND,
  report: 'setup',
  apply(state, body, ctx) {
    const bad = checkEndpoints(state, body.type, body.from, body.to);
    if (bad) return bad;
    const key = edgeKey(body.type, body.from, body.to);
    const edge = own(state.edges, key) ?? { type: body.type, from: body.from, to: body.to, tags: [] };
    edge.tags = [...edge.tags, ctx.id].sort();
    state.edges[key] = edge;
  },
});

export const edgeRemove = defineKind({
  kind: 'catalog.edgeRemove',
  // observed: the add entries this writer saw; a concurrent add it did not see survives (add-wins).
  body: z.strictObject({ type: EdgeTypeSchema, from: Slug, to: Slug, observed: z.array(EntryRef).min(1).max(1000) }),
  roles: COMMAND,
  report: 'setup',
  apply(state, body) {
    const key = edgeKey(body.type, body.from, body.to);
    const edge = own(state.edges, key);
    if (edge === undefined) return 'no such edge';
    const observed = new Set(body.observed);
    const remaining = edge.tags.filter((t) => !observed.has(t));
    if (remaining.length === edge.tags.length) return 'edge has none of the observed adds';
    if (remaining.length === 0) delete state.edges[key];
    else edge.tags = remaining;
  },
});
