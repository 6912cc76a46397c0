import { InjectPayloadSchema, describeInject } from '../exercise/injectSchema';
import { own, type WorkspaceState } from '../state/state';
import { bodyOf, num, obj, str, whoOf, type JournalEntryView } from './reportInput';

// One human line per journal entry, for timelines and decision logs. Kinds a
// report has no words for yet are named by kind, never dropped silently.

/** Kinds that set up a workspace rather than record the response: left out of timelines. */
export const SETUP_KINDS: ReadonlySet<string> = new Set([
  'workspace.genesis',
  'roster.memberPut',
  'roster.memberRevoke',
  'catalog.teamPut',
  'catalog.servicePut',
  'catalog.serviceRetire',
  'catalog.edgeAdd',
  'catalog.edgeRemove',
  'policy.publish',
  'exercise.cast',
  'journal.redact',
]);

/** Kinds that record a decision: who chose what, and when. */
export const DECISION_KINDS: ReadonlySet<string> = new Set([
  'incident.open',
  'incident.update',
  'incident.commander',
  'incident.resolve',
  'incident.reopen',
  'task.create',
  'action.request',
  'action.approve',
  'action.reject',
  'action.override',
  'action.edit',
]);

const quote = (s: string | null) => `"${s ?? '?'}"`;

/** The summary an action was requested with, from the projection or else the request entry. */
export function actionSummary(state: Readonly<WorkspaceState>, requests: ReadonlyMap<string, JournalEntryView>, id: string | null): string {
  if (id === null) return '?';
  const fromState = state.actions === undefined ? undefined : own(state.actions, id);
  if (fromState !== undefined) return fromState.summary;
  const req = requests.get(id);
  return req === undefined ? id.slice(0, 8) : (str(req, 'summary') ?? id.slice(0, 8));
}

function taskTitle(state: Readonly<WorkspaceState>, id: string | null): string {
  return id === null ? '?' : (own(state.tasks, id)?.title ?? id.slice(0, 8));
}

export function describeEntry(state: Readonly<WorkspaceState>, requests: ReadonlyMap<string, JournalEntryView>, e: JournalEntryView): string {
  if (e.body === null) return `${e.kind} (body redacted)`;
  const action = () => quote(actionSummary(state, requests, str(e, 'action')));
  switch (e.kind) {
    case 'incident.open':
      return `opened incident ${quote(str(e, 'title'))} at SEV${num(e, 'severity') ?? '?'}`;
    case 'incident.update': {
      const parts = [
        num(e, 'severity') !== null ? `severity SEV${num(e, 'severity')}` : '',
        str(e, 'status') !== null ? `status ${str(e, 'status')}` : '',
        str(e, 'title') !== null ? `title ${quote(str(e, 'title'))}` : '',
        str(e, 'summary') !== null ? 'summary' : '',
      ].filter(Boolean);
      return `updated the incident: ${parts.join(', ')}`;
    }
    case 'incident.commander':
      return `handed command to ${whoOf(state, str(e, 'commander') ?? '')}`;
    case 'incident.resolve':
      return `resolved the incident${str(e, 'resolution') ? `: ${str(e, 'resolution')}` : ''}`;
    case 'incident.reopen':
      return `reopened the incident${str(e, 'reason') ? `: ${str(e, 'reason')}` : ''}`;
    case 'service.status':
      return `marked ${str(e, 'service') ?? '?'} ${str(e, 'status') ?? '?'}${str(e, 'reason') ? `: ${str(e, 'reason')}` : ''}`;
    case 'task.create': {
      const a = obj(e, 'assignee');
      const to = a === null ? '' : typeof a['team'] === 'string' ? ` for team ${a['team']}` : typeof a['member'] === 'string' ? ` for ${whoOf(state, a['member'])}` : '';
      return `created task ${quote(str(e, 'title'))}${to}`;
    }
    case 'task.assign':
      return `reassigned task ${quote(taskTitle(state, str(e, 'task')))}`;
    case 'task.status':
      return `moved task ${quote(taskTitle(state, str(e, 'task')))} to ${str(e, 'status') ?? '?'}`;
    case 'task.due':
      return `changed the due time of task ${quote(taskTitle(state, str(e, 'task')))}`;
    case 'note.add':
      return `note: ${str(e, 'text') ?? ''}`;
    case 'action.request':
      return `requested ${str(e, 'connector') ?? '?'} ${str(e, 'operation') ?? '?'} on ${str(e, 'target') ?? '?'} (${str(e, 'environment') ?? '?'}, risk ${str(e, 'risk') ?? '?'}): ${quote(str(e, 'summary'))}`;
    case 'action.approve':
      return `approved ${action()}${str(e, 'comment') ? `: ${str(e, 'comment')}` : ''}`;
    case 'action.reject':
      return `rejected ${action()}: ${str(e, 'comment') ?? ''}`;
    case 'action.edit':
      return `edited ${action()} (earlier approvals no longer count)${str(e, 'comment') ? `: ${str(e, 'comment')}` : ''}`;
    case 'action.override':
      return `BREAK-GLASS override of ${action()}: ${str(e, 'justification') ?? ''}`;
    case 'action.attempt':
      return `dispatched ${action()} (attempt ${num(e, 'attempt') ?? '?'})`;
    case 'action.result':
      return `${action()} ${str(e, 'outcome') ?? '?'}${str(e, 'message') ? `: ${str(e, 'message')}` : ''}`;
    case 'exercise.start':
      return 'started the exercise';
    case 'exercise.clock':
      return str(e, 'action') === 'speed' ? `set the clock to ${num(e, 'speed') ?? '?'}x` : `${str(e, 'action') === 'pause' ? 'paused' : 'resumed'} the clock`;
    case 'exercise.inject': {
      const payload = InjectPayloadSchema.safeParse(bodyOf(e)?.['payload']);
      const label = str(e, 'source') === 'adhoc' ? 'AD-HOC INJECT' : 'INJECT';
      return `${label} ${str(e, 'inject') ?? '?'}: ${payload.success ? describeInject(payload.data) : '?'}`;
    }
    case 'exercise.note':
      return `facilitator note: ${str(e, 'text') ?? ''}`;
    case 'exercise.end':
      return `ended the exercise${str(e, 'reason') ? `: ${str(e, 'reason')}` : ''}`;
    default:
      return e.kind;
  }
}
