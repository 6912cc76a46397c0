import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Clock } from '../../shared/clock';
import { generateKeyPair, nodeCrypto } from '../crypto';
import { policyHash } from '../../shared/approvals';
import { CatalogFileSchema, YamlFileError, catalogEntries, catalogProblem, readYamlFile } from '../catalog';
import { IcsRoleSchema, ObjectiveStatusSchema, ROLES, type EntryDraft } from '../../shared/entries';
import { DEMO_APPROVER } from './demoApprover';
import type { Workspace } from './workspace';

const DemoIncidentSchema = z.strictObject({
  people: z.array(z.strictObject({ name: z.string().min(1), roles: z.array(z.enum(ROLES)).min(1), teams: z.array(z.string()).default([]) })),
  incident: z.strictObject({
    title: z.string().min(1),
    severity: z.number().int().min(1).max(5),
    status: z.enum(['investigating', 'identified', 'mitigating', 'monitoring']),
    summary: z.string().default(''),
  }),
  statuses: z.array(z.strictObject({ service: z.string(), status: z.enum(['healthy', 'degraded', 'down', 'unknown']), reason: z.string().default('') })),
  tasks: z.array(
    z.strictObject({
      title: z.string().min(1),
      assignee: z.union([z.strictObject({ team: z.string() }), z.strictObject({ person: z.string() })]).optional(),
      status: z.enum(['open', 'in_progress', 'blocked', 'done', 'cancelled']).default('open'),
      dueInMinutes: z.number().int().positive().optional(),
    }),
  ),
  notes: z.array(z.strictObject({ text: z.string().min(1), service: z.string().optional() })).default([]),
  ics: z
    .strictObject({
      roles: z.array(z.strictObject({ role: IcsRoleSchema, person: z.string() })).default([]),
      periodHours: z.number().positive().max(48),
      objectives: z.array(z.strictObject({ text: z.string().min(1), owner: z.string().optional(), status: ObjectiveStatusSchema.default('open') })).default([]),
      commsPlan: z.string().default(''),
    })
    .optional(),
});

/**
 * Fill a new workspace with the bundled demo: the shop catalog, a roster of
 * responders and one live incident, so a first run shows something real.
 * Demo people get fresh public keys whose private halves are discarded: they
 * appear on the roster and take assignments, but cannot sign. `approver`,
 * when given, is the public key of the demo approver this device keeps a key
 * for (demoApprover.ts): a member who can really approve.
 */
export function loadDemo(ws: Workspace, resources: string, clock: Clock, opts: { approver?: string } = {}): { incident: string } {
  const catalogFile = join(resources, 'demo', 'catalog.yaml');
  const catalog = readYamlFile(catalogFile, CatalogFileSchema);
  const problem = catalogProblem(catalog);
  if (problem !== null) throw new YamlFileError(catalogFile, null, problem);
  const demo = readYamlFile(join(resources, 'demo', 'incident.yaml'), DemoIncidentSchema);

  const people = new Map(demo.people.map((p) => [p.name, generateKeyPair().publicKey] as const));
  // The bundled approval policy, so actions can be requested (and are judged) from the first run.
  const policyText = readFileSync(join(resources, 'policies', 'default.yaml'), 'utf8');
  const setup: EntryDraft[] = [
    { kind: 'policy.publish', body: { text: policyText, hash: policyHash(nodeCrypto, policyText) } },
    ...catalogEntries(catalog),
    ...demo.people.map((p): EntryDraft => ({ kind: 'roster.memberPut', body: { member: people.get(p.name)!, name: p.name, roles: p.roles, teams: p.teams } })),
    ...(opts.approver === undefined
      ? []
      : [
          {
            kind: 'roster.memberPut',
            body: { member: opts.approver, name: DEMO_APPROVER.name, roles: [...DEMO_APPROVER.roles], teams: [...DEMO_APPROVER.teams] },
          } satisfies EntryDraft,
        ]),
    ...catalog.services.map((s): EntryDraft => ({ kind: 'service.status', body: { service: s.id, status: 'healthy' } })),
  ];
  ws.appendMany(setup);

  const [opened] = ws.appendMany([
    { kind: 'incident.open', body: { title: demo.incident.title, severity: demo.incident.severity, summary: demo.incident.summary } },
  ]);
  const incident = opened!.id;
  const now = clock.now();
  const live: EntryDraft[] = [
    { kind: 'incident.update', body: { incident, status: demo.incident.status } },
    ...demo.statuses.map((s): EntryDraft => ({ kind: 'service.status', body: { service: s.service, status: s.status, reason: s.reason, incident } })),
    ...demo.notes.map((n): EntryDraft => ({ kind: 'note.add', body: { text: n.text, incident, service: n.service ?? null } })),
  ];
  ws.appendMany(live);
  for (const t of demo.tasks) {
    const assignee = t.assignee === undefined ? null : 'team' in t.assignee ? { team: t.assignee.team } : { member: personKey(people, t.assignee.person) };
    const [task] = ws.appendMany([
      { kind: 'task.create', body: { incident, title: t.title, assignee, due: t.dueInMinutes ? now + t.dueInMinutes * 60_000 : null } },
    ]);
    if (t.status !== 'open') ws.append('task.status', { task: task!.id, status: t.status });
  }
  if (demo.ics !== undefined) loadDemoIcs(ws, demo.ics, incident, people, now);
  return { incident };
}

function personKey(people: Map<string, string>, name: string): string {
  const key = people.get(name);
  if (key === undefined) throw new YamlFileError('incident.yaml', null, `task assigned to unknown person ${name}`);
  return key;
}

/** ICS positions and a first operational period, written by the creator, who commands the demo incident. */
function loadDemoIcs(
  ws: Workspace,
  ics: NonNullable<z.infer<typeof DemoIncidentSchema>['ics']>,
  incident: string,
  people: Map<string, string>,
  now: number,
): void {
  ws.appendMany([
    ...ics.roles.map((r): EntryDraft => ({ kind: 'ics.assign', body: { incident, role: r.role, member: personKey(people, r.person) } })),
    { kind: 'ics.periodStart', body: { incident, start: now, end: now + Math.round(ics.periodHours * 3_600_000) } },
    ...(ics.commsPlan === '' ? [] : [{ kind: 'ics.commsPlan', body: { incident, text: ics.commsPlan } } as const]),
  ]);
  for (const o of ics.objectives) {
    const owner = o.owner === undefined ? null : personKey(people, o.owner);
    const [added] = ws.appendMany([{ kind: 'ics.objectiveAdd', body: { incident, text: o.text, owner } }]);
    if (o.status !== 'open') ws.append('ics.objectiveUpdate', { incident, objective: added!.id, status: o.status });
  }
}
