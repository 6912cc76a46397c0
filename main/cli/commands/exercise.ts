import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { MAX_SPEED, MIN_SPEED, nextDueAt, simOffsetAt, wallAtOffset } from '../../../shared/exercise';
import { formatOffset } from '../../../shared/report';
import {
  adhocInject,
  castParticipant,
  endExercise,
  facilitatorNote,
  fireDue,
  fireNow,
  loadScenarioFile,
  pauseExercise,
  requireExercise,
  resumeExercise,
  runHeadless,
  setSpeed,
  setupExercise,
  adhocPayload,
  exerciseStatusText,
} from '../../exercise';
import { generateKeyPair, signerFromSeed } from '../../crypto';
import { renderReport, workspaceReport, type ReportFormat } from '../../report';
import { JOURNAL_FILE, Workspace, resourcesDir } from '../../workspace';
import type { CliContext } from '../context';
import { UsageError } from '../context';
import { exerciseFromIncident, fromIncidentHelp } from './exerciseFromIncident';

export const exerciseHelp = `commandpost exercise run SCENARIO.yaml [--speed 1-60|max] [--seed S] [--workspace DIR] [--report FILE] [--format md|html] [--as-me]
  Run a whole tabletop exercise unattended on the simulated clock: a new exercise workspace
  (a temporary one, removed at the end, unless --workspace), injects on time, the scenario's scripted responses,
  then the after-action report. --speed 60 (default): 30 scenario minutes take 30 s;
  --speed max: a virtual clock, no waiting (same report). Signed by a throwaway facilitator key
  unless --as-me (this device's identity).
commandpost exercise start SCENARIO.yaml [--workspace DIR] [--speed 1-60] [--seed S] [--drive]
  Start a live exercise in a new workspace (this device facilitates). --drive: then fire injects on time.
commandpost exercise drive        fire injects on time until the exercise ends (Ctrl+C stops; safe to restart)
commandpost exercise status | pause | resume | speed N | end [--reason TEXT]
commandpost exercise inject ID    fire a scenario inject now
commandpost exercise inject-adhoc --kind status|alert|message|partition|connector-failure [--id ID]
    [--title T] [--text T] [--service S] [--status S] [--source S] [--severity info|warning|critical]
    [--from F] [--to P] [--channel C] [--cut P1,P2] [--duration 5m] [--connector C] [--mode error|timeout|unavailable]
commandpost exercise note TEXT    a facilitator note for the after-action report
commandpost exercise cast PARTICIPANT --key KEY [--name NAME]   let a member play a scenario participant
${fromIncidentHelp}
  Every command but run takes --workspace DIR (the exercise's workspace).`;

const OPTIONS = {
  workspace: { type: 'string' },
  speed: { type: 'string' },
  seed: { type: 'string' },
  report: { type: 'string' },
  format: { type: 'string' },
  drive: { type: 'boolean' },
  'as-me': { type: 'boolean' },
  reason: { type: 'string' },
  id: { type: 'string' },
  kind: { type: 'string' },
  title: { type: 'string' },
  text: { type: 'string' },
  service: { type: 'string' },
  status: { type: 'string' },
  source: { type: 'string' },
  severity: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  channel: { type: 'string' },
  cut: { type: 'string' },
  duration: { type: 'string' },
  connector: { type: 'string' },
  mode: { type: 'string' },
  key: { type: 'string' },
  name: { type: 'string' },
} as const;

const DEFAULT_SEED = '1';

/** `name` is how the user gave it: `--speed` (run, start) or `speed` (the N of `exercise speed N`). */
function parseSpeed(name: string, text: string | undefined, fallback: number, allowMax: boolean): number | 'max' {
  if (text === undefined) return fallback;
  if (allowMax && (text === 'max' || text === 'instant')) return 'max';
  const n = Number(text);
  if (!Number.isInteger(n) || n < MIN_SPEED || n > MAX_SPEED) {
    throw new UsageError(
      `${name} must be between ${MIN_SPEED} and ${MAX_SPEED}${allowMax ? ' (or max)' : ''}, not ${JSON.stringify(text)}; nothing was changed`,
    );
  }
  return n;
}

function formatOf(format: string | undefined, file: string | undefined): ReportFormat {
  const f = format ?? (file?.toLowerCase().endsWith('.html') ? 'html' : 'md');
  if (f !== 'md' && f !== 'html') throw new UsageError(`--format must be md or html, not ${JSON.stringify(f)}`);
  return f;
}

