// Public surface of main/approvals: the API handlers for requesting, approving, rejecting
// and overriding actions, and the views that say why an action waits. The rules themselves
// are shared/approvals; sending approved actions is main/dispatch.
export { actionHandlers, ActionStateError, UnknownActionError } from './actionHandlers';
export { actionView, actionViews } from './actionViews';
