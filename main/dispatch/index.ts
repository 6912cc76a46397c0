// Public surface of main/dispatch: the durable outbox and the dispatcher that drains it.
export { Dispatcher, type DispatcherOptions, type DispatchPass } from './dispatcher';
export { Outbox, OUTBOX_STATES, FINAL_STATES, type OutboxRow, type OutboxState } from './outbox';
export { dispatchJournal, type DispatchJournal } from './dispatchJournal';
export {
  loadDispatchConfig,
  resolveDispatchConfig,
  DispatchConfigSchema,
  DISPATCH_CONFIG_FILE,
  type DispatchConfig,
  type LoadedDispatchConfig,
} from './dispatchConfig';
export { dedupRule, type DedupRule } from './dedup';
export { previewOf, previewText, resolveAction, type Resolved } from './resolve';
export { outboxEntries, outboxLines, type OutboxEntry } from './outboxView';
export { RollbackError, type RollbackOutcome } from './rollback';
export { leaseOwner, ownerAlive } from './lease';
export { CRASH_AFTER_SEND_ENV, crashHookFromEnv } from './crashHook';
export { currentVersion, type ShownVersion } from './currentVersion';
export { DispatchService, UnknownConnectorError, previewRequest, type DispatchApi, type DispatchServiceOptions } from './dispatchService';
