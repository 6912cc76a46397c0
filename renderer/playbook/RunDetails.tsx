import type { RunStepView, RunView } from '../../shared/api';
import { useApi } from '../api';
import { appendEntry } from '../workspace';
import { PHASE_TITLE, RUN_STATUS_LOOK, STEP_STATUS_LOOK, STEP_TYPE_LABEL } from './stepLook';
import { usePlaybooksStore } from './store';

// One run, step by step, as the core reports it: each step's status, who moved
// it and when, and what it is waiting for: the action it requested (with the
// action's own status), the task it filed, the approval gate, the wait, the
// check. Reloaded on every state change, so it moves while you watch.

const time = (ms: number | null): string => (ms === null ? '' : new Date(ms).toLocaleTimeString());

function StepDetail({ run, step }: { run: RunView; step: RunStepView }) {
  const client = useApi();
  const action = step.action;
  return (
    <div className="run-step-detail">
      {action !== null && (
        <p data-testid="run-step-action">
          Action <code title={action.id}>{action.id.slice(0, 8)}</code> ({action.connector} {action.operation} on {action.target}):{' '}
          <strong>{action.statusText}</strong>
        </p>
      )}
      {step.task !== null && (
        <p>
          Task “{step.task.title}”: <strong>{step.task.status.replace('_', ' ')}</strong>
          {step.task.awaited && step.task.status !== 'done' && step.task.status !== 'cancelled' && run.status === 'running' && (
            <button type="button" className="link" onClick={() => void appendEntry(client, 'task.status', { task: step.task?.id, status: 'done' })}>
              Mark task done
            </button>
          )}
        </p>
      )}
      {step.gate !== null && step.status === 'waiting' && (
        <p>
          {step.gate.canPass === null ? (
            <button type="button" onClick={() => void usePlaybooksStore.getState().approve(client, run.id, step.id)}>
              Pass gate “{step.name}”
            </button>
          ) : (
            <span className="muted">
              Needs {step.gate.roles.join(' or ')}: {step.gate.canPass}
            </span>
          )}
        </p>
      )}
      {step.waitUntil !== null && step.status !== 'done' && <p className="muted">Waits until {time(step.waitUntil)}</p>}
      {step.check !== null && step.status !== 'pending' && (
        <p className="muted">
          {step.check.service} is {step.check.now}, expected {step.check.expected}
          {step.check.deadline !== null && step.status === 'waiting' ? `; fails at ${time(step.check.deadline)}` : ''}
        </p>
      )}
    </div>
  );
}

function StepRow({ run, step }: { run: RunView; step: RunStepView }) {
  const look = STEP_STATUS_LOOK[step.status];
  return (
    <li className={`run-step step-${step.status}`} data-testid="run-step" data-step={step.id} data-phase={step.phase} data-status={step.status}>
      <div className="run-step-head">
        <span className="run-step-status" aria-label={look.label}>
          <span aria-hidden="true">{look.icon}</span> {look.label}
        </span>
        <strong>{step.name}</strong> <span className="badge">{STEP_TYPE_LABEL[step.type]}</span>
      </div>
      <div className="muted">{step.does}</div>
      {step.by !== null && (
        <div className="muted">
          {look.label.toLowerCase()} {time(step.at)} by {step.by.name}
          {/* A task's or action's note repeats what the detail below shows with its live status. */}
          {step.note && step.action === null && step.task === null ? ` — ${step.note}` : ''}
        </div>
      )}
      {step.status !== 'pending' && <StepDetail run={run} step={step} />}
    </li>
  );
}

export function RunDetails({ run }: { run: RunView }) {
  const look = RUN_STATUS_LOOK[run.status];
  const phases = (['steps', 'success', 'rollback', 'escalation'] as const).filter((p) => run.steps.some((s) => s.phase === p));
  return (
    <div className="run-details" data-testid="run-details" data-run={run.id}>
      <h2>
        {run.title} on {run.service ?? 'no service'}
      </h2>
      <p className={`run-status run-${run.status}`} data-testid="run-status" data-status={run.status}>
        <span aria-hidden="true">{look.icon}</span> {look.label}
        {run.waiting !== null && <span className="muted"> — {run.waiting}</span>}
      </p>
      <dl className="facts">
        <dt>Version</dt>
        <dd data-testid="run-version">
          {run.playbook} v{run.version} · sha256 <code title={run.hash}>{run.hash.slice(0, 12)}</code> · publication {run.publication}
        </dd>
        <dt>Started</dt>
        <dd>
          {time(run.startedAt)} by {run.startedBy.name}
          {run.drivenHere ? '' : ' (driven by their device)'}
        </dd>
        {run.incident !== null && (
          <>
            <dt>Incident</dt>
            <dd>{run.incident.title}</dd>
          </>
        )}
        <dt>Inputs</dt>
        <dd>
          {Object.entries(run.inputs)
            .map(([k, v]) => `${k}=${v}`)
            .join(', ') || 'none'}
        </dd>
      </dl>
      {phases.map((phase) => (
        <section key={phase} aria-label={PHASE_TITLE[phase]}>
          <h3>{PHASE_TITLE[phase]}</h3>
          <ol className="run-steps">
            {run.steps
              .filter((s) => s.phase === phase)
              .map((s) => (
                <StepRow key={`${s.phase}:${s.id}`} run={run} step={s} />
              ))}
          </ol>
        </section>
      ))}
      {run.status !== 'running' && (
        <>
          <h3>Outcome</h3>
          <p>{run.note}</p>
          {Object.keys(run.outputs).length > 0 && (
            <dl className="facts">
              {Object.entries(run.outputs).map(([k, v]) => (
                <div key={k} style={{ display: 'contents' }}>
                  <dt>{k}</dt>
                  <dd>{v}</dd>
                </div>
              ))}
            </dl>
          )}
        </>
      )}
    </div>
  );
}
