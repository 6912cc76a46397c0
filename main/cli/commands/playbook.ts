import { parseArgs } from 'node:util';
import { problemsText, publishProblems, runProblems, stepKey, type PlaybookRun } from '../../../shared/playbook';
import { own, type WorkspaceState } from '../../../shared/state';
import { YamlFileError } from '../../catalog';
import { advanceRun, connectorParamsCheck, loadPlaybookFile, type AdvanceResult } from '../../playbook';
import type { Workspace } from '../../workspace';
import type { CliContext } from '../context';
import { UsageError } from '../context';
import { resolveRef, short } from '../resolveRef';

export const playbookHelp = `commandpost playbook check FILE           validate; errors name the file, line and what is wrong
commandpost playbook publish FILE         journal the exact text and SHA-256 as the version in force (admin, commander)
commandpost playbook list                 published playbooks and the version in force
commandpost playbook run NAME [--service S] [--incident ID] [--input k=v ...]
    start a run of the version in force and take it as far as it goes
commandpost playbook status RUN           the run step by step, with the version it runs
commandpost playbook advance RUN          take a run further (after approvals, action results, waits)
commandpost playbook approve RUN STEP     pass an approval gate (not the member who started the run)`;

const OPTIONS = {
  workspace: { type: 'string' },
  service: { type: 'string' },
  incident: { type: 'string' },
  input: { type: 'string', multiple: true },
} as const;

