import { exerciseOf } from '../../shared/state';
import { useNow, useShellStore } from '../shell';
import { useWorkspaceStore } from '../workspace';
import { exerciseBannerText, exerciseSpeed } from './bannerText';

// Shown on every screen of an exercise workspace, so nothing in it is ever
// mistaken for a real incident. It reads the journaled exercise only, so a
// participant's console shows it as soon as sync brings exercise.start.

export function ExerciseBanner() {
  const ex = useWorkspaceStore((s) => (s.state === null ? null : exerciseOf(s.state)));
  // Faster runs tick faster, so the scenario clock never jumps by more than a few seconds at once.
  const now = useNow(ex !== null && ex.status === 'running' && exerciseSpeed(ex) > 1 ? 250 : 1000);
  if (ex === null) return null;
  return (
    <div role="status" className={`exercise-banner exercise-${ex.status}`} data-testid="exercise-banner" data-status={ex.status}>
      <span className="exercise-banner-text">{exerciseBannerText(ex, now)}</span>
      <span className="muted">Not a real incident: actions go to the sandbox.</span>
      <button type="button" className="link" onClick={() => useShellStore.getState().setTab('exercise')}>
        Exercise panel <kbd>X</kbd>
      </button>
    </div>
  );
}
