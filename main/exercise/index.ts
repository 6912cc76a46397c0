export { loadScenarioFile, type LoadedScenario } from './scenarioFile';
export { bundledScenarios, bundledScenario } from './bundled';
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
  castParticipant,
  type CastMember,
  type ExerciseWriter,
} from './facilitator';
export { ScriptedCast, NO_NETWORK } from './scriptedCast';
export { runHeadless, type HeadlessOptions, type HeadlessResult } from './headlessRun';
export { adhocPayload } from './adhocPayload';
export { exerciseStatusText } from './statusText';
export { writeScenarioFromIncident } from './fromIncidentFile';
export { ExerciseTicker, type ExerciseTickerOptions } from './exerciseTicker';
export { exerciseHandlers } from './exerciseHandlers';
