// Child process for the cold-open benchmark:
//   node --import tsx test/bench/openChild.ts <workspace dir> [--time-checkpoint]
// Times Workspace.open in a fresh process (no warm in-process caches), the
// way an operator's console starts, then prints one JSON object on stdout.
// Not a benchmark file itself (run.ts only runs *.bench.ts).
import { Workspace } from '../../main/workspace';
import { systemClock } from '../../main/clock';

const dir = process.argv[2];
if (dir === undefined) {
  process.stderr.write('usage: openChild.ts <workspace dir> [--time-checkpoint]\n');
  process.exit(2);
}
const timeCheckpoint = process.argv.includes('--time-checkpoint');

// Everything before this line (Node start-up, tsx, module loading) is reported separately.
const startupMs = performance.now();
const t0 = performance.now();
const ws = Workspace.open({ dir, clock: systemClock });
const t1 = performance.now();
const state = ws.state;
const services = Object.keys(state.services).length;
const t2 = performance.now();

// Record sizes of every section of the projection, whatever its current shape.
const stateSections: Record<string, number> = {};
for (const [name, value] of Object.entries(state)) {
  if (value !== null && typeof value === 'object') stateSections[name] = Object.keys(value).length;
}

const out: Record<string, unknown> = {
  openMs: t1 - t0,
  stateReadyMs: t2 - t1,
  totalMs: t2 - t0,
  startupMs,
  services,
  stateSections,
  rejected: stateSections.rejected ?? 0,
  applied: state.applied,
  entries: ws.store.count(),
  rssMB: Math.round(process.memoryUsage().rss / 1e6),
};
if (timeCheckpoint) {
  const c0 = performance.now();
  ws.checkpoint();
  out.checkpointMs = performance.now() - c0;
}
ws.close();
process.stdout.write(`${JSON.stringify(out)}\n`);
