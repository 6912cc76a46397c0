import { useState, type FormEvent } from 'react';
import type { ExerciseStatus } from '../../shared/api';
import { formatOffset } from '../../shared/report';
import { useApi } from '../api';
import { speedChoices } from './speeds';
import { useExerciseStore } from './store';

// The facilitator's clock: pause, resume, speed, a note for the report, and
// the end (asked once: it cannot be undone).

export function ClockControls({ status }: { status: ExerciseStatus }) {
  const client = useApi();
  const busy = useExerciseStore((s) => s.busy);
  const [ending, setEnding] = useState(false);
  const [reason, setReason] = useState('');
  const act = useExerciseStore.getState().act;
  const running = status.status === 'running';

  const end = async (e: FormEvent) => {
    e.preventDefault();
    if (await act(client, 'exercises:end', { reason: reason.trim() })) setEnding(false);
  };

  return (
    <section aria-label="Clock">
      <div className="button-row">
        {running ? (
          <button type="button" disabled={busy} onClick={() => void act(client, 'exercises:pause', {})}>
            Pause
          </button>
        ) : (
          <button type="button" disabled={busy} onClick={() => void act(client, 'exercises:resume', {})}>
            Resume
          </button>
        )}
        <label>
          Speed{' '}
          <select
            aria-label="Speed"
            value={status.speed}
            disabled={busy}
            onChange={(e) => void act(client, 'exercises:setSpeed', { speed: Number(e.target.value) })}
          >
            {speedChoices(status.speed).map((s) => (
              <option key={s} value={s}>
                {s}×
              </option>
            ))}
          </select>
        </label>
        {!ending && (
          <button type="button" className="danger" onClick={() => setEnding(true)}>
            End exercise…
          </button>
        )}
      </div>
      {ending && (
        <form className="stack-form end-exercise" aria-label="End the exercise" onSubmit={(e) => void end(e)}>
          <p>
            Ends the exercise for everyone at {formatOffset(status.offset)}: no more injects fire, and the after-action report is scored from here. This cannot
            be undone.
          </p>
          <input aria-label="Reason" placeholder="Reason (optional)" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} />
          <div className="button-row">
            <button type="submit" className="danger" disabled={busy}>
              End exercise now
            </button>
            <button type="button" onClick={() => setEnding(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

export function NoteForm() {
  const client = useApi();
  const busy = useExerciseStore((s) => s.busy);
  const [text, setText] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await useExerciseStore.getState().act(client, 'exercises:note', { text: text.trim() })) setText('');
  };
  return (
    <form className="stack-form" aria-label="Facilitator note" onSubmit={(e) => void submit(e)}>
      <textarea
        aria-label="Facilitator note"
        placeholder="A note for the after-action report (what you saw, what to discuss)"
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <button type="submit" disabled={busy || text.trim() === ''}>
        Add note
      </button>
    </form>
  );
}
