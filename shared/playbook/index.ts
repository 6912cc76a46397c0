// Public surface of shared/playbook: the file format, its text and hash, the run state and the pure runner.
export {
  PlaybookSchema,
  PHASES,
  BUILTIN_VARS,
  stepTypeOf,
  type Phase,
  type PlaybookDocument,
  type PlaybookStep,
  type StepType,
  type CheckSpec,
  type ActionSpec,
} from './playbookSchema';
export { parsePlaybookText, playbookHash, unknownPlaceholders, PlaybookFileSchema, type PlaybookParse } from './playbookText';
export {
  playbooksOf,
  stepKey,
  type PlaybookRun,
  type PlaybookSlice,
  type PlaybookVersion,
  type RunStep,
  type RunStatus,
  type StepStatus,
} from './playbookState';
export { nextMove, varsOf, CONFIG_ERROR, isConfigError, type Move, type ActionDraft, type TaskDraft, type StepMove } from './runner';
export { fill, fillJson, placeholders, TemplateError } from './template';
export { resolveInputs, type InputCheck } from './inputs';
export { runView, runSummary, describeStep } from './runView';
export { playbookSummary, type BundledPlaybook } from './playbookSummary';
export { publishProblems, runProblems, problemsText, type PlaybookProblem, type RunValues, type ActionCheck } from './playbookCheck';
