export { ActionsPanel } from './ActionsPanel';
export { ActionComposer, parseParams } from './ActionComposer';
export { useActionsStore, inboxOf } from './store';
export { useDesktopNotices } from './useDesktopNotices';
