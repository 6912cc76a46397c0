export { loadScenarioFile, type LoadedScenario } from './scenarioFile';
export {
  ExerciseError,
  setupExercise,
  requireExercise,
  journaledScenario,
  scenarioOffset,
  fireDue,
  fireNow,
  adhocInject,
  pauseExercise,
  resumeExercise,
  setSpeed,
  facilitatorNote,
  endExercise,
  type CastMember,
} from './facilitator';
export { ScriptedCast, NO_NETWORK } from './scriptedCast';
export { runHeadless, type HeadlessOptions, type HeadlessResult } from './headlessRun';
