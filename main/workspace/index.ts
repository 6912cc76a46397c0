export { Workspace } from './workspace';
export { EntryRefusedError, WorkspaceError } from './errors';
export { configDir, defaultWorkspaceDir, resourcesDir, JOURNAL_FILE } from './paths';
export { loadDemo } from './demo';
export { DEMO_APPROVER, DEMO_APPROVER_AS, createDemoApprover, demoApproverAccount, demoApproverSigner, type KeyVault } from './demoApprover';
export { createDemoWorkspace, type DemoWorkspaceOptions } from './createDemo';
export { ChangeFeed, POLL_MS, WorkspaceBusyError, type ChangeFeedOptions } from './changeFeed';
export { feedJournal, type ServiceFeed } from './feedJournal';
export { toTimelineEntry } from './timelineEntry';
