import { decideAction } from '../approvals';
import type { ActionRecord } from '../approvals/actionState';
import type { WorkspaceState } from '../state/state';

// Action metrics for reports (issue 6 item 8), a pure function of the
// projection: the same entry set gives the same figures on every peer.
//
//  - approval latency: from the request to the approval that made the
//    policy allow the action (break-glass overrides are counted apart, not
//    as fast approvals);
//  - automated: the policy allowed it with no human approval or override;
//    manual: it needed one. Only actions that were dispatched count;
//  - failed, unknown outcome, rolled back: as the journal recorded them.

export interface LatencyStats {
  count: number;
  p50Ms: number | null;
  p95Ms: number | null;
  maxMs: number | null;
}

export interface ActionMetrics {
  requested: number;
  dispatched: number;
  succeeded: number;
  failed: number;
  /** Sent, outcome never learnt (a human had to check). */
  unknownOutcome: number;
  rejected: number;
  rolledBack: number;
  overridden: number;
  automated: number;
  manual: number;
  /** automated / (automated + manual); null without dispatched actions. */
  automatedShare: number | null;
  /** Actions a playbook run requested. */
  fromPlaybooks: number;
  approvalLatency: LatencyStats;
}

export interface MetricsScope {
  /** Only actions of this incident. */
  incident?: string;
  /** Only actions requested in [from, to). */
  from?: number;
  to?: number;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? null;
}

/** When the policy first allowed the action on approvals alone, or null. */
function approvedAt(state: Readonly<WorkspaceState>, a: ActionRecord): number | null {
  const times = a.verdicts
    .filter((v) => v.verdict === 'approve')
    .map((v) => v.at)
    .sort((x, y) => x - y);
  const withoutOverrides: ActionRecord = { ...a, overrides: [] };
  for (const t of times) if (decideAction(state, withoutOverrides, t)?.decision === 'allowed') return t;
  return null;
}

function playbookActions(state: Readonly<WorkspaceState>): Set<string> {
  const out = new Set<string>();
  for (const run of Object.values(state.playbooks?.runs ?? {})) {
    // Refs of task steps land here too; only action ids are ever looked up.
    for (const s of Object.values(run.steps)) if (s.ref !== null) out.add(s.ref);
  }
  return out;
}

export function actionMetrics(state: Readonly<WorkspaceState>, scope: MetricsScope = {}): ActionMetrics {
  const actions = Object.values(state.actions ?? {}).filter(
    (a) =>
      (scope.incident === undefined || a.incident === scope.incident) &&
      (scope.from === undefined || a.requestedAt >= scope.from) &&
      (scope.to === undefined || a.requestedAt < scope.to),
  );
  const fromRuns = playbookActions(state);
  const latencies: number[] = [];
  const m: ActionMetrics = {
    requested: actions.length,
    dispatched: 0,
    succeeded: 0,
    failed: 0,
    unknownOutcome: 0,
    rejected: 0,
    rolledBack: 0,
    overridden: 0,
    automated: 0,
    manual: 0,
    automatedShare: null,
    fromPlaybooks: 0,
    approvalLatency: { count: 0, p50Ms: null, p95Ms: null, maxMs: null },
  };
  for (const a of actions) {
    if (fromRuns.has(a.id)) m.fromPlaybooks += 1;
    if (a.status === 'succeeded') m.succeeded += 1;
    if (a.status === 'failed') m.failed += 1;
    if (a.status === 'unknown') m.unknownOutcome += 1;
    if (a.status === 'rejected') m.rejected += 1;
    if (a.rollback?.outcome === 'succeeded') m.rolledBack += 1;
    if (a.overrides.length > 0) m.overridden += 1;
    const at = approvedAt(state, a);
    if (at !== null) latencies.push(at - a.requestedAt);
    if (a.attempts.length === 0) continue;
    m.dispatched += 1;
    const humans = a.attempts[0]?.override === true || a.verdicts.some((v) => v.verdict === 'approve' && v.at <= (a.attempts[0]?.at ?? 0));
    if (humans) m.manual += 1;
    else m.automated += 1;
  }
  m.automatedShare = m.dispatched === 0 ? null : m.automated / m.dispatched;
  latencies.sort((x, y) => x - y);
  m.approvalLatency = { count: latencies.length, p50Ms: percentile(latencies, 50), p95Ms: percentile(latencies, 95), maxMs: latencies.at(-1) ?? null };
  return m;
}
