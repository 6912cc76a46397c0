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
import { actionApprove, actionAttempt, actionOverride, actionReject, actionRequest, actionResult } from './actionKinds';
import { actionEdit } from './actionEditKind';
import { exerciseCast, exerciseClock, exerciseEnd, exerciseInject, exerciseNote, exerciseStart } from './exerciseKinds';
import { actionRollback, actionRollbackResult } from './rollbackKinds';
import { playbookFinish, playbookPublish, playbookRun, playbookStep } from './playbookKinds';

// Every journal entry kind, declared once: adding a kind means adding it here
// (and its file), not editing switch statements around the code base.
export const kinds = {
  [icsAssign.kind]: icsAssign,
  [icsRelease.kind]: icsRelease,
  [icsUnified.kind]: icsUnified,
  [icsHandoverOffer.kind]: icsHandoverOffer,
  [icsHandoverAccept.kind]: icsHandoverAccept,
  [icsTakeCommand.kind]: icsTakeCommand,
  [icsPeriodStart.kind]: icsPeriodStart,
  [icsObjectiveAdd.kind]: icsObjectiveAdd,
  [icsObjectiveUpdate.kind]: icsObjectiveUpdate,
  [icsCommsPlan.kind]: icsCommsPlan,
  [genesis.kind]: genesis,
  [memberPut.kind]: memberPut,
  [memberRevoke.kind]: memberRevoke,
  [incidentOpen.kind]: incidentOpen,
  [incidentUpdate.kind]: incidentUpdate,
  [incidentCommander.kind]: incidentCommander,
  [incidentResolve.kind]: incidentResolve,
  [incidentReopen.kind]: incidentReopen,
  [teamPut.kind]: teamPut,
  [servicePut.kind]: servicePut,
  [serviceRetire.kind]: serviceRetire,
  [edgeAdd.kind]: edgeAdd,
  [edgeRemove.kind]: edgeRemove,
  [serviceStatus.kind]: serviceStatus,
  [taskCreate.kind]: taskCreate,
  [taskAssign.kind]: taskAssign,
  [taskStatus.kind]: taskStatus,
  [taskDue.kind]: taskDue,
  [noteAdd.kind]: noteAdd,
  [journalRedact.kind]: journalRedact,
  [policyPublish.kind]: policyPublish,
  [actionRequest.kind]: actionRequest,
  [actionApprove.kind]: actionApprove,
  [actionReject.kind]: actionReject,
  [actionOverride.kind]: actionOverride,
  [actionAttempt.kind]: actionAttempt,
  [actionResult.kind]: actionResult,
  [actionEdit.kind]: actionEdit,
  [exerciseStart.kind]: exerciseStart,
  [exerciseClock.kind]: exerciseClock,
  [exerciseInject.kind]: exerciseInject,
  [exerciseNote.kind]: exerciseNote,
  [exerciseCast.kind]: exerciseCast,
  [exerciseEnd.kind]: exerciseEnd,
  [actionRollback.kind]: actionRollback,
  [actionRollbackResult.kind]: actionRollbackResult,
  [playbookPublish.kind]: playbookPublish,
  [playbookRun.kind]: playbookRun,
  [playbookStep.kind]: playbookStep,
  [playbookFinish.kind]: playbookFinish,
} as const;

type Kinds = {
  'ics.assign': typeof icsAssign;
  'ics.release': typeof icsRelease;
  'ics.unified': typeof icsUnified;
  'ics.handoverOffer': typeof icsHandoverOffer;
  'ics.handoverAccept': typeof icsHandoverAccept;
  'ics.takeCommand': typeof icsTakeCommand;
  'ics.periodStart': typeof icsPeriodStart;
  'ics.objectiveAdd': typeof icsObjectiveAdd;
  'ics.objectiveUpdate': typeof icsObjectiveUpdate;
  'ics.commsPlan': typeof icsCommsPlan;
  'workspace.genesis': typeof genesis;
  'roster.memberPut': typeof memberPut;
  'roster.memberRevoke': typeof memberRevoke;
  'incident.open': typeof incidentOpen;
  'incident.update': typeof incidentUpdate;
  'incident.commander': typeof incidentCommander;
  'incident.resolve': typeof incidentResolve;
  'incident.reopen': typeof incidentReopen;
  'catalog.teamPut': typeof teamPut;
  'catalog.servicePut': typeof servicePut;
  'catalog.serviceRetire': typeof serviceRetire;
  'catalog.edgeAdd': typeof edgeAdd;
  'catalog.edgeRemove': typeof edgeRemove;
  'service.status': typeof serviceStatus;
  'task.create': typeof taskCreate;
  'task.assign': typeof taskAssign;
  'task.status': typeof taskStatus;
  'task.due': typeof taskDue;
  'note.add': typeof noteAdd;
  'journal.redact': typeof journalRedact;
  'policy.publish': typeof policyPublish;
  'action.request': typeof actionRequest;
  'action.approve': typeof actionApprove;
  'action.reject': typeof actionReject;
  'action.override': typeof actionOverride;
  'action.attempt': typeof actionAttempt;
  'action.result': typeof actionResult;
  'action.edit': typeof actionEdit;
  'exercise.start': typeof exerciseStart;
  'exercise.clock': typeof exerciseClock;
  'exercise.inject': typeof exerciseInject;
  'exercise.note': typeof exerciseNote;
  'exercise.cast': typeof exerciseCast;
  'exercise.end': typeof exerciseEnd;
  'action.rollback': typeof actionRollback;
  'action.rollbackResult': typeof actionRollbackResult;
  'playbook.publish': typeof playbookPublish;
  'playbook.run': typeof playbookRun;
  'playbook.step': typeof playbookStep;
  'playbook.finish': typeof playbookFinish;
};

export type KindName = keyof Kinds;
/** What a writer passes for a kind (defaults may be left out). */
export type BodyInput<K extends KindName> = z.input<Kinds[K]['body']>;

export function kindSpec(kind: string): KindSpec | undefined {
  return (kinds as Record<string, KindSpec | undefined>)[kind];
}

export const KIND_NAMES = Object.keys(kinds) as KindName[];

/** A new entry before it is signed: a kind and its body. */
export type EntryDraft = { [K in KindName]: { kind: K; body: BodyInput<K> } }[KindName];
