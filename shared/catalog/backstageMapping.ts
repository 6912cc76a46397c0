import { Slug } from '../entries/ids';
import { own, type WorkspaceState } from '../state/state';
import type { LocatedEntity, SourceNote } from './backstageDocuments';
import { parseEntityRef, refKey, type EntityRef } from './backstageRef';
import type { BackstageEntity } from './backstageSchema';
import type { DesiredCatalog, DesiredEdge, DesiredService, DesiredTeam } from './catalogDiff';

// Backstage entities → the desired catalog (docs/backstage-import.md):
//   Component, Resource → a service named like the entity;
//   API → a service `api.<name>`, System → a service `system.<name>`
//     (both share names with components in practice: petstore, wayback-archive);
//   Group → a team; a non-default namespace prefixes the id: `<ns>.<name>`.
// Edges, pointing the way blast radius flows (X dependsOn Y: Y down hurts X):
//   spec.owner (a Group)          X ownedBy team
//   spec.dependsOn                X dependsOn target
//   spec.consumesApis             X dependsOn api.<api>
//   spec.providesApis             api.<api> dependsOn X   (an API is down when its provider is)
//   spec.system                   system.<s> dependsOn X  (a system is hurt by any of its parts)
// Each edge is declared by one entity: the one whose file names it. An
// import speaks for (may remove) exactly the edges declared by entities it
// holds, so importing one file of many removes nothing the others declared.

const SERVICE_KINDS: readonly string[] = ['component', 'resource', 'api', 'system'];
/** Kinds whose outgoing dependsOn edges are declared by the other end (providesApis, spec.system). */
const AGGREGATE_KINDS: readonly string[] = ['api', 'system'];
const ID_PREFIX: Readonly<Record<string, string>> = { api: 'api.', system: 'system.' };
const MAX_DESCRIPTION = 2000;
const MAX_NAME = 200;

export interface ImportedEntity {
  ref: string;
  id: string;
  file: string;
  line: number;
}

export interface BackstagePlan {
  desired: DesiredCatalog;
  /** What was imported: services and teams, by entity ref. */
  imported: ImportedEntity[];
  /** Things imported partly or not at all, with where and why (never fatal). */
  notes: SourceNote[];
  /** Problems that stop the import: nothing is written when there is one. */
  errors: SourceNote[];
}

/** The service or team id an entity ref maps to (not checked against the slug rules). */
export function catalogIdOf(ref: EntityRef): string {
  const namespace = ref.namespace === 'default' ? '' : `${ref.namespace}.`;
  return `${ID_PREFIX[ref.kind] ?? ''}${namespace}${ref.name}`;
}

function selfRef(e: BackstageEntity): EntityRef {
  return { kind: e.kind.toLowerCase(), namespace: e.metadata.namespace.toLowerCase(), name: e.metadata.name.toLowerCase() };
}

