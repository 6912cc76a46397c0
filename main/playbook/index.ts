// Public surface of main/playbook: reading playbook files and driving runs.
export { loadPlaybookFile, type LoadedPlaybook } from './playbookFile';
export { advanceRun, type AdvanceOptions, type AdvanceResult, type RunJournal } from './driver';
export { loadBundledPlaybooks, bundledPlaybooksDir, type BundledPlaybooks } from './bundled';
export { connectorParamsCheck } from './actionCheck';
export { PlaybookService, type PlaybookServiceOptions } from './playbookService';
export { PlaybookRequestError, playbookHandlers } from './playbookHandlers';
