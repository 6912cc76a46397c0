import { parseArgs } from 'node:util';
import { writeScenarioFromIncident } from '../../exercise';
import { pickIncident } from '../../report';
import { resourcesDir } from '../../workspace';
import type { CliContext } from '../context';
import { UsageError } from '../context';

export const fromIncidentHelp = `commandpost exercise from-incident [INCIDENT] --out SCENARIO.yaml [--pseudonymise] [--catalog demo|FILE] [--workspace DIR]
  Turn an incident's journal (default: the latest) into a scenario that replays it: status changes and notes
  become injects, the team's actions the script, what they did (within their time + 5 min) the rubric.`;

export async function exerciseFromIncident(ctx: CliContext, argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { workspace: { type: 'string' }, out: { type: 'string' }, pseudonymise: { type: 'boolean' }, catalog: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (values.out === undefined) throw new UsageError(`exercise from-incident needs --out FILE\n${fromIncidentHelp}`);
  const ws = ctx.openToRead(values.workspace);
  try {
    const incident = pickIncident(ws, positionals[0] ?? null);
    const { loaded, warnings } = writeScenarioFromIncident(ws, {
      incident,
      out: values.out,
      catalog: values.catalog ?? 'demo',
      resources: resourcesDir(),
      pseudonymise: values.pseudonymise === true,
    });
    const s = loaded.scenario;
    ctx.out(
      `Wrote ${loaded.file}: ${s.participants.length} participants, ${s.injects.length} injects, ${s.script.length} scripted steps, ` +
        `${s.rubric.length} rubric items.`,
    );
    for (const w of warnings) ctx.out(`note: ${w}`);
    ctx.out(`Run it: commandpost exercise run ${values.out} --speed max --report report.md`);
  } finally {
    ws.close();
  }
  return 0;
}
