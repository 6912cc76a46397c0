import { useActionsStore } from './store';

// This device's outbox: what it will send, and for anything not moving, why
// (waiting for approval, offline, retrying at a time, failed and how).

const STATE_TEXT: Record<string, string> = {
  pending: 'pending',
  'waiting-approval': 'waiting for approval',
  offline: 'offline',
  sending: 'sending',
  retrying: 'retrying',
  done: 'done',
  failed: 'failed',
  unknown: 'outcome unknown: check by hand',
};

export function OutboxList() {
  const { outbox, now, dispatching } = useActionsStore();
  const live = outbox.filter((o) => o.state !== 'done');
  return (
    <section aria-label="Outbox">
      <h3>Outbox</h3>
      {!dispatching && <p className="muted small">This console does not send actions itself (no dispatcher runs here).</p>}
      {live.length === 0 ? (
        <p className="muted">Nothing waiting to be sent.</p>
      ) : (
        <ul className="task-list">
          {live.map((o) => (
            <li key={o.actionId} className={`outbox-row outbox-${o.state}`} data-testid="outbox-row" data-state={o.state}>
              <span className={`badge status-${o.state}`}>{STATE_TEXT[o.state] ?? o.state}</span> {o.connector} {o.operation}: {o.summary}
              <span className="muted small">
                {' '}
                · attempts {o.attempts}
                {o.nextAttemptAt !== null && o.nextAttemptAt > now && ` · next try in ${Math.ceil((o.nextAttemptAt - now) / 1000)} s`}
              </span>
              {o.why !== null && <div className="muted small">{o.why}</div>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