function freshDir(ctx: CliContext, flag: string | undefined, scenarioId: string): string {
  if (flag !== undefined) {
    const dir = ctx.workspaceDir(flag);
    if (existsSync(join(dir, JOURNAL_FILE))) throw new UsageError(`${dir} already holds a journal; an exercise needs a workspace of its own`);
    return dir;
  }
  for (let n = 1; ; n++) {
    const dir = join(ctx.configDir, 'workspaces', n === 1 ? `exercise-${scenarioId}` : `exercise-${scenarioId}-${n}`);
    if (!existsSync(join(dir, JOURNAL_FILE))) return dir;
  }
}

async function run(ctx: CliContext, file: string, values: Record<string, string | boolean | undefined>): Promise<number> {
  const speed = parseSpeed('--speed', values.speed as string | undefined, 60, true);
  const reportFile = values.report as string | undefined;
  const format = formatOf(values.format as string | undefined, reportFile);
  // Without --workspace the run's workspace is temporary: removed when the run ends, however it ends.
  const temp = values.workspace === undefined ? mkdtempSync(join(tmpdir(), 'commandpost-exercise-')) : null;
  const dir = temp === null ? freshDir(ctx, values.workspace as string, '') : join(temp, 'workspace');
  const removeTemp = (): void => {
    if (temp !== null) rmSync(temp, { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    removeTemp();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await runAndReport(ctx, file, values, dir, speed, reportFile, format);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    removeTemp();
    if (temp !== null) ctx.out('The temporary exercise workspace was removed (--workspace DIR keeps one).');
  }
}

async function runAndReport(
  ctx: CliContext,
  file: string,
  values: Record<string, string | boolean | undefined>,
  dir: string,
  speed: number | 'max',
  reportFile: string | undefined,
  format: ReportFormat,
): Promise<number> {
  // Unattended: a throwaway facilitator key unless asked to sign as this device (no keychain needed in CI).
  const signer = values['as-me'] ? (await ctx.identity(true)).signer : signerFromSeed(generateKeyPair().seed);
  const result = await runHeadless({
    scenarioFile: resolve(file),
    resources: resourcesDir(ctx.io.env),
    dir,
    speed,
    seed: (values.seed as string | undefined) ?? DEFAULT_SEED,
    facilitator: { signer, name: values['as-me'] ? (ctx.io.env.USER ?? 'Facilitator') : 'Unattended run' },
    startWall: ctx.clock.now(),
    realClock: ctx.clock,
    sleep: (ms) => sleep(ms),
    log: (line) => ctx.out(line),
  });
  try {
    const report = workspaceReport(result.workspace);
    const text = renderReport(report, format);
    if (report.score !== null) ctx.out(`Score: ${report.score.earned} / ${report.score.possible}`);
    if (reportFile !== undefined) {
      writeFileSync(reportFile, text);
      ctx.out(`Report written to ${resolve(reportFile)}`);
    } else {
      ctx.out();
      ctx.io.stdout(text);
    }
    if (values.workspace !== undefined) ctx.out(`Exercise workspace: ${dir}`);
  } finally {
    result.workspace.close();
  }
  return 0;
}

async function start(ctx: CliContext, file: string, values: Record<string, string | boolean | undefined>): Promise<number> {
  const loaded = loadScenarioFile(resolve(file), resourcesDir(ctx.io.env));
  const speed = parseSpeed('--speed', values.speed as string | undefined, 1, false) as number;
  const dir = freshDir(ctx, values.workspace as string | undefined, loaded.scenario.id);
  const me = await ctx.identity(true);
  const ws = Workspace.create({
    dir,
    name: `Exercise: ${loaded.scenario.title}`,
    creatorName: ctx.io.env.USER ?? 'Facilitator',
    signer: me.signer,
    clock: ctx.clock,
  });
  try {
    setupExercise(ws, loaded, { seed: (values.seed as string | undefined) ?? DEFAULT_SEED, speed, cast: {} });
    ctx.out(`Exercise "${loaded.scenario.title}" started at ${speed}x in ${dir}`);
    ctx.out(`Participants to cast (commandpost exercise cast PARTICIPANT --key KEY --workspace ${dir}):`);
    for (const p of loaded.scenario.participants) ctx.out(`  ${p.id}: ${p.name} (${p.roles.join(', ')}${p.teams.length ? `; ${p.teams.join(', ')}` : ''})`);
  } finally {
    ws.close();
  }
  if (values.drive) return drive(ctx, dir);
  ctx.out(`Injects fire while \`commandpost exercise drive --workspace ${dir}\` runs.`);
  return 0;
}

/** The live scheduler: fire what is due, sleep until the next inject (or a second, to notice pauses and the end). */
async function drive(ctx: CliContext, dir: string): Promise<number> {
  const ws = await ctx.openAsMe(dir);
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    ctx.out(`Driving the exercise in ${dir} (Ctrl+C stops; nothing is lost, drive again to continue).`);
    while (!stop.signal.aborted) {
      const now = ctx.clock.now();
      for (const line of fireDue(ws, ctx.clock)) ctx.out(`${formatOffset(simOffsetAt(requireExercise(ws).segments, now))}  inject ${line}`);
      const ex = requireExercise(ws);
      if (ex.status === 'ended') {
        ctx.out(`The exercise ended at ${formatOffset(ex.endedAt ?? 0)}.`);
        break;
      }
      const next = nextDueAt(ex);
      const wall = next === null ? null : wallAtOffset(ex.segments, next);
      const wait = wall === null ? 1000 : Math.min(1000, Math.max(20, wall - ctx.clock.now()));
      await sleep(wait, undefined, { signal: stop.signal }).catch(() => undefined);
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    ws.close();
  }
  return 0;
}

export async function exercise(ctx: CliContext, argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'from-incident') return exerciseFromIncident(ctx, rest);
  const { values, positionals } = parseArgs({ args: rest, options: OPTIONS, allowPositionals: true, strict: true });
  if (sub === 'run' || sub === 'start') {
    const file = positionals[0];
    if (file === undefined) throw new UsageError(`exercise ${sub} needs a scenario file\n${exerciseHelp}`);
    return sub === 'run' ? run(ctx, file, values) : start(ctx, file, values);
  }
  if (sub === 'drive') return drive(ctx, ctx.workspaceDir(values.workspace));
  if (sub === 'status') {
    const ws = ctx.openToRead(values.workspace);
    try {
      ctx.out(exerciseStatusText(ws.state, requireExercise(ws), ctx.clock.now()));
    } finally {
      ws.close();
    }
    return 0;
  }
  const known = ['pause', 'resume', 'speed', 'end', 'inject', 'inject-adhoc', 'note', 'cast'];
  if (sub === undefined || !known.includes(sub)) throw new UsageError(exerciseHelp);
  // Checked before the workspace is opened: opening fires overdue injects, and a refused command must change nothing.
  const speed = sub === 'speed' ? parseSpeed('speed', positionals[0] ?? '', 0, false) : null;
  const ws = await ctx.openAsMe(values.workspace);
  try {
    requireExercise(ws);
    // Anything overdue fires first, so the journal shows it before the facilitator's move.
    for (const line of fireDue(ws, ctx.clock)) ctx.out(`inject ${line}`);
    const offset = () => formatOffset(simOffsetAt(requireExercise(ws).segments, ctx.clock.now()));
    if (sub === 'pause') pauseExercise(ws);
    else if (sub === 'resume') resumeExercise(ws);
    else if (speed !== null) setSpeed(ws, speed as number);
    else if (sub === 'end') endExercise(ws, values.reason ?? '');
    else if (sub === 'inject') ctx.out(`inject ${fireNow(ws, positionals[0] ?? '')}`);
    else if (sub === 'inject-adhoc') ctx.out(`inject ${adhocInject(ws, adhocPayload(values), values.id)}`);
    else if (sub === 'note') {
      if (positionals.length === 0) throw new UsageError('exercise note TEXT');
      facilitatorNote(ws, positionals.join(' '));
    } else if (sub === 'cast') {
      const participant = positionals[0];
      if (participant === undefined || values.key === undefined) throw new UsageError('exercise cast PARTICIPANT --key KEY [--name NAME]');
      castParticipant(ws, participant, values.key, values.name);
    }
    const ex = requireExercise(ws);
    ctx.out(
      `${sub === 'inject' || sub === 'inject-adhoc' ? 'Fired' : 'Done'} at ${offset()}; the exercise is ` +
        `${ex.status}${ex.status === 'ended' ? '' : ` at ${ex.segments[ex.segments.length - 1]?.speed ?? 1}x`}.`,
    );
  } finally {
    ws.close();
  }
  return 0;
}
