import type { ExerciseInjectRow, ExerciseStatus } from '../../shared/api';
import { formatOffset } from '../../shared/report';
import { useApi } from '../api';
import { useExerciseStore } from './store';

// What the exercise has thrown at the team so far, newest first, and (for the
// facilitator only) what is still to come, with "Fire now". Stakeholder
// messages get a section of their own: they are what participants answer.

function MessageRow({ row, playing }: { row: ExerciseInjectRow; playing: string | null }) {
  const p = row.payload;
  if (p?.type !== 'message') return null;
  const forMe = p.to === null || p.to === playing;
  return (
    <li className={`exercise-message${forMe ? ' for-me' : ''}`} data-testid="exercise-message" data-inject={row.id}>
      <div className="muted">
        {row.firedAt !== null && formatOffset(row.firedAt)} · <strong>{p.from}</strong>
        {p.to !== null ? ` → ${p.to}` : ' → everyone'}
        {p.channel !== '' && ` · ${p.channel}`}
      </div>
      <div>{p.text}</div>
    </li>
  );
}

export function MessagesSection({ status }: { status: ExerciseStatus }) {
  const messages = status.injects.filter((i) => i.firedAt !== null && i.payload?.type === 'message').reverse();
  return (
    <section aria-label="Messages">
      <h3>Messages</h3>
      {messages.length === 0 ? (
        <p className="muted">No stakeholder messages yet.</p>
      ) : (
        <ul className="exercise-messages">
          {messages.map((m) => (
            <MessageRow key={m.id} row={m} playing={status.playing} />
          ))}
        </ul>
      )}
    </section>
  );
}

function InjectRow({ row, canFire, ended }: { row: ExerciseInjectRow; canFire: boolean; ended: boolean }) {
  const client = useApi();
  const busy = useExerciseStore((s) => s.busy);
  const fired = row.firedAt !== null;
  const when = fired ? formatOffset(row.firedAt ?? 0) : `due ${formatOffset(row.dueAt ?? 0)}`;
  return (
    <li
      className={`exercise-inject inject-${fired ? 'fired' : 'pending'}`}
      data-testid="exercise-inject"
      data-inject={row.id}
      data-status={fired ? 'fired' : 'pending'}
    >
      <span className="muted">{when}</span> <strong>{row.id}</strong>
      {row.source === 'adhoc' && <span className="badge">ad-hoc</span>} {row.description}
      {!fired && canFire && !ended && (
        <button
          type="button"
          aria-label={`Fire ${row.id} now`}
          disabled={busy}
          onClick={() => void useExerciseStore.getState().act(client, 'exercises:fireNow', { inject: row.id })}
        >
          Fire now
        </button>
      )}
    </li>
  );
}

export function InjectsSection({ status }: { status: ExerciseStatus }) {
  const fired = status.injects.filter((i) => i.firedAt !== null).reverse();
  const pending = status.injects.filter((i) => i.firedAt === null);
  const ended = status.status === 'ended';
  return (
    <section aria-label="Injects">
      <h3>
        Injects · {status.firedCount} fired{status.facilitator ? ` · ${status.pendingCount} to come` : ''}
      </h3>
      {status.facilitator && status.nextInject !== null && !ended && (
        <p className="muted" data-testid="next-inject">
          Next: {status.nextInject.id} at {formatOffset(status.nextInject.dueAt)}
        </p>
      )}
      {status.partitions.map((p) => (
        <p key={p.inject} className="exercise-disruption" data-testid="exercise-partition">
          Network partition ({p.inject}): {p.cut.join(', ')} cut off from {p.from.length > 0 ? p.from.join(', ') : 'everyone else'} until{' '}
          {formatOffset(p.until)}
        </p>
      ))}
      {status.failingConnectors.map((f) => (
        <p key={f.connector} className="exercise-disruption">
          Connector {f.connector} failing ({f.mode}){f.message !== '' && `: ${f.message}`}
        </p>
      ))}
      <ol className="exercise-injects">
        {[...pending, ...fired].map((row) => (
          <InjectRow key={row.id} row={row} canFire={status.facilitator} ended={ended} />
        ))}
      </ol>
    </section>
  );
}