export function planBackstageImport(entities: readonly LocatedEntity[], state: Readonly<WorkspaceState>): BackstagePlan {
  const notes: SourceNote[] = [];
  const errors: SourceNote[] = [];
  const at = (le: LocatedEntity, path: (string | number)[], message: string): SourceNote => ({ file: le.file, line: le.lineOf(path), message });

  // Index the entities; a ref or an id used twice is ambiguous, so fatal.
  const byRef = new Map<string, LocatedEntity>();
  const idOwners = new Map<string, { key: string; le: LocatedEntity }>();
  const kindOfService = new Map<string, string>();
  const teamIds = new Set<string>();
  const usable: { le: LocatedEntity; self: EntityRef; id: string }[] = [];
  for (const le of entities) {
    const self = selfRef(le.entity);
    const key = refKey(self);
    const dup = byRef.get(key);
    if (dup !== undefined) {
      errors.push(at(le, ['metadata', 'name'], `${key} is defined twice (also at ${dup.file}:${dup.line})`));
      continue;
    }
    byRef.set(key, le);
    const id = catalogIdOf(self);
    if (!Slug.safeParse(id).success) {
      errors.push(at(le, ['metadata', 'name'], `${key}: id ${id} is not a valid service or team id (at most 80 characters)`));
      continue;
    }
    const space = `${self.kind === 'group' ? 'team' : 'service'} ${id}`;
    const clash = idOwners.get(space);
    if (clash !== undefined) {
      errors.push(at(le, ['metadata', 'name'], `${key} and ${clash.key} (${clash.le.file}:${clash.le.line}) would both become ${space}`));
      continue;
    }
    idOwners.set(space, { key, le });
    if (self.kind === 'group') teamIds.add(id);
    else kindOfService.set(id, self.kind);
    usable.push({ le, self, id });
  }

  const teams: DesiredTeam[] = [];
  const services: DesiredService[] = [];
  const edges: DesiredEdge[] = [];
  const placeholders = new Set<string>();
  const imported: ImportedEntity[] = [];

  const resolve = (le: LocatedEntity, path: (string | number)[], text: string, defaultKind?: string): EntityRef | null => {
    const parsed = parseEntityRef(text, { defaultKind, defaultNamespace: le.entity.metadata.namespace });
    if (!parsed.ok) errors.push(at(le, path, `${path.join('.')}: ${parsed.reason}`));
    return parsed.ok ? parsed.ref : null;
  };
  const field = (path: (string | number)[]) => path.join('.');

  const placeholderServices = new Set<string>();
  /**
   * The service a ref points at, if this import or the workspace has it. An
   * API that is only named (provided or consumed) is created under its id:
   * naming it is declaring it, and it is the junction between both sides.
   * Anything else missing is likely a typo or a file left out: a note, no edge.
   */
  const serviceTarget = (le: LocatedEntity, path: (string | number)[], ref: EntityRef): string | null => {
    const key = refKey(ref);
    if (!SERVICE_KINDS.includes(ref.kind)) {
      notes.push(at(le, path, `${field(path)}: ${key} is not a component, resource, API or system; no edge`));
      return null;
    }
    const id = catalogIdOf(ref);
    if (!Slug.safeParse(id).success) {
      errors.push(at(le, path, `${field(path)}: ${key} does not make a valid service id`));
      return null;
    }
    if (byRef.has(key) || own(state.services, id) !== undefined || placeholderServices.has(id)) return id;
    if (ref.kind === 'api') {
      placeholderServices.add(id);
      const description = `Backstage API, only referred to (${field(path)} of ${refKey(selfRef(le.entity))})`;
      services.push({ id, name: ref.name, description, placeholder: true });
      notes.push(at(le, path, `${field(path)}: ${key} is not in this import; service ${id} created under its id`));
      return id;
    }
    notes.push(at(le, path, `${field(path)}: ${key} is neither in this import nor in the workspace; no edge`));
    return null;
  };

  const addOwner = (le: LocatedEntity, id: string, text: string) => {
    const path = ['spec', 'owner'];
    const ref = resolve(le, path, text, 'group');
    if (ref === null) return;
    if (ref.kind !== 'group') {
      const why = ref.kind === 'user' ? 'a person; only teams own services here' : 'not a Group';
      notes.push(at(le, path, `spec.owner: ${refKey(ref)} is ${why}; no owner edge`));
      return;
    }
    const team = catalogIdOf(ref);
    if (!Slug.safeParse(team).success) {
      errors.push(at(le, path, `spec.owner: ${refKey(ref)} does not make a valid team id`));
      return;
    }
    if (!teamIds.has(team) && own(state.teams, team) === undefined && !placeholders.has(team)) {
      placeholders.add(team);
      teams.push({ id: team, name: null });
      notes.push(at(le, path, `spec.owner: group ${refKey(ref)} is not in this import; team ${team} created under its id`));
    }
    edges.push({ type: 'ownedBy', from: id, to: team });
  };

  const addDependency = (le: LocatedEntity, path: (string | number)[], from: string | null, to: string | null) => {
    if (from === null || to === null) return;
    if (from === to) notes.push(at(le, path, `${field(path)}: ${from} would depend on itself; no edge`));
    else edges.push({ type: 'dependsOn', from, to });
  };

  for (const { le, self, id } of usable) {
    const e = le.entity;
    imported.push({ ref: refKey(self), id, file: le.file, line: le.line });
    if (e.kind === 'Group') {
      const name = displayName([e.spec.profile?.displayName, e.metadata.title], e.metadata.name);
      teams.push({ id, name, channel: e.spec.profile?.email });
      continue;
    }
    services.push({ id, name: displayName([e.metadata.title], e.metadata.name), description: describe(e) });
    addOwner(le, id, e.spec.owner);
    if (e.kind === 'Component' || e.kind === 'Resource') {
      e.spec.dependsOn.forEach((text, i) => {
        const path = ['spec', 'dependsOn', i];
        const ref = resolve(le, path, text);
        addDependency(le, path, id, ref && serviceTarget(le, path, ref));
      });
    }
    if (e.kind === 'Component') {
      e.spec.consumesApis.forEach((text, i) => {
        const path = ['spec', 'consumesApis', i];
        const ref = resolve(le, path, text, 'api');
        addDependency(le, path, id, ref && serviceTarget(le, path, ref));
      });
      e.spec.providesApis.forEach((text, i) => {
        const path = ['spec', 'providesApis', i];
        const ref = resolve(le, path, text, 'api');
        addDependency(le, path, ref && serviceTarget(le, path, ref), id);
      });
    }
    if (e.kind !== 'System' && e.spec.system !== undefined) {
      const path = ['spec', 'system'];
      const ref = resolve(le, path, e.spec.system, 'system');
      addDependency(le, path, ref && serviceTarget(le, path, ref), id);
    }
  }

  const covered = new Set(kindOfService.keys());
  const isAggregate = (id: string) => {
    const kind = kindOfService.get(id);
    // Not in this import: only the id tells; api. and system. are reserved for Backstage APIs and Systems.
    return kind !== undefined ? AGGREGATE_KINDS.includes(kind) : id.startsWith(ID_PREFIX.api!) || id.startsWith(ID_PREFIX.system!);
  };
  const governs = (edge: DesiredEdge) => covered.has(edge.type === 'dependsOn' && isAggregate(edge.from) ? edge.to : edge.from);
  return { desired: { teams, services, edges, governs }, imported, notes, errors };
}

