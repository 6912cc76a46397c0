import type { z } from 'zod';
import type { KindSpec } from './kindSpec';
import { icsAssign, icsHandoverAccept, icsHandoverOffer, icsPeriodStart, icsRelease, icsTakeCommand, icsUnified } from './icsKinds';
import { icsCommsPlan, icsObjectiveAdd, icsObjectiveUpdate } from './icsPlanKinds';
import { genesis, memberPut, memberRevoke } from './workspaceKinds';
import { incidentCommander, incidentOpen, incidentReopen, incidentResolve, incidentUpdate } from './incidentKinds';
import { edgeAdd, edgeRemove, servicePut, serviceRetire, teamPut } from './catalogKinds';
import { serviceStatus } from './statusKinds';
import { taskAssign, taskCreate, taskDue, taskStatus } from './taskKinds';
import { noteAdd } from './noteKinds';
import { journalRedact } from './redactionKinds';
import { policyPublish } from './policyKinds';
import { actionApprove, actionAttempt, actionOverride, actionReject, actionRequest, actionResult } from '../approvals/actionKinds';
import { actionEdit } from '../approvals/actionEditKind';
import { exerciseCast, exerciseClock, exerciseEnd, exerciseInject, exerciseNote, exerciseStart } from './exerciseKinds';
import { actionRollback, actionRollbackResult } from './rollbackKinds';
import { playbookFinish, playbookPublish, playbookRun, playbookStep } from './playbookKinds';

// Every journal entry kind, declared once: adding a kind means adding its
// declaration (defineKind in its file) to this list; every type below (the
// kind names, body inputs, drafts) is derived from it.
const ALL = [
  icsAssign,
  icsRelease,
  icsUnified,
  icsHandoverOffer,
  icsHandoverAccept,
  icsTakeCommand,
  icsPeriodStart,
  icsObjectiveAdd,
  icsObjectiveUpdate,
  icsCommsPlan,
  genesis,
  memberPut,
  memberRevoke,
  incidentOpen,
  incidentUpdate,
  incidentCommander,
  incidentResolve,
  incidentReopen,
  teamPut,
  servicePut,
  serviceRetire,
  edgeAdd,
  edgeRemove,
  serviceStatus,
  taskCreate,
  taskAssign,
  taskStatus,
  taskDue,
  noteAdd,
  journalRedact,
  policyPublish,
  actionRequest,
  actionApprove,
  actionReject,
  actionOverride,
  actionAttempt,
  actionResult,
  actionEdit,
  exerciseStart,
  exerciseClock,
  exerciseInject,
  exerciseNote,
  exerciseCast,
  exerciseEnd,
  actionRollback,
  actionRollbackResult,
  playbookPublish,
  playbookRun,
  playbookStep,
  playbookFinish,
] as const;

type Spec = (typeof ALL)[number];
type Kinds = { [S in Spec as S['kind']]: S };

export const kinds: Kinds = Object.fromEntries(ALL.map((spec) => [spec.kind, spec])) as Kinds;

export type KindName = keyof Kinds;
/** What a writer passes for a kind (defaults may be left out). */
export type BodyInput<K extends KindName> = z.input<Kinds[K]['body']>;

export function kindSpec(kind: string): KindSpec | undefined {
  return (kinds as Record<string, KindSpec | undefined>)[kind];
}

export const KIND_NAMES: readonly KindName[] = ALL.map((spec) => spec.kind);

/** A new entry before it is signed: a kind and its body. */
export type EntryDraft = { [K in KindName]: { kind: K; body: BodyInput<K> } }[KindName];
