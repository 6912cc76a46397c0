import type { actionMethods, ActionPreview, ConnectorInfo } from '../../shared/api';
import type { JsonValue } from '../../shared/canonical';
import type { EntryDraft } from '../../shared/entries';
import { actionMetrics } from '../../shared/metrics';
import { evaluate } from '../../shared/approvals';
import { own } from '../../shared/state';
import { createConnectors, type AnyConnector, type ConnectorPreview } from '../connectors';
import { Outbox, outboxEntries, previewText, previewRequest } from '../dispatch';
import type { Workspace } from '../workspace';
import { actionViews } from './actionViews';
import type { HandleOptions, HandlerMap } from '../api';

// The console's side of actions (issue 6): request with a preview, approve
// or reject exactly the version shown, break glass, roll back, and the
// outbox. Entries go through the same guarded append as journal:append, so
// the fold's rules (separation of duties, roles, expiry) decide, and a
// refusal comes back naming the rule.

/** Where no dispatcher runs, previews still come from the connectors a default configuration has. */
let defaultConnectors: ReadonlyMap<string, AnyConnector> | null = null;
function connectorsOf(opts: HandleOptions): ReadonlyMap<string, AnyConnector> {
  if (opts.dispatch !== undefined) return opts.dispatch.connectors;
  defaultConnectors ??= createConnectors();
  return defaultConnectors;
}

/**
 * Example parameters per connector and operation, valid as they stand, so the
 * composer starts from something its dry run accepts. Secrets are named, never given.
 */
const EXAMPLES: Record<string, Record<string, Record<string, JsonValue>>> = {
  webhook: { post: { url: 'https://hooks.example.com/commandpost', payload: { text: 'Command Post action' }, secret: 'webhook' } },
  slack: { post_message: { channel: '#incidents', text: 'Update from Command Post' } },
  teams: {
    post_webhook: { title: 'Incident update', text: 'Update from Command Post', webhook: 'teams-webhook' },
    post_channel_message: {
      title: 'Incident update',
      text: 'Update from Command Post',
      team: '00000000-0000-0000-0000-000000000000',
      channel: '19:incidents@thread.tacv2',
    },
  },
  pagerduty: {
    trigger: { summary: 'Checkout failing for EU card payments', source: 'commandpost', severity: 'critical' },
    acknowledge: { dedup_key: 'the incident key' },
    resolve: { dedup_key: 'the incident key' },
  },
  opsgenie: { create: { message: 'Checkout failing for EU card payments', priority: 'P1' }, close: { identifier: 'the alert alias' } },
  jira: { create_issue: { project: 'OPS', summary: 'Follow-up from the incident' } },
  github: { workflow_dispatch: { owner: 'acme', repo: 'payments', workflow: 'failover.yml', ref: 'main', inputs: {} } },
  kubernetes: { scale: { namespace: 'default', deployment: 'payments-api', replicas: 6 }, restart: { namespace: 'default', deployment: 'payments-api' } },
  command: { run: { command: 'the allowlisted name', args: [] } },
  sandbox: { '*': { note: 'recorded, not sent' } },
};

const nowOf = (ws: Workspace, opts: HandleOptions): number => (opts.clock ?? ws.clock).now();

function append(ws: Workspace, opts: HandleOptions, draft: EntryDraft): string {
  return (opts.append ? opts.append(draft) : ws.append(draft.kind, draft.body)).id;
}

function meOf(ws: Workspace): string {
  if (ws.me === null) throw new Error('the core opened the workspace without a device identity');
  return ws.me;
}

function previewData(p: ConnectorPreview): ActionPreview {
  return { text: p.text, request: p.request ?? null, argv: p.argv ?? null };
}

function actionOf(ws: Workspace, id: string) {
  const a = ws.state.actions === undefined ? undefined : own(ws.state.actions, id);
  if (a === undefined) throw new UnknownActionError(id);
  return a;
}

export class UnknownActionError extends Error {
  constructor(id: string) {
    super(`unknown action ${JSON.stringify(id)}`);
    this.name = 'UnknownActionError';
  }
}

/** Refused before anything is journaled (the action moved on, the version changed, not the executor). */
export class ActionStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ActionStateError';
  }
}

