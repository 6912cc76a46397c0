import { useState } from 'react';
import { DEMO_APPROVER_NAME, type ApiClient, type MethodName, type ParamsOf } from '../../shared/api';
import type { ActionView } from '../../shared/api';
import { useApi } from '../api';
import { useWorkspaceStore } from '../workspace';
import { approvalHelp, whoCanText } from './approvalHelp';
import { useActionsStore } from './store';

// One action as an approver, the requester or the executor sees it: what it
// does (the preview recorded with the version being approved), why the
// policy holds it or lets it go, who said what, the outcome, and the buttons
// this person may use — a disabled button says why in its title, and the
// card says in plain text why this person cannot approve and who can.

const DECISION_TEXT: Record<NonNullable<ActionView['decision']>['decision'], string> = {
  allowed: 'Allowed',
  blocked: 'Blocked',
  rejected: 'Rejected',
  expired: 'Expired',
};

async function act<M extends MethodName>(client: ApiClient, method: M, params: ParamsOf<M>, what: string): Promise<boolean> {
  const result = await client.call(method, params);
  if (!result.ok) {
    useWorkspaceStore.getState().setError(`${what} refused: ${result.error.message}`);
    return false;
  }
  useWorkspaceStore.getState().setError(null);
  await useActionsStore.getState().refresh(client);
  return true;
}

const time = (ms: number) => new Date(ms).toLocaleTimeString();

