import { parseArgs } from 'node:util';
import { ServiceStatusSchema, TaskStatusSchema } from '../../../shared/entries';
import { blastRadius } from '../../../shared/state';
import type { CliContext } from '../context';
import { UsageError } from '../context';
import { resolveRef, short } from '../resolveRef';
import { summaryText } from '../summary';

export const incidentHelp = `commandpost status [--workspace DIR] [--json]
  Summary: open incidents, affected services and their blast radius, tasks.
commandpost incident open --title TITLE [--severity 1-5] [--summary TEXT]
commandpost incident resolve ID [--resolution TEXT]
commandpost service status SERVICE healthy|degraded|down|unknown [--reason TEXT] [--incident ID]
commandpost service show SERVICE
commandpost task create --incident ID --title TITLE [--team TEAM | --member KEY] [--due-in MINUTES]
commandpost task status ID open|in_progress|blocked|done|cancelled
commandpost note add TEXT [--incident ID] [--service SERVICE]
  Every command takes --workspace DIR; ids may be shortened to 6+ hex digits.`;

const OPTIONS = {
  workspace: { type: 'string' },
  json: { type: 'boolean' },
  title: { type: 'string' },
  severity: { type: 'string' },
  summary: { type: 'string' },
  resolution: { type: 'string' },
  reason: { type: 'string' },
  incident: { type: 'string' },
  team: { type: 'string' },
  member: { type: 'string' },
  'due-in': { type: 'string' },
  service: { type: 'string' },
} as const;

export async function status(ctx: CliContext, argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: OPTIONS, strict: true });
  const ws = ctx.openToRead(values.workspace);
  try {
    if (values.json) ctx.out(JSON.stringify({ workspace: ws.id, stateHash: ws.stateHash(), state: ws.state }, null, 2));
    else ctx.out(summaryText(ws.state, ctx.clock.now()));
  } finally {
    ws.close();
  }
  return 0;
}

/** incident / service / task / note: commands that write one entry as this device. */
export async function write(ctx: CliContext, noun: string, argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  const { values, positionals } = parseArgs({ args: rest, options: OPTIONS, allowPositionals: true, strict: true });
  if (noun === 'service' && verb === 'show') {
    const ws = ctx.openToRead(values.workspace);
    try {
      const s = ws.state.services[positionals[0] ?? ''];
      if (s === undefined) throw new UsageError(`no service ${JSON.stringify(positionals[0] ?? '')}`);
      ctx.out(`${s.name} (${s.id}): ${s.status}${s.tier ? `, tier ${s.tier}` : ''}\n${s.description}`);
      ctx.out(`blast radius: ${blastRadius(ws.state, s.id).join(', ') || 'none'}`);
      for (const h of s.history) ctx.out(`  ${new Date(h.at).toISOString()} ${h.status} ${h.reason}`);
    } finally {
      ws.close();
    }
    return 0;
  }
  const ws = await ctx.openAsMe(values.workspace);
  try {
    const incidents = () => Object.keys(ws.state.incidents);
    const key = `${noun} ${verb ?? ''}`;
    if (key === 'incident open') {
      if (!values.title) throw new UsageError('incident open needs --title');
      const e = ws.append('incident.open', { title: values.title, severity: Number(values.severity ?? 3), summary: values.summary ?? '' });
      ctx.out(`Opened incident ${short(e.id)}: ${values.title}`);
    } else if (key === 'incident resolve') {
      const incident = resolveRef('incident', positionals[0] ?? '', incidents());
      ws.append('incident.resolve', { incident, resolution: values.resolution ?? '' });
      ctx.out(`Resolved incident ${short(incident)}.`);
    } else if (key === 'service status') {
      const [service, state] = positionals;
      const parsed = ServiceStatusSchema.safeParse(state);
      if (!service || !parsed.success) throw new UsageError('service status SERVICE healthy|degraded|down|unknown');
      const incident = values.incident ? resolveRef('incident', values.incident, incidents()) : null;
      ws.append('service.status', { service, status: parsed.data, reason: values.reason ?? '', incident });
      const radius = blastRadius(ws.state, service);
      ctx.out(
        `${service} is ` +
          `${parsed.data}.${parsed.data === 'healthy' ? '' : ` Blast radius: ${radius.length} services${radius.length ? `: ${radius.join(', ')}` : ''}.`}`,
      );
    } else if (key === 'task create') {
      if (!values.title || !values.incident) throw new UsageError('task create needs --incident and --title');
      const incident = resolveRef('incident', values.incident, incidents());
      const assignee = values.team ? { team: values.team } : values.member ? { member: values.member } : null;
      const due = values['due-in'] ? ctx.clock.now() + Number(values['due-in']) * 60_000 : null;
      const e = ws.append('task.create', { incident, title: values.title, assignee, due });
      ctx.out(`Created task ${short(e.id)}: ${values.title}`);
    } else if (key === 'task status') {
      const task = resolveRef('task', positionals[0] ?? '', Object.keys(ws.state.tasks));
      const parsed = TaskStatusSchema.safeParse(positionals[1]);
      if (!parsed.success) throw new UsageError('task status ID open|in_progress|blocked|done|cancelled');
      ws.append('task.status', { task, status: parsed.data });
      ctx.out(`Task ${short(task)} is ${parsed.data}.`);
    } else if (key === 'note add') {
      const text = positionals.join(' ');
      const incident = values.incident ? resolveRef('incident', values.incident, incidents()) : null;
      const e = ws.append('note.add', { text, incident, service: values.service ?? null });
      ctx.out(`Noted (${short(e.id)}).`);
    } else {
      throw new UsageError(incidentHelp);
    }
  } finally {
    ws.close();
  }
  return 0;
}
