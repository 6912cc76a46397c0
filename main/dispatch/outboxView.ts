import { decideAction } from '../../shared/approvals';
import { own, type ActionRecord, type WorkspaceState } from '../../shared/state';
import type { OutboxRow, OutboxState } from './outbox';

// The outbox as the CLI and the console show it: each row with its action
// and, for anything not moving, why.

export interface OutboxEntry {
  actionId: string;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: number | null;
  /** Why it waits or what went wrong. */
  why: string | null;
  connector: string;
  operation: string;
  summary: string;
  actionStatus: ActionRecord['status'] | 'unknown-action';
}

/**
 * The rows, plus live actions no dispatcher on this device has looked at yet
 * (shown as pending, with what the policy says now and who executes them).
 */
export function outboxEntries(state: Readonly<WorkspaceState>, rows: readonly OutboxRow[], now: number): OutboxEntry[] {
  const seen = new Set(rows.map((r) => r.actionId));
  const unseen: OutboxEntry[] = Object.values(state.actions ?? {})
    .filter((a) => !seen.has(a.id) && (a.status === 'pending' || a.status === 'retrying' || a.status === 'dispatching'))
    .sort((a, b) => a.requestedAt - b.requestedAt)
    .map((a) => {
      const d = decideAction(state, a, now);
      const executor = own(state.members, a.executor)?.name ?? a.executor.slice(0, 8);
      const policy = d === null ? '' : `; ${d.decision}: ${d.reasons.join('; ')}`;
      return {
        actionId: a.id,
        state: 'pending',
        attempts: a.attempts.length,
        nextAttemptAt: null,
        why: `not yet picked up by a dispatcher here (executor: ${executor})${policy}`,
        connector: a.connector,
        operation: a.operation,
        summary: a.summary,
        actionStatus: a.status,
      };
    });
  return [
    ...unseen,
    ...rows.map((r): OutboxEntry => {
      const a = state.actions === undefined ? undefined : own(state.actions, r.actionId);
      return {
        actionId: r.actionId,
        state: r.state,
        attempts: r.attempts,
        nextAttemptAt: r.nextAttemptAt > 0 ? r.nextAttemptAt : null,
        why: r.reason ?? r.lastError,
        connector: a?.connector ?? '?',
        operation: a?.operation ?? '?',
        summary: a?.summary ?? '(action not in this journal)',
        actionStatus: a?.status ?? 'unknown-action',
      };
    }),
  ];
}

export function outboxLines(entries: readonly OutboxEntry[], now: number): string[] {
  if (entries.length === 0) return ['The outbox is empty.'];
  const lines: string[] = [];
  for (const e of entries) {
    const when = e.nextAttemptAt !== null && e.nextAttemptAt > now ? `, next try in ${Math.ceil((e.nextAttemptAt - now) / 1000)} s` : '';
    lines.push(`${e.actionId.slice(0, 12)}  ${e.state.toUpperCase()}  ${e.connector} ${e.operation}: ${e.summary} (attempts ${e.attempts}${when})`);
    if (e.why) lines.push(`  why: ${e.why}`);
  }
  return lines;
}
