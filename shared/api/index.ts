export * from './contract';
export { WorkspaceStateSchema, OrderKeySchema, ProjectionBaseSchema, StateSnapshotSchema, type ProjectionBase, type StateSnapshot } from './workspaceState';
export { CONTENT_SECURITY_POLICY } from './contentSecurityPolicy';
export {
  ACCESS_CHECK_PATH,
  AccessCheckSchema,
  AccessDeniedReasonSchema,
  accessDeniedText,
  type AccessCheck,
  type AccessDeniedReason,
  type AccessDeniedText,
} from './accessDenied';
export { FRESH_EXERCISE_WORKSPACE, exerciseStartRefusal } from './exerciseStart';
export { DEMO_APPROVER_COMMAND, DEMO_APPROVER_NAME } from './demoApprover';
export type { ActionPreview } from './actionMethods';
export type { ActionView } from './actionMethods';
export type { BundledScenario } from './exerciseMethods';
export type { ConnectorInfo } from './actionMethods';
export type { ExerciseInjectRow } from './exerciseMethods';
export type { ExerciseReport } from './exerciseMethods';
export type { ExerciseStatus } from './exerciseMethods';
export type { OutboxItem } from './actionMethods';
export type { PlaybookSummary } from './playbookMethods';
export type { RunStepView } from './playbookMethods';
export type { RunSummary } from './playbookMethods';
export type { RunView } from './playbookMethods';
export { actionMethods } from './actionMethods';
export { catalogMethods } from './catalogMethods';
export { exerciseMethods } from './exerciseMethods';
export { playbookMethods } from './playbookMethods';
