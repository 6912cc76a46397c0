export { JournalStore, StaleAppendError, rowToEntry, type ImportResult, type Equivocation, type AppendPlan, type StoredRow } from './store';
export { JournalOpenError, EntryRejectedError } from './errors';
export { saveCheckpoint, loadCheckpoint, type StoredCheckpoint, type CheckpointHead, type CheckpointWrite } from './checkpointStore';
export { exportJsonl, exportLines, type TrailerOptions } from './exportJsonl';
export { verifyEntries, verifyEntriesParallel, type VerifyReport, type VerifyFailure } from './verifyJournal';
export { readExport, readJsonl, type ExportRead } from './readExport';
export { verifyExportFile, UNTRAILED_FAILURE, type ExportVerifyOptions, type ExportVerifyReport } from './verifyExport';
export { openDatabase, useSqliteBinding, APPLICATION_ID } from './openDatabase';
export { MIGRATIONS, SCHEMA_VERSION, migrate } from './migrations';
export {
  applyRetention,
  assertMayWrite,
  checkRetentionKinds,
  parseAge,
  retentionCandidates,
  writeRefusal,
  WriteNotAllowedError,
  DEFAULT_RETENTION_KINDS,
  type RetentionPolicy,
  type RetentionReport,
} from './retention';
export { exportPseudonymised, isPseudonymisedExport, PSEUDONYMISED_FORMAT, type PseudonymisedExportReport } from './pseudonymise';
export { Pseudonyms } from './pseudonymiseRules';
