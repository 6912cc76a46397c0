export { kinds, kindSpec, KIND_NAMES, type KindName, type BodyInput, type EntryDraft } from './catalogue';
export type { KindSpec, ApplyContext } from './kindSpec';
export { ROLES, RoleSchema, type Role } from './roles';
export { workspaceIdOf, GenesisBody } from './workspaceKinds';
export { REDACTABLE_KINDS, RedactBody } from './redactionKinds';
export { taskTransitionError } from './taskKinds';
export { ServiceStatusSchema } from './statusKinds';
export { TaskStatusSchema, AssigneeSchema } from './taskKinds';
