import type { KindName } from './catalogue';

// A journal entry kind in plain words, for people reading the timeline from
// across a room ("Service status", not `service.status`). The mapped type
// makes the compiler refuse a catalogue kind without a label, so a new kind
// cannot be forgotten here. Labels stay short (at most 20 characters) so the
// timeline's kind column fits every one of them without cutting.
export const KIND_LABELS: { readonly [K in KindName]: string } = {
  'workspace.genesis': 'Workspace created',
  'roster.memberPut': 'Member added',
  'roster.memberRevoke': 'Member removed',
  'incident.open': 'Incident opened',
  'incident.update': 'Incident updated',
  'incident.commander': 'Commander changed',
  'incident.resolve': 'Incident resolved',
  'incident.reopen': 'Incident reopened',
  'catalog.teamPut': 'Team saved',
  'catalog.servicePut': 'Service saved',
  'catalog.serviceRetire': 'Service retired',
  'catalog.edgeAdd': 'Dependency added',
  'catalog.edgeRemove': 'Dependency removed',
  'service.status': 'Service status',
  'task.create': 'Task created',
  'task.assign': 'Task assigned',
  'task.status': 'Task status',
  'task.due': 'Task due time',
  'note.add': 'Note',
  'journal.redact': 'Entry redacted',
  'policy.publish': 'Policy published',
  'action.request': 'Action requested',
  'action.approve': 'Action approved',
  'action.reject': 'Action rejected',
  'action.override': 'Break-glass override',
  'action.attempt': 'Action attempt',
  'action.result': 'Action result',
  'action.edit': 'Action edited',
  'action.rollback': 'Rollback requested',
  'action.rollbackResult': 'Rollback result',
  'exercise.start': 'Exercise started',
  'exercise.clock': 'Exercise clock',
  'exercise.inject': 'Exercise inject',
  'exercise.note': 'Exercise note',
  'exercise.cast': 'Exercise cast',
  'exercise.end': 'Exercise ended',
  'ics.assign': 'Role assigned',
  'ics.release': 'Role released',
  'ics.unified': 'Unified command',
  'ics.handoverOffer': 'Handover offered',
  'ics.handoverAccept': 'Handover accepted',
  'ics.takeCommand': 'Command taken',
  'ics.periodStart': 'Period started',
  'ics.objectiveAdd': 'Objective added',
  'ics.objectiveUpdate': 'Objective updated',
  'ics.commsPlan': 'Comms plan',
  'playbook.publish': 'Playbook published',
  'playbook.run': 'Playbook started',
  'playbook.step': 'Playbook step',
  'playbook.finish': 'Playbook finished',
};

/**
 * The label of `kind`; a kind this build does not know (written by a newer
 * peer) is worded from its name: "billing.invoiceSent" -> "Billing invoice sent".
 */
export function kindLabel(kind: string): string {
  const known = (KIND_LABELS as Readonly<Record<string, string | undefined>>)[kind];
  if (known !== undefined) return known;
  const words = kind
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[.\s_-]+/)
    .filter((w) => w !== '')
    .map((w) => w.toLowerCase())
    .join(' ');
  return words === '' ? kind : words.charAt(0).toUpperCase() + words.slice(1);
}
