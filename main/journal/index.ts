export { JournalStore, StaleAppendError, rowToEntry, type ImportResult, type Equivocation, type AppendPlan, type StoredRow } from './store';
export { JournalOpenError, EntryRejectedError } from './errors';
export { saveCheckpoint, loadCheckpoint, type StoredCheckpoint } from './checkpointStore';
export { exportJsonl } from './exportJsonl';
export { readJsonl, verifyEntries, verifyEntriesParallel, type VerifyReport, type VerifyFailure } from './verifyJournal';
export { openDatabase, useSqliteBinding, APPLICATION_ID } from './openDatabase';
export { MIGRATIONS, SCHEMA_VERSION, migrate } from './migrations';