function Why({ action }: { action: ActionView }) {
  const d = action.decision;
  if (d === null) return <p className="muted">The policy version of this action is unknown here.</p>;
  const live = action.status === 'pending' || action.status === 'retrying';
  return (
    <div className={`action-why decision-${d.decision}`} data-testid="action-why">
      <strong>
        {live ? DECISION_TEXT[d.decision] : `Policy: ${DECISION_TEXT[d.decision].toLowerCase()}`}
        {d.override && <span className="override-flag"> BREAK-GLASS OVERRIDE</span>}
      </strong>{' '}
      <span className="muted">under {d.rule === null ? 'the default rule' : `rule ${d.rule}`}</span>
      <ul className="reasons">
        {d.reasons.map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
    </div>
  );
}

function Controls({ action }: { action: ActionView }) {
  const client = useApi();
  const [comment, setComment] = useState('');
  const [glass, setGlass] = useState(false);
  const [busy, setBusy] = useState(false);
  const run = async (fn: () => Promise<boolean>) => {
    setBusy(true);
    if (await fn()) {
      setComment('');
      setGlass(false);
    }
    setBusy(false);
  };
  const { can } = action;
  const label = action.summary;
  const verdictOpen = can.approve === null || can.reject === null;
  return (
    <div className="action-controls">
      {verdictOpen && (
        <input
          aria-label={`Comment on ${label}`}
          placeholder="Comment (a rejection needs one)"
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          maxLength={2000}
        />
      )}
      <div className="button-row">
        {action.status === 'pending' && (
          <>
            <button
              type="button"
              disabled={busy || can.approve !== null}
              title={can.approve ?? `Approve version ${action.version} (parameters hash ${action.paramsHash.slice(0, 12)}…)`}
              onClick={() => void run(() => act(client, 'actions:approve', { id: action.id, paramsHash: action.paramsHash, comment }, 'Approval'))}
            >
              Approve
            </button>
            <button
              type="button"
              disabled={busy || can.reject !== null || comment.trim() === ''}
              title={can.reject ?? (comment.trim() === '' ? 'write why in the comment first' : 'Reject with this comment')}
              onClick={() => void run(() => act(client, 'actions:reject', { id: action.id, comment }, 'Rejection'))}
            >
              Reject
            </button>
            {can.override === null && (
              <button type="button" className="danger" disabled={busy} onClick={() => setGlass(!glass)} aria-expanded={glass}>
                Break glass…
              </button>
            )}
          </>
        )}
        {action.status === 'succeeded' && can.rollback === null && (
          <button
            type="button"
            disabled={busy}
            onClick={() =>
              void run(() => act(client, 'actions:rollback', { id: action.id, reason: comment.trim() || 'rolled back from the console' }, 'Rollback'))
            }
          >
            Roll back
          </button>
        )}
      </div>
      <WhyNotApprove action={action} />
      {glass && <BreakGlass action={action} onDone={() => setGlass(false)} />}
    </div>
  );
}

function WhyNotApprove({ action }: { action: ActionView }) {
  const state = useWorkspaceStore((s) => s.state);
  const me = useWorkspaceStore((s) => s.session?.me ?? null);
  const now = useActionsStore((s) => s.now);
  const help = approvalHelp(state, action, me, now);
  if (help === null) return null;
  return (
    <div className="approve-why small" data-testid="approve-why">
      <p>{help.why}</p>
      <p>{whoCanText(help)}</p>
      {help.demoCommand !== null && (
        <p className="muted">
          {DEMO_APPROVER_NAME} is the demo&apos;s approver; open a console as them on this machine with <code>{help.demoCommand}</code>
        </p>
      )}
    </div>
  );
}

function BreakGlass({ action, onDone }: { action: ActionView; onDone: () => void }) {
  const client = useApi();
  const [justification, setJustification] = useState('');
  return (
    <form
      className="stack-form break-glass"
      aria-label="Break-glass override"
      onSubmit={(e) => {
        e.preventDefault();
        void act(client, 'actions:override', { id: action.id, justification }, 'Override').then((ok) => ok && onDone());
      }}
    >
      <p className="override-flag">Break-glass runs it without the approvals the policy asks for. It is flagged everywhere this action appears.</p>
      <textarea
        aria-label="Justification"
        required
        minLength={10}
        maxLength={2000}
        value={justification}
        onChange={(e) => setJustification(e.target.value)}
        placeholder="Why this cannot wait for approval"
      />
      <button type="submit" className="danger" disabled={justification.trim().length < 10}>
        Override with this justification
      </button>
    </form>
  );
}

export function ActionCard({ action }: { action: ActionView }) {
  const overridden = action.overrides.length > 0;
  return (
    <li
      className={`action-card action-${action.status}${overridden ? ' action-overridden' : ''}`}
      data-testid="action-row"
      data-status={action.status}
      data-action={action.id}
    >
      <div className="action-head">
        <span className="task-title">{action.summary}</span>
        <span className={`badge status-${action.status}`} data-testid="action-status">
          {action.status}
        </span>
        {overridden && <span className="badge override-flag">break-glass</span>}
      </div>
      <dl className="facts small">
        <dt>Does</dt>
        <dd>
          {action.connector} {action.operation} in {action.environment} (risk {action.risk}) on {action.target}
        </dd>
        <dt>Requested</dt>
        <dd>
          by {action.requester.name} at {time(action.requestedAt)}; runs on {action.executor.name}&apos;s device
        </dd>
        <dt>Version</dt>
        <dd>
          {action.version} · hash {action.paramsHash.slice(0, 12)}…
        </dd>
      </dl>
      <Why action={action} />
      {action.preview !== '' && (
        <details open={action.status === 'pending'}>
          <summary>Preview: what will be sent</summary>
          <pre className="markdown" data-testid="action-preview">
            {action.preview}
          </pre>
        </details>
      )}
      {action.overrides.map((o) => (
        <p key={`${o.by.key}${o.at}`} className="override-flag">
          BREAK-GLASS by {o.by.name} at {time(o.at)}: “{o.justification}”
        </p>
      ))}
      {action.verdicts.length > 0 && (
        <ul className="verdicts small">
          {action.verdicts.map((v) => (
            <li key={`${v.by.key}${v.at}`} className={v.current ? '' : 'muted'}>
              {v.verdict === 'approve' ? 'Approved' : 'Rejected'} by {v.by.name} at {time(v.at)}
              {v.comment !== '' && `: “${v.comment}”`}
              {!v.current && ' (for an earlier version: does not count)'}
            </li>
          ))}
        </ul>
      )}
      {action.result !== null && (
        <p className={`action-result result-${action.result.outcome}`} data-testid="action-result">
          Attempt {action.attempts}: {action.result.outcome}
          {action.result.httpStatus !== null && ` (HTTP ${action.result.httpStatus})`}
          {action.result.message !== '' && ` — ${action.result.message}`}
        </p>
      )}
      {action.rollback !== null && (
        <p className="override-flag">
          Rollback {action.rollback.outcome} by {action.rollback.by.name}: “{action.rollback.reason}” {action.rollback.message}
        </p>
      )}
      <Controls action={action} />
    </li>
  );
}
