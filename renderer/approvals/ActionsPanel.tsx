import { useState } from 'react';
import { ActionCard } from './ActionCard';
import { ActionComposer } from './ActionComposer';
import { OutboxList } from './OutboxList';
import { inboxOf, useActionsStore } from './store';
import { useActions } from './useActions';
import { useNotificationPermission } from './useDesktopNotices';

// The Actions tab (issue 6): the approvals inbox first (what waits on this
// person, with why it is blocked), then the composer, the outbox, and every
// other action with its outcome.

export function ActionsPanel() {
  useActions();
  const { actions, loaded, error } = useActionsStore();
  const [composing, setComposing] = useState(false);
  const notifications = useNotificationPermission();
  const inbox = inboxOf(actions);
  const inboxIds = new Set(inbox.map((a) => a.id));
  const others = actions.filter((a) => !inboxIds.has(a.id));
  return (
    <div className="panel-body actions-panel">
      <h2>Actions</h2>
      {notifications.ask !== null && (
        <p className="small">
          <button type="button" className="link" onClick={notifications.ask}>
            Notify me on this computer
          </button>{' '}
          when an approval is asked of me or a task is assigned to me.
        </p>
      )}
      {error !== null && <p className="error">Could not load actions: {error}</p>}
      <section aria-label="Approvals inbox">
        <h3>Approvals inbox {inbox.length > 0 && <span className="badge">{inbox.length}</span>}</h3>
        {inbox.length === 0 ? (
          <p className="muted">{loaded ? 'Nothing waits on you.' : 'Loading…'}</p>
        ) : (
          <ul className="task-list">
            {inbox.map((a) => (
              <ActionCard key={a.id} action={a} />
            ))}
          </ul>
        )}
      </section>
      <section aria-label="New action">
        <h3>
          <button type="button" className="link" aria-expanded={composing} onClick={() => setComposing(!composing)}>
            {composing ? '▾' : '▸'} Request an action
          </button>
        </h3>
        {composing && <ActionComposer />}
      </section>
      <OutboxList />
      <section aria-label="All actions">
        <h3>All actions</h3>
        {others.length === 0 ? (
          <p className="muted">No other actions.</p>
        ) : (
          <ul className="task-list">
            {others.map((a) => (
              <ActionCard key={a.id} action={a} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
