import { own, type Incident, type WorkspaceState } from './state';

// Projection slice for the Incident Command System (issue 8): ICS roles per
// incident, transfers of command, operational periods and their objectives.
// Optional and created by the first ics.* entry for an incident, so journals
// without such entries fold to exactly the state (and hash) they had before.
//
// The incident commander itself stays in `incident.commander` (every view and
// rule already reads it there); in unified command the further commanders
// are kept here, in `coCommanders`.

/** ICS positions below the commander, in org-chart order. */
export const ICS_STAFF_ROLES = ['deputy', 'safety', 'liaison', 'communications', 'scribe', 'operations', 'planning', 'specialist'] as const;
export type IcsStaffRole = (typeof ICS_STAFF_ROLES)[number];
export type IcsRole = 'commander' | IcsStaffRole;

export interface RoleAssignment {
  role: IcsStaffRole;
  member: string;
  since: number;
  by: string;
  /** The ics.assign entry. */
  entry: string;
}

export interface PendingHandover {
  /** The ics.handoverOffer entry: what the incoming commander accepts. */
  entry: string;
  from: string;
  to: string;
  /** SHA-256 of the canonical Markdown of the ICS 201 briefing shown. */
  briefing: string;
  at: number;
}

export interface HandoverRecord {
  /** The offer entry, or null for a take-command. */
  offer: string | null;
  /** The entry that moved command (the acceptance, or the take-command). */
  entry: string;
  from: string | null;
  to: string;
  briefing: string;
  at: number;
  /** True when an admin took command without the outgoing commander's offer. */
  taken: boolean;
  reason: string;
}

export type ObjectiveStatus = 'open' | 'in_progress' | 'met' | 'not_met' | 'dropped';

export interface Objective {
  id: string;
  period: string;
  text: string;
  owner: string | null;
  status: ObjectiveStatus;
  createdBy: string;
  updatedAt: number;
}

export interface OperationalPeriod {
  /** The ics.periodStart entry. */
  id: string;
  number: number;
  start: number;
  end: number;
  startedBy: string;
  /** When a later period started; null for the current one (a resolved incident takes no more ICS writes). */
  closedAt: number | null;
  /** ICS 205 communications plan note for the period. */
  commsPlan: string;
  /** Objective ids, in creation order. */
  objectives: string[];
}

export interface IncidentIcs {
  unified: boolean;
  /** Unified command: commanders besides incident.commander, sorted. */
  coCommanders: string[];
  /** Sorted by (role order, member). */
  assignments: RoleAssignment[];
  handover: PendingHandover | null;
  handovers: HandoverRecord[];
  /** In start order; the last one is current unless closed. */
  periods: OperationalPeriod[];
  objectives: Record<string, Objective>;
}

/** The incident's ICS part, or an empty one (read-only use: not stored). */
export function icsOf(state: Readonly<WorkspaceState>, incident: string): IncidentIcs {
  return (state.ics !== undefined ? own(state.ics, incident) : undefined) ?? emptyIcs();
}

/** The incident's ICS part, created on first write. */
export function icsFor(state: WorkspaceState, incident: string): IncidentIcs {
  state.ics ??= {};
  const existing = own(state.ics, incident);
  if (existing !== undefined) return existing;
  const fresh = emptyIcs();
  state.ics[incident] = fresh;
  return fresh;
}

function emptyIcs(): IncidentIcs {
  return { unified: false, coCommanders: [], assignments: [], handover: null, handovers: [], periods: [], objectives: {} };
}

/** Everyone in command of the incident: the commander first, then unified co-commanders. */
export function commandersOf(state: Readonly<WorkspaceState>, incident: Incident): string[] {
  const co = icsOf(state, incident.id).coCommanders;
  return incident.commander === null ? [...co] : [incident.commander, ...co.filter((c) => c !== incident.commander)];
}

/** The period objectives may be written to, or null when none is open. */
export function currentPeriod(ics: IncidentIcs): OperationalPeriod | null {
  const last = ics.periods[ics.periods.length - 1];
  return last !== undefined && last.closedAt === null ? last : null;
}
