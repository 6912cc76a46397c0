import { useEffect } from 'react';
import { exerciseOf } from '../../shared/state';
import { useApi } from '../api';
import { useWorkspaceStore } from '../workspace';
import { AdhocInjectForm } from './AdhocInjectForm';
import { CastSection } from './CastSection';
import { ClockControls, NoteForm } from './ClockControls';
import { InjectsSection, MessagesSection } from './InjectsSection';
import { ReportSection } from './ReportSection';
import { StartExercise } from './StartExercise';
import { useExerciseStore } from './store';

// The Exercise tab (issue 7). A facilitator starts a bundled scenario here
// and steers it (clock, injects, notes, cast, end) and reads the report; a
// participant sees the briefing, whom they play, the injects that fired and
// the stakeholder messages, as sync brings them. Every move is a journal
// entry made by the core; the status is reloaded on every state change.

function Notice() {
  const notice = useExerciseStore((s) => s.notice);
  if (notice === null) return null;
  return (
    <p role={notice.ok ? 'status' : 'alert'} className={notice.ok ? 'muted' : 'error'} data-testid="exercise-notice">
      {notice.text}
    </p>
  );
}

export function ExercisePanel() {
  const client = useApi();
  const stateHash = useWorkspaceStore((s) => s.stateHash);
  const hasExercise = useWorkspaceStore((s) => s.state !== null && exerciseOf(s.state) !== null);
  const status = useExerciseStore((s) => s.status);

  useEffect(() => {
    void useExerciseStore.getState().refresh(client);
  }, [client, stateHash]);

  if (!hasExercise || status === null) {
    return (
      <div className="panel-body exercise-panel">
        <Notice />
        {hasExercise ? <p className="muted">Loading the exercise…</p> : <StartExercise />}
      </div>
    );
  }
  const you =
    status.playing !== null
      ? `You play ${status.participants.find((p) => p.id === status.playing)?.name ?? status.playing}.`
      : status.facilitator
        ? 'You facilitate this exercise.'
        : 'You are not cast in this exercise.';
  return (
    <div className="panel-body exercise-panel">
      <h2>Exercise · {status.scenario.title}</h2>
      <p>{you}</p>
      <Notice />
      {status.facilitator && status.status !== 'ended' && <ClockControls status={status} />}
      <MessagesSection status={status} />
      <InjectsSection status={status} />
      {status.facilitator && status.status !== 'ended' && <AdhocInjectForm status={status} />}
      {status.facilitator && <NoteForm />}
      <details>
        <summary>Briefing</summary>
        <p className="briefing-text">{status.scenario.briefing}</p>
      </details>
      <CastSection status={status} canCast={status.facilitator} />
      {(status.facilitator || status.status === 'ended') && <ReportSection status={status} />}
    </div>
  );
}
