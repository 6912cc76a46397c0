import type { RunStepView, RunView } from '../../shared/api';

// How a step or run status reads on screen: an icon and a word, never colour alone.

export const STEP_TYPE_LABEL: Record<RunStepView['type'], string> = {
  task: 'task',
  approval: 'approval gate',
  action: 'action',
  check: 'check',
  wait: 'wait',
};

export const STEP_STATUS_LOOK: Record<RunStepView['status'], { icon: string; label: string }> = {
  pending: { icon: '○', label: 'Not started' },
  started: { icon: '◔', label: 'Started' },
  waiting: { icon: '◑', label: 'Waiting' },
  approved: { icon: '✔', label: 'Approved' },
  done: { icon: '✔', label: 'Done' },
  failed: { icon: '✖', label: 'Failed' },
  skipped: { icon: '–', label: 'Skipped' },
};

export const RUN_STATUS_LOOK: Record<RunView['status'], { icon: string; label: string }> = {
  running: { icon: '▶', label: 'Running' },
  succeeded: { icon: '✔', label: 'Succeeded' },
  failed: { icon: '✖', label: 'Failed' },
};

export const PHASE_TITLE: Record<RunStepView['phase'], string> = {
  steps: 'Steps',
  success: 'Success criteria',
  rollback: 'Rollback (if a step fails)',
  escalation: 'Escalation (if a step fails)',
};
