import { useEffect, useState, type FormEvent } from 'react';
import { exerciseStartRefusal } from '../../shared/api';
import { formatSpan } from '../../shared/report';
import { useApi } from '../api';
import { useWorkspaceStore } from '../workspace';
import { speedChoices } from './speeds';
import { useExerciseStore } from './store';

// Start a bundled scenario in this workspace, this device facilitating. The
// core refuses a workspace that holds real incidents (an exercise needs one
// of its own), or a starter who is not an admin; the tab works that out from
// the same rule (exerciseStartRefusal) first, so Start is never offered where
// it would be refused, and says why and what to do instead.

/** Why this console cannot start one here, or null; null too until state and session are loaded. */
function useStartRefusal(): string | null {
  return useWorkspaceStore((s) => (s.state === null || s.session === null ? null : exerciseStartRefusal(s.state, s.session.me)));
}

export function StartExercise() {
  const client = useApi();
  const scenarios = useExerciseStore((s) => s.scenarios);
  const busy = useExerciseStore((s) => s.busy);
  const refusal = useStartRefusal();
  const loaded = useWorkspaceStore((s) => s.state !== null && s.session !== null);
  const [picked, setPicked] = useState('');
  const [speed, setSpeed] = useState(1);

  useEffect(() => {
    void useExerciseStore.getState().loadScenarios(client);
  }, [client]);

  if (scenarios === null) return <p className="muted">Loading the bundled scenarios…</p>;
  if (scenarios.length === 0) return <p className="muted">No scenarios are bundled with this Command Post.</p>;
  const id = picked === '' ? (scenarios[0]?.id ?? '') : picked;
  const scenario = scenarios.find((s) => s.id === id);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (refusal !== null) return;
    void useExerciseStore.getState().act(client, 'exercises:start', { scenario: id, speed });
  };
  return (
    <form className="stack-form" aria-label="Start an exercise" onSubmit={submit}>
      <h3>Start a tabletop exercise</h3>
      <p className="muted">
        It runs in this workspace on a simulated clock, every connector forced to the sandbox. Use a workspace of its own: one that holds real incidents is
        refused.
      </p>
      {refusal !== null && (
        <p className="error" role="note" data-testid="exercise-start-refusal">
          You cannot start an exercise here: {refusal}.
        </p>
      )}
      <div className="button-row">
        <label>
          Scenario{' '}
          <select aria-label="Scenario" value={id} onChange={(e) => setPicked(e.target.value)}>
            {scenarios.map((s) => (
              <option key={s.id} value={s.id}>
                {s.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          Speed{' '}
          <select aria-label="Speed" value={speed} onChange={(e) => setSpeed(Number(e.target.value))}>
            {speedChoices().map((s) => (
              <option key={s} value={s}>
                {s}×
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={busy || scenario === undefined || !loaded || refusal !== null} title={refusal ?? undefined}>
          Start exercise
        </button>
      </div>
      {scenario !== undefined && (
        <div className="exercise-briefing">
          <p>
            {formatSpan(scenario.duration)} of scenario time · {scenario.injects} injects ·{' '}
            {speed === 1 ? 'real time' : `${formatSpan(scenario.duration / speed)} at ${speed}×`}
          </p>
          <p className="briefing-text">{scenario.briefing}</p>
          <p className="muted">Participants: {scenario.participants.map((p) => `${p.name} (${p.roles.join(', ')})`).join(' · ')}</p>
        </div>
      )}
    </form>
  );
}
