import type { BodyInput, KindName } from '../../shared/entries';
import type { Entry } from '../../shared/journal';
import {
  CONFIG_ERROR,
  nextMove,
  problemsText,
  runProblems,
  stepKey,
  type ActionCheck,
  type ActionDraft,
  type Move,
  type RunStatus,
} from '../../shared/playbook';
import { own, type WorkspaceState } from '../../shared/state';
import { EntryRefusedError } from '../workspace';
import { connectorParamsCheck } from './actionCheck';

// Drives a playbook run: asks the pure runner for the next move, journals it,
// asks again, until the run waits on something (an approval, an action's
// result, a timer) or finishes. Everything it knows comes from the journal,
// so running it again after a crash, or from another process of the same
// device, picks up where the journal says the run is.

export interface RunJournal {
  readonly state: Readonly<WorkspaceState>;
  readonly me: string | null;
  append<K extends KindName>(kind: K, body: BodyInput<K>): Entry;
  /** Fold what others stored since (an approver's gate, an action's result). */
  catchUp(): unknown;
}

export interface AdvanceResult {
  status: RunStatus;
  /** What it waits for, when it stopped waiting. */
  waiting: string | null;
  /** When to look again on its own (a wait step, a check deadline). */
  until: number | null;
  /** One line per move journaled. */
  log: string[];
}

export interface AdvanceOptions {
  now: () => number;
  /** The dry run text for an action the run requests (shown to approvers). */
  preview?: (draft: ActionDraft) => string;
  maxMoves?: number;
  /** Validates an action step's parameters before the run's first move (default: the built-in connectors' schemas). */
  checkAction?: ActionCheck;
}

function refused(err: unknown): string {
  if (err instanceof EntryRefusedError) return err.message;
  throw err;
}

export function advanceRun(j: RunJournal, runId: string, opts: AdvanceOptions): AdvanceResult {
  const log: string[] = [];
  j.catchUp();
  for (let i = 0; i < (opts.maxMoves ?? 200); i++) {
    const run = j.state.playbooks === undefined ? undefined : own(j.state.playbooks.runs, runId);
    if (run === undefined) throw new Error(`unknown playbook run ${runId}`);
    if (run.status !== 'running') return { status: run.status, waiting: null, until: null, log };
    if (run.startedBy !== j.me) return { status: run.status, waiting: 'the run is driven by the device that started it', until: null, log };
    const version = own(j.state.playbooks?.versions ?? {}, run.hash);
    if (version === undefined) throw new Error(`playbook version ${run.hash} is not in this journal`);
    if (Object.keys(run.steps).length === 0) {
      // Checked again at the first move: a run started by another client (or before the catalog changed) must not page anyone over a typo.
      const problems = runProblems(version.document, j.state, run, opts.checkAction ?? connectorParamsCheck);
      if (problems.length > 0) {
        const note = `${CONFIG_ERROR}${problemsText(run.playbook, problems)}; nothing was done`.slice(0, 4000);
        j.append('playbook.finish', { run: runId, outcome: 'failed', outputs: {}, note });
        log.push(`run failed before its first step: ${note}`);
        continue;
      }
    }
    const move: Move = nextMove(version.document, run, j.state, opts.now());
    if (move.type === 'idle') return { status: 'running', waiting: move.reason, until: move.until, log };
    if (move.type === 'finish') {
      j.append('playbook.finish', { run: runId, outcome: move.outcome, outputs: move.outputs, note: move.note });
      log.push(`run ${move.outcome}: ${move.note}`);
      continue;
    }
    const step = { run: runId, phase: move.phase, step: move.step };
    const prior = own(run.steps, stepKey(move.phase, move.step));
    if (move.task === undefined && move.action === undefined) {
      j.append('playbook.step', { ...step, status: move.status, ref: move.ref, note: move.note });
      log.push(`${move.phase}/${move.step}: ${move.status}${move.note ? ` (${move.note})` : ''}`);
      continue;
    }
    // Mark the step started before filing its task or action, so a crash in between is recognisable (runner.filedEarlier).
    if (prior?.status !== 'started') j.append('playbook.step', { ...step, status: 'started', note: '' });
    try {
      if (move.task !== undefined) {
        const t = move.task;
        const entry = j.append('task.create', { incident: t.incident, title: t.title, description: t.description, assignee: t.assignee });
        const status = version.document[move.phase].find((s) => s.id === move.step)?.task?.await ? 'waiting' : 'done';
        j.append('playbook.step', { ...step, status, ref: entry.id, note: `task "${t.title}"` });
        log.push(`${move.phase}/${move.step}: task "${t.title}" created`);
      } else if (move.action !== undefined) {
        const a = move.action;
        const entry = j.append('action.request', { ...a, executor: null, preview: opts.preview?.(a) ?? '' });
        j.append('playbook.step', { ...step, status: 'waiting', ref: entry.id, note: `action ${a.connector} ${a.operation}: ${a.summary}` });
        log.push(`${move.phase}/${move.step}: requested action ${entry.id.slice(0, 8)} (${a.connector} ${a.operation})`);
      }
    } catch (err) {
      // The fold refused what the step asks for (an unknown team, say): the playbook or the workspace is wrong, not the world.
      const reason = `${CONFIG_ERROR}${refused(err)}`;
      j.append('playbook.step', { ...step, status: 'failed', note: reason.slice(0, 4000) });
      log.push(`${move.phase}/${move.step}: failed: ${reason}`);
    }
  }
  return { status: 'running', waiting: 'stopped after too many moves in one go', until: null, log };
}
