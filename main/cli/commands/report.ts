import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { exerciseOf } from '../../../shared/state';
import { pickIncident, renderReport, workspaceReport } from '../../report';
import type { CliContext } from '../context';
import { UsageError } from '../context';

export const reportHelp = `commandpost report incident [ID] [--workspace DIR] [--format md|html] [--out FILE]
  Post-incident report of a real incident (default: the most recently opened) from the journal:
  timeline, decisions with who and when, metrics (time to acknowledge/mitigate/resolve,
  approval latency p50/p95, share automated), flags.
commandpost report exercise [--workspace DIR] [--format md|html] [--out FILE]
  After-action report of an exercise workspace: the same plus the rubric score and facilitator notes.
  Without --out the report goes to stdout; --format defaults from the --out extension (.html), else md.`;

export async function report(ctx: CliContext, argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    options: { workspace: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (sub !== 'incident' && sub !== 'exercise') throw new UsageError(reportHelp);
  const format = values.format ?? (values.out?.toLowerCase().endsWith('.html') ? 'html' : 'md');
  if (format !== 'md' && format !== 'html') throw new UsageError(`--format must be md or html, not ${JSON.stringify(format)}`);
  const ws = ctx.openToRead(values.workspace);
  try {
    const isExercise = exerciseOf(ws.state) !== null;
    if (sub === 'exercise' && !isExercise) throw new UsageError(`${ws.dir} is not an exercise workspace; for a real incident use \`report incident\``);
    if (sub === 'incident' && isExercise) throw new UsageError(`${ws.dir} is an exercise workspace; use \`report exercise\``);
    const text = renderReport(workspaceReport(ws, sub === 'incident' ? pickIncident(ws, positionals[0] ?? null) : null), format);
    if (values.out === undefined) ctx.io.stdout(text);
    else {
      writeFileSync(values.out, text);
      ctx.out(`Report written to ${resolve(values.out)}`);
    }
  } finally {
    ws.close();
  }
  return 0;
}