export const actionHandlers: HandlerMap<keyof typeof actionMethods> = {
  'actions:list': (ws, _params, opts) => {
    const now = nowOf(ws, opts);
    return { me: meOf(ws), now, actions: actionViews(ws, meOf(ws), now, connectorsOf(opts)) };
  },
  'actions:connectors': (_ws, _params, opts) => {
    const connectors: ConnectorInfo[] = [...connectorsOf(opts).values()]
      .map((c) => ({ id: c.id, operations: [...c.operations], canRollback: c.rollback !== undefined, examples: EXAMPLES[c.id] ?? {} }))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    return { connectors, dispatching: opts.dispatch !== undefined };
  },
  'actions:preview': (ws, params, opts) => {
    const preview = previewData(previewRequest(connectorsOf(opts), params.connector, params.operation, params.params));
    const current = ws.state.policies?.current ?? null;
    const version = current === null || ws.state.policies === undefined ? undefined : own(ws.state.policies.versions, current);
    if (version === undefined)
      return { preview, explanation: ['No policy is in force: an admin must publish one (commandpost policy publish FILE) before actions can be requested.'] };
    const d = evaluate(version, { ...params, requester: meOf(ws) }, [], ws.state.members, nowOf(ws, opts));
    return {
      preview,
      explanation: [
        `${d.decision === 'allowed' ? 'Would run at once' : 'Would wait'} under ${d.rule === null ? 'the default rule' : `rule ${d.rule}`} of ` +
          `policy v${version.number}:`,
        ...d.reasons,
      ],
    };
  },
  'actions:request': (ws, params, opts) => {
    const preview = previewRequest(connectorsOf(opts), params.connector, params.operation, params.params);
    if (params.incident !== null && own(ws.state.incidents, params.incident) === undefined)
      throw new ActionStateError(`unknown incident ${JSON.stringify(params.incident)}`);
    const id = append(ws, opts, {
      kind: 'action.request',
      body: { ...params, executor: null, preview: previewText(preview) },
    } as EntryDraft);
    opts.dispatch?.wake();
    return { id };
  },
  'actions:approve': (ws, params, opts) => {
    const a = actionOf(ws, params.id);
    // The approver signs the version they reviewed; if it was edited since, nothing is journaled.
    if (a.paramsHash !== params.paramsHash)
      throw new ActionStateError(`the action was edited since you reviewed it (its parameters hash is now ${a.paramsHash.slice(0, 12)}…): review it again`);
    return { id: append(ws, opts, { kind: 'action.approve', body: { action: a.id, comment: params.comment, paramsHash: params.paramsHash } } as EntryDraft) };
  },
  'actions:reject': (ws, params, opts) => {
    const a = actionOf(ws, params.id);
    return { id: append(ws, opts, { kind: 'action.reject', body: { action: a.id, comment: params.comment } } as EntryDraft) };
  },
  'actions:override': (ws, params, opts) => {
    const a = actionOf(ws, params.id);
    return { id: append(ws, opts, { kind: 'action.override', body: { action: a.id, justification: params.justification } } as EntryDraft) };
  },
  'actions:rollback': (ws, params, opts) => {
    const a = actionOf(ws, params.id);
    if (opts.dispatch === undefined)
      throw new ActionStateError('this core runs no dispatcher, so it cannot roll back; use `commandpost action rollback` on the executing device');
    if (a.status !== 'succeeded') throw new ActionStateError(`action ${a.id.slice(0, 8)} is ${a.status}; only a succeeded action can be rolled back`);
    if (a.executor !== meOf(ws)) throw new ActionStateError('only the device that executed it can roll it back: it holds the undo data');
    const log = opts.log ?? (() => undefined);
    // The rollback's start and result are journaled by the dispatcher and reach every timeline; a failure is logged too.
    opts.dispatch.rollback(a.id, params.reason).then(
      (r) => log(`rollback of ${a.id.slice(0, 8)}: ${r.ok ? 'done' : 'failed'}: ${r.message}`),
      (err: unknown) => log(`rollback of ${a.id.slice(0, 8)} refused: ${err instanceof Error ? err.message : String(err)}`),
    );
    return { id: a.id };
  },
  'outbox:list': (ws, _params, opts) => {
    const now = nowOf(ws, opts);
    const entries = opts.dispatch !== undefined ? opts.dispatch.outbox(now) : outboxEntries(ws.state, new Outbox(ws.store.db).list(), now);
    return { items: entries.map(({ actionStatus: _status, ...item }) => item) };
  },
  'actions:metrics': (ws, params) => actionMetrics(ws.state, params.incident === undefined ? {} : { incident: params.incident }),
};
