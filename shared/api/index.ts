export * from './contract';
export { CONTENT_SECURITY_POLICY } from './contentSecurityPolicy';
export { ACCESS_CHECK_PATH, AccessCheckSchema, AccessDeniedReasonSchema, accessDeniedText, type AccessCheck, type AccessDeniedReason, type AccessDeniedText } from './accessDenied';
export { FRESH_EXERCISE_WORKSPACE, exerciseStartRefusal } from './exerciseStart';
export { DEMO_APPROVER_COMMAND, DEMO_APPROVER_NAME } from './demoApprover';
