import { activePartitions, describeInject, failingConnectors, nextDueAt, simOffsetAt } from '../../shared/exercise';
import { formatOffset } from '../../shared/report';
import { own, type ExerciseState, type WorkspaceState } from '../../shared/state';

// `commandpost exercise status`: what a facilitator checks between injects.

export function exerciseStatusText(state: Readonly<WorkspaceState>, ex: Readonly<ExerciseState>, wallNow: number): string {
  const offset = simOffsetAt(ex.segments, wallNow);
  const speed = ex.segments[ex.segments.length - 1]?.speed ?? 1;
  const lines = [`EXERCISE: ${ex.title} (${ex.scenarioId}), seed ${ex.seed}`];
  lines.push(ex.status === 'ended' ? `Clock: ended at ${formatOffset(ex.endedAt ?? offset)}` : `Clock: ${ex.status} at ${speed}x, now ${formatOffset(offset)}`);
  const fired = Object.entries(ex.fired).sort(([, a], [, b]) => a.at - b.at);
  const next = nextDueAt(ex);
  const nextId = next === null ? null : (Object.entries(ex.schedule).find(([id, at]) => at === next && !Object.hasOwn(ex.fired, id))?.[0] ?? null);
  const overdue = Object.entries(ex.schedule).filter(([id, at]) => at <= offset && !Object.hasOwn(ex.fired, id)).length;
  lines.push(
    `Injects: ${fired.filter(([, f]) => f.source === 'scenario').length} of ${Object.keys(ex.schedule).length} fired` +
      (nextId !== null && next !== null ? `; next ${nextId} at ${formatOffset(next)}` : '') +
      (overdue > 0 ? `; ${overdue} due but not fired (is \`commandpost exercise drive\` running?)` : ''),
  );
  for (const [id, f] of fired) lines.push(`  ${formatOffset(f.at)}  ${f.source === 'adhoc' ? '(ad-hoc) ' : ''}${id}: ${describeInject(f.payload)}`);
  for (const p of activePartitions(ex, offset))
    lines.push(`Partition in force (${p.inject}): ${p.cut.join(', ')} cut off from ${p.from.length > 0 ? p.from.join(', ') : 'everyone else'}`);
  for (const [connector, f] of failingConnectors(ex, offset)) lines.push(`Connector failing: ${connector} (${f.mode})`);
  const cast = ex.participants.map((p) => `${p} = ${ex.cast[p] ? (own(state.members, ex.cast[p] ?? '')?.name ?? 'unknown member') : 'not cast'}`);
  lines.push(`Cast: ${cast.join('; ')}`);
  lines.push(`Facilitator notes: ${ex.notes}`);
  return lines.join('\n');
}