/** The service description: the entity's own, then what kind of Backstage entity it was. */
function describe(e: Exclude<BackstageEntity, { kind: 'Group' }>): string {
  const facts: string[] = [];
  if (e.kind !== 'System') facts.push(e.spec.type);
  if (e.kind === 'Component' || e.kind === 'API') facts.push(e.spec.lifecycle);
  let origin = `Backstage ${e.kind}${facts.length > 0 ? ` (${facts.join(', ')})` : ''}`;
  if (e.kind !== 'System' && e.spec.system !== undefined) origin += `, system ${e.spec.system}`;
  if (e.kind === 'Component' && e.spec.subcomponentOf !== undefined) origin += `, part of ${e.spec.subcomponentOf}`;
  if (e.kind === 'System' && e.spec.domain !== undefined) origin += `, domain ${e.spec.domain}`;
  if (e.metadata.tags.length > 0) origin += `, tags ${e.metadata.tags.join(', ')}`;
  const text = (e.metadata.description ?? '').trim().replace(/\s+/g, ' ');
  if (text === '') return clip(origin, MAX_DESCRIPTION);
  return `${clip(text, MAX_DESCRIPTION - origin.length - 3)} · ${origin}`.slice(0, MAX_DESCRIPTION);
}

/** The first non-blank of the candidates, else the entity name; trimmed as the fold trims names. */
function displayName(candidates: (string | undefined)[], name: string): string {
  return clip(candidates.find((c) => c !== undefined && c.trim() !== '') ?? name, MAX_NAME);
}

function clip(text: string, max: number): string {
  const t = text.trim();
  return t.length <= max ? t : `${t.slice(0, Math.max(0, max - 1)).trimEnd()}…`;
}
