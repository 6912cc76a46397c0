import { bodyOf, str, type JournalEntryView, type TimeBase } from './reportInput';

// Response metrics, each defined from journal entries alone so anyone can
// recompute them from an export (definitions are printed in the report):
//
// t0 (exercise): the first inject fired. t0 (real incident): incident.open.
// Acknowledge: t0 -> the first response: any incident.*, service.status,
//   task.*, note.add or action.* entry by a responder (not a facilitator),
//   for a real incident one that refers to the incident.
// Mitigate: t0 -> the primary incident moved to `monitoring` (incident.update)
//   or resolved, whichever is first.
// Resolve: t0 -> incident.resolve of the primary incident.
// Approval latency: action.request -> the approval that let it go: the last
//   action.approve before its first action.attempt (or the last one, if it
//   was never dispatched). Actions nobody approved are left out.
// Automated share: actions dispatched through a connector (>= 1
//   action.attempt) / (those + tasks created for people to do by hand).
// Human interventions: state-changing entries by responders after t0
//   (incident.*, service.status, task.*, action.request/approve/reject/override).

export const RESPONSE_PREFIXES = ['incident.', 'task.', 'action.'] as const;
const RESPONSE_KINDS = new Set(['service.status', 'note.add']);
const INTERVENTION_KINDS = new Set(['service.status', 'action.request', 'action.approve', 'action.reject', 'action.override']);

export function isResponse(kind: string): boolean {
  return RESPONSE_KINDS.has(kind) || RESPONSE_PREFIXES.some((p) => kind.startsWith(p));
}

export interface Metrics {
  acknowledge: number | null;
  mitigate: number | null;
  resolve: number | null;
  approvalLatencies: number[];
  approvalP50: number | null;
  approvalP95: number | null;
  dispatched: number;
  tasks: number;
  automatedShare: number | null;
  interventions: number;
  failedActions: number;
  overrides: number;
}

export interface MetricsScope {
  /** Applied, in-scope entries in total order. */
  readonly entries: readonly JournalEntryView[];
  readonly incident: string | null;
  readonly t0: number | null;
  readonly isResponder: (author: string) => boolean;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? null;
}

export function computeMetrics(scope: MetricsScope, time: TimeBase): Metrics {
  const { entries, incident, t0, isResponder } = scope;
  const since = (e: JournalEntryView) => (t0 === null ? null : time.at(e.wall) - t0);
  const afterT0 = (e: JournalEntryView) => t0 !== null && time.at(e.wall) >= t0;
  const onIncident = (e: JournalEntryView) => incident !== null && str(e, 'incident') === incident;

  const ack = entries.find((e) => afterT0(e) && isResponder(e.author) && isResponse(e.kind) && (time.exercise || e.kind !== 'incident.open'));
  const mitigated = entries.find(
    (e) => onIncident(e) && ((e.kind === 'incident.update' && str(e, 'status') === 'monitoring') || e.kind === 'incident.resolve'),
  );
  const resolved = entries.find((e) => onIncident(e) && e.kind === 'incident.resolve');

  const requested = new Map<string, number>();
  const approvals = new Map<string, number[]>();
  const firstAttempt = new Map<string, number>();
  let tasks = 0;
  let failedActions = 0;
  let overrides = 0;
  let interventions = 0;
  for (const e of entries) {
    const t = time.at(e.wall);
    const action = str(e, 'action');
    if (e.kind === 'action.request') requested.set(e.id, t);
    else if (e.kind === 'action.approve' && action !== null) approvals.set(action, [...(approvals.get(action) ?? []), t]);
    else if (e.kind === 'action.attempt' && action !== null && !firstAttempt.has(action)) firstAttempt.set(action, t);
    else if (e.kind === 'action.result' && str(e, 'outcome') === 'failed' && bodyOf(e)?.['final'] !== false) failedActions += 1;
    else if (e.kind === 'action.override') overrides += 1;
    else if (e.kind === 'task.create') tasks += 1;
    if (afterT0(e) && isResponder(e.author) && (INTERVENTION_KINDS.has(e.kind) || e.kind.startsWith('incident.') || e.kind.startsWith('task.')))
      interventions += 1;
  }
  const latencies: number[] = [];
  for (const [id, at] of requested) {
    const attempt = firstAttempt.get(id);
    const ok = (approvals.get(id) ?? []).filter((t) => attempt === undefined || t <= attempt);
    if (ok.length > 0) latencies.push(Math.max(...ok) - at);
  }
  latencies.sort((a, b) => a - b);
  const dispatched = [...requested.keys()].filter((id) => firstAttempt.has(id)).length;
  return {
    acknowledge: ack === undefined ? null : since(ack),
    mitigate: mitigated === undefined ? null : since(mitigated),
    resolve: resolved === undefined ? null : since(resolved),
    approvalLatencies: latencies,
    approvalP50: percentile(latencies, 0.5),
    approvalP95: percentile(latencies, 0.95),
    dispatched,
    tasks,
    automatedShare: dispatched + tasks === 0 ? null : dispatched / (dispatched + tasks),
    interventions,
    failedActions,
    overrides,
  };
}