function parseInputs(pairs: readonly string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--input takes name=value, got ${JSON.stringify(pair)}`);
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

function runOf(state: Readonly<WorkspaceState>, ref: string | undefined): PlaybookRun {
  const runs = state.playbooks?.runs ?? {};
  return runs[resolveRef('playbook run', ref ?? '', Object.keys(runs))]!;
}

function statusLines(state: Readonly<WorkspaceState>, run: PlaybookRun): string[] {
  const version = own(state.playbooks?.versions ?? {}, run.hash);
  const lines = [
    `Run ${short(run.id)} of ${run.playbook} v${run.version} (sha256 ${run.hash.slice(0, 12)}…): ${run.status.toUpperCase()}`,
    `  service ${run.service ?? '-'}; inputs ${
      Object.entries(run.inputs)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ') || '-'
    }`,
  ];
  for (const phase of ['steps', 'success', 'rollback', 'escalation'] as const) {
    for (const step of version?.document[phase] ?? []) {
      const rs = own(run.steps, stepKey(phase, step.id));
      if (rs === undefined && phase !== 'steps') continue;
      lines.push(`  ${phase === 'steps' ? '' : `${phase}/`}${step.id}: ${rs?.status ?? 'not started'}${rs?.note ? ` - ${rs.note}` : ''}`);
    }
  }
  if (run.status !== 'running') lines.push(`  ${run.note}`, ...Object.entries(run.outputs).map(([k, v]) => `  output ${k} = ${v}`));
  return lines;
}

function advanceLines(r: AdvanceResult): string[] {
  return [...r.log.map((l) => `  ${l}`), ...(r.waiting !== null ? [`  waiting: ${r.waiting}`] : [])];
}

function advance(ctx: CliContext, ws: Workspace, runId: string): AdvanceResult {
  return advanceRun(ws, runId, { now: () => ctx.clock.now() });
}

export async function playbook(ctx: CliContext, argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({ args: rest, options: OPTIONS, allowPositionals: true, strict: true });
  if (sub === 'check' || sub === 'publish') {
    const file = positionals[0];
    if (file === undefined) throw new UsageError(`playbook ${sub} needs a FILE\n${playbookHelp}`);
    let loaded;
    try {
      loaded = loadPlaybookFile(file);
    } catch (err) {
      if (!(err instanceof YamlFileError)) throw err;
      ctx.warn(`${err.message}${sub === 'publish' ? '\nNothing was published; the version in force is unchanged.' : ''}`);
      return 1;
    }
    const doc = loaded.document;
    if (sub === 'check') {
      ctx.out(`${file}: OK: playbook ${doc.playbook} v${doc.version} "${doc.title}", ${doc.steps.length} steps, sha256 ${loaded.hash}`);
      return 0;
    }
    const ws = await ctx.openAsMe(values.workspace);
    try {
      const problems = publishProblems(doc, ws.state);
      if (problems.length > 0) {
        ctx.warn(`${file}: ${problemsText(doc.playbook, problems)}\nNothing was published; the version in force is unchanged.`);
        return 1;
      }
      ws.append('playbook.publish', { text: loaded.text, hash: loaded.hash });
      const v = ws.state.playbooks?.versions[loaded.hash];
      ctx.out(`Published playbook ${doc.playbook} v${doc.version} (publication ${v?.number ?? '?'}), sha256 ${loaded.hash}.`);
    } finally {
      ws.close();
    }
    return 0;
  }
  if (sub === 'list' || sub === 'status') {
    const ws = ctx.openToRead(values.workspace);
    try {
      const slice = ws.state.playbooks;
      if (sub === 'status') {
        for (const line of statusLines(ws.state, runOf(ws.state, positionals[0]))) ctx.out(line);
        return 0;
      }
      if (slice === undefined || Object.keys(slice.current).length === 0) ctx.out('No playbooks published.');
      for (const [name, hash] of Object.entries(slice?.current ?? {}).sort()) {
        const v = slice!.versions[hash]!;
        ctx.out(`${name} v${v.version} (sha256 ${hash.slice(0, 12)}…, publication ${v.number}): ${v.title}`);
      }
    } finally {
      ws.close();
    }
    return 0;
  }
  if (sub !== 'run' && sub !== 'advance' && sub !== 'approve') throw new UsageError(playbookHelp);
  const ws = await ctx.openAsMe(values.workspace);
  try {
    if (sub === 'run') {
      const name = positionals[0];
      const hash = name === undefined ? undefined : own(ws.state.playbooks?.current ?? {}, name);
      if (hash === undefined) throw new UsageError(`no playbook ${JSON.stringify(name ?? '')} is published; see \`commandpost playbook list\``);
      const incident = values.incident === undefined ? null : resolveRef('incident', values.incident, Object.keys(ws.state.incidents));
      const inputs = parseInputs(values.input);
      const version = own(ws.state.playbooks?.versions ?? {}, hash);
      const problems =
        version === undefined ? [] : runProblems(version.document, ws.state, { service: values.service ?? null, incident, inputs }, connectorParamsCheck);
      if (problems.length > 0) {
        ctx.warn(`${problemsText(name ?? '', problems)}\nThe run was not started; nothing was journaled.`);
        return 1;
      }
      const entry = ws.append('playbook.run', { hash, service: values.service ?? null, incident, inputs });
      ctx.out(`Started run ${short(entry.id)} of ${name}.`);
      for (const line of advanceLines(advance(ctx, ws, entry.id))) ctx.out(line);
      for (const line of statusLines(ws.state, ws.state.playbooks!.runs[entry.id]!)) ctx.out(line);
      return 0;
    }
    const run = runOf(ws.state, positionals[0]);
    if (sub === 'approve') {
      const step = positionals[1];
      if (step === undefined) throw new UsageError('playbook approve needs RUN and STEP');
      const phase = (['steps', 'success', 'rollback', 'escalation'] as const).find((p) => own(run.steps, stepKey(p, step))?.status === 'waiting') ?? 'steps';
      ws.append('playbook.step', { run: run.id, phase, step, status: 'approved', ref: null, note: 'gate passed' });
      ctx.out(`Passed gate ${step} of run ${short(run.id)}.`);
    } else {
      for (const line of advanceLines(advance(ctx, ws, run.id))) ctx.out(line);
    }
    for (const line of statusLines(ws.state, ws.state.playbooks!.runs[run.id]!)) ctx.out(line);
    return 0;
  } finally {
    ws.close();
  }
}
