import type { WorkspaceState } from '../state/state';
import type { Phase, PlaybookDocument } from './playbookSchema';

// Projection slice for playbooks (issue 6): published versions and runs.
// Optional and created by the first playbook entry, so a journal without
// any folds to exactly the state (and state hash) it had before.

export interface PlaybookVersion {
  name: string;
  hash: string;
  /** The author's version number from the file. */
  version: number;
  /** 1 for the first text published under this name, then 2, 3, ... */
  number: number;
  title: string;
  /** The playbook.publish entry, which holds the exact text. */
  entry: string;
  publishedAt: number;
  publishedBy: string;
  document: PlaybookDocument;
}

export type StepStatus = 'started' | 'waiting' | 'approved' | 'done' | 'failed' | 'skipped';

export interface RunStep {
  phase: Phase;
  step: string;
  status: StepStatus;
  /** When the step was first started (waits and check deadlines count from here). */
  startedAt: number;
  at: number;
  by: string;
  /** The task or action entry the step created; for an approval, the approver's entry. */
  ref: string | null;
  note: string;
}

export type RunStatus = 'running' | 'succeeded' | 'failed';

export interface PlaybookRun {
  id: string;
  playbook: string;
  /** The exact version that runs: the hash of its published text. */
  hash: string;
  version: number;
  service: string | null;
  incident: string | null;
  inputs: Record<string, string>;
  startedBy: string;
  startedAt: number;
  status: RunStatus;
  /** Keyed by `${phase}:${step}`. */
  steps: Record<string, RunStep>;
  outputs: Record<string, string>;
  finishedAt: number | null;
  note: string;
  updatedAt: number;
}

export interface PlaybookSlice {
  /** Playbook name -> hash of the version in force. */
  current: Record<string, string>;
  versions: Record<string, PlaybookVersion>;
  runs: Record<string, PlaybookRun>;
}

export const stepKey = (phase: Phase, step: string): string => `${phase}:${step}`;

export function playbooksOf(state: WorkspaceState): PlaybookSlice {
  state.playbooks ??= { current: {}, versions: {}, runs: {} };
  return state.playbooks;
}
