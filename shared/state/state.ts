import type { Role } from '../entries/roles';
import type { ActionRecord, PolicySlice } from '../approvals/actionState';
import type { ExerciseState } from './exerciseState';
import type { IncidentIcs } from './icsState';
import type { PlaybookSlice } from '../playbook/playbookState';

// The projection: what every peer computes from the same entry set, byte for
// byte. It holds what the rules and the console need to decide and show
// state; free text that only needs reading (notes) stays in the journal and
// is read from there, which keeps the persisted projection small enough to
// open a million-entry workspace quickly. Records (not Maps) so the canonical JSON of the state is its hash
// input; every array in here is kept in a deterministic order.

export type ServiceStatus = 'healthy' | 'degraded' | 'down' | 'unknown';
export type IncidentStatus = 'investigating' | 'identified' | 'mitigating' | 'monitoring' | 'resolved';
export type TaskStatus = 'open' | 'in_progress' | 'blocked' | 'done' | 'cancelled';
export type EdgeType = 'dependsOn' | 'ownedBy';
export type Assignee = { member: string } | { team: string };

export interface Member {
  key: string;
  name: string;
  roles: Role[];
  teams: string[];
  active: boolean;
  since: number;
  revokedAt: number | null;
  revokedReason: string | null;
}

export interface Incident {
  id: string;
  title: string;
  severity: number;
  status: IncidentStatus;
  summary: string;
  commander: string | null;
  openedAt: number;
  openedBy: string;
  updatedAt: number;
  resolvedAt: number | null;
  resolution: string | null;
}

export interface StatusChange {
  status: ServiceStatus;
  at: number;
  by: string;
  reason: string;
  entry: string;
}

export interface Service {
  id: string;
  name: string;
  description: string;
  tier: number | null;
  retired: boolean;
  status: ServiceStatus;
  statusSince: number | null;
  statusIncident: string | null;
  /** Most recent changes, newest first, capped (the journal keeps them all). */
  history: StatusChange[];
}

export interface Team {
  id: string;
  name: string;
  channel: string;
}

export interface Edge {
  type: EdgeType;
  from: string;
  to: string;
  /** Add-wins set: ids of the add entries not yet observed by a remove. */
  tags: string[];
}

export interface Task {
  id: string;
  incident: string;
  title: string;
  description: string;
  assignee: Assignee | null;
  status: TaskStatus;
  due: number | null;
  createdAt: number;
  createdBy: string;
  updatedAt: number;
}

export type RejectionCategory = 'unauthorized' | 'invalid';

export interface Rejection {
  kind: string;
  author: string;
  seq: number;
  category: RejectionCategory;
  reason: string;
}

export interface WorkspaceState {
  workspace: { id: string; name: string; genesis: string; createdAt: number } | null;
  members: Record<string, Member>;
  incidents: Record<string, Incident>;
  services: Record<string, Service>;
  teams: Record<string, Team>;
  edges: Record<string, Edge>;
  tasks: Record<string, Task>;
  rejected: Record<string, Rejection>;
  /** target entry id -> id of the accepted redaction that removed it from the projection. */
  redacted: Record<string, string>;
  /** author -> first seq at which two different entries were seen (evidence kept by the store). */
  equivocations: Record<string, number>;
  applied: number;
  /** Published policy versions; absent until the first policy.publish (keeps older state hashes). */
  policies?: PolicySlice;
  /** Requested actions by request entry id; absent until the first action.request. */
  actions?: Record<string, ActionRecord>;
  /** The tabletop exercise this workspace runs; absent in real workspaces (keeps their state hashes). */
  exercise?: ExerciseState;
  /** ICS roles, handovers and operational periods by incident id; absent until the first ics.* entry (keeps older state hashes). */
  ics?: Record<string, IncidentIcs>;
  /** Published playbook versions and runs; absent until the first playbook.publish (keeps older state hashes). */
  playbooks?: PlaybookSlice;
}

export function emptyState(): WorkspaceState {
  return {
    workspace: null,
    members: {},
    incidents: {},
    services: {},
    teams: {},
    edges: {},
    tasks: {},
    rejected: {},
    redacted: {},
    equivocations: {},
    applied: 0,
  };
}

/**
 * Look a record up by a key that came from outside. State records are plain
 * objects, so `state.services['constructor']` would otherwise find
 * Object.prototype.constructor.
 */
export function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

export function edgeKey(type: EdgeType, from: string, to: string): string {
  return `${type}:${from}->${to}`;
}

export const STATUS_HISTORY_LIMIT = 10;
