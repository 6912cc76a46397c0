import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { IcsRoleSchema, ObjectiveStatusSchema } from '../../../shared/entries';
import {
  actionPlanHtml,
  actionPlanMarkdown,
  actionPlanOf,
  activityLog,
  activityLogMarkdown,
  generateBriefing,
  orgChart,
  orgChartMarkdown,
  statusSummaryMarkdown,
  statusSummaryOf,
} from '../../../shared/ics';
import { icsOf } from '../../../shared/state';
import { nodeCrypto } from '../../crypto';
import type { Workspace } from '../../workspace';
import type { CliContext } from '../context';
import { UsageError } from '../context';
import { resolveRef, short } from '../resolveRef';
import { parseTime, resolveIncident, resolveMember } from './icsArgs';

export const icsHelp = `commandpost ics <command> [--incident ID] [--workspace DIR]   (Incident Command System, docs/ics.md)
  ics org                               ICS 207 organisation chart of the incident
  ics assign ROLE MEMBER                ROLE: commander deputy safety liaison communications scribe
  ics release ROLE MEMBER                     operations planning specialist; MEMBER: name or key
  ics unified on|off                    unified command (several commanders) on or off
  ics handover --to MEMBER              offer command; prints the ICS 201 briefing and its SHA-256
  ics accept [--hash SHA256]            accept the handover offered to you (restates the briefing hash)
  ics take --reason TEXT                take command without an offer (admins; or nobody commands)
  ics period start --end TIME [--start TIME]   TIME: ISO 8601 or +90m / +4h
  ics objective add TEXT [--owner MEMBER]
  ics objective update ID [--status open|in_progress|met|not_met|dropped] [--owner MEMBER] [--text TEXT]
  ics comms TEXT                        ICS 205 communications plan note for the current period
  ics briefing [--out FILE.md]          ICS 201 briefing as Markdown (hash on stderr)
  ics iap [--format md|html] [--out FILE]   incident action plan for the current period
  ics status-summary                    ICS 209 conditions, actions, needs
  ics log MEMBER                        ICS 214 activity log: MEMBER's signed entries for the incident`;

const OPTIONS = {
  workspace: { type: 'string' },
  incident: { type: 'string' },
  to: { type: 'string' },
  hash: { type: 'string' },
  reason: { type: 'string' },
  start: { type: 'string' },
  end: { type: 'string' },
  owner: { type: 'string' },
  status: { type: 'string' },
  text: { type: 'string' },
  out: { type: 'string' },
  format: { type: 'string' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

const READS = ['org', 'briefing', 'iap', 'status-summary', 'log'];

export async function ics(ctx: CliContext, argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  const [verb, ...args] = positionals;
  if (verb === undefined) throw new UsageError(icsHelp);
  const ws = READS.includes(verb) ? ctx.openToRead(values.workspace) : await ctx.openAsMe(values.workspace);
  try {
    const incident = resolveIncident(ws.state, values.incident);
    if (READS.includes(verb)) read(ctx, ws, incident, verb, args, values);
    else write(ctx, ws, incident, verb, args, values);
  } finally {
    ws.close();
  }
  return 0;
}

/** Print `text`, or write it to --out and say where. */
function emit(ctx: CliContext, text: string, out: string | undefined, what: string): void {
  if (out === undefined) {
    ctx.io.stdout(text);
    return;
  }
  writeFileSync(out, text);
  ctx.out(`Wrote ${what} to ${out}`);
}

function read(ctx: CliContext, ws: Workspace, incident: string, verb: string, args: string[], values: Values): void {
  const state = ws.state;
  if (verb === 'org') {
    ctx.io.stdout(orgChartMarkdown(orgChart(state, incident), state.incidents[incident]?.title));
  } else if (verb === 'briefing') {
    const b = generateBriefing(nodeCrypto, state, incident);
    emit(ctx, b.markdown, values.out, 'the ICS 201 briefing');
    ctx.warn(`briefing sha256 ${b.hash}`);
  } else if (verb === 'iap') {
    const format = values.format ?? (values.out?.endsWith('.html') ? 'html' : 'md');
    if (format !== 'md' && format !== 'html') throw new UsageError('ics iap --format md|html');
    const plan = actionPlanOf(state, incident);
    emit(ctx, format === 'html' ? actionPlanHtml(plan) : actionPlanMarkdown(plan), values.out, 'the incident action plan');
  } else if (verb === 'status-summary') {
    emit(ctx, statusSummaryMarkdown(statusSummaryOf(state, incident, ctx.clock.now())), values.out, 'the status summary');
  } else {
    const member = resolveMember(state, need(args[0], 'ics log MEMBER'));
    const entries = [...ws.store.entriesAfter(null)].map((e) => ({ ...e, rejected: state.rejected[e.id] ?? null }));
    emit(ctx, activityLogMarkdown(activityLog(state, incident, member, entries)), values.out, 'the activity log');
  }
}

function need(value: string | undefined, usage: string): string {
  if (value === undefined || value === '') throw new UsageError(usage);
  return value;
}

function role(text: string | undefined) {
  const parsed = IcsRoleSchema.safeParse(text);
  if (!parsed.success) throw new UsageError(`ROLE must be one of ${IcsRoleSchema.options.join(', ')}`);
  return parsed.data;
}

function write(ctx: CliContext, ws: Workspace, incident: string, verb: string, args: string[], values: Values): void {
  const state = ws.state;
  const name = (key: string) => state.members[key]?.name ?? short(key);
  const key = `${verb} ${args[0] ?? ''}`.trim();
  if (verb === 'assign' || verb === 'release') {
    const r = role(args[0]);
    const member = resolveMember(state, need(args[1], `ics ${verb} ROLE MEMBER`));
    ws.append(verb === 'assign' ? 'ics.assign' : 'ics.release', { incident, role: r, member });
    ctx.out(`${name(member)} ${verb === 'assign' ? 'now holds' : 'released from'} ${r}.`);
  } else if (verb === 'unified') {
    if (args[0] !== 'on' && args[0] !== 'off') throw new UsageError('ics unified on|off');
    ws.append('ics.unified', { incident, on: args[0] === 'on' });
    ctx.out(`Unified command is ${args[0]}.`);
  } else if (verb === 'handover') {
    const to = resolveMember(state, need(values.to, 'ics handover --to MEMBER'));
    const b = generateBriefing(nodeCrypto, state, incident);
    const e = ws.append('ics.handoverOffer', { incident, to, briefing: b.hash, markdown: b.markdown });
    ctx.io.stdout(b.markdown);
    ctx.out(`\nOffered command to ${name(to)} (offer ${short(e.id)}). Briefing sha256 ${b.hash}`);
    ctx.out(`Command passes when ${name(to)} runs: commandpost ics accept`);
  } else if (verb === 'accept') {
    accept(ctx, ws, incident, values.hash);
  } else if (verb === 'take') {
    const b = generateBriefing(nodeCrypto, state, incident);
    ws.append('ics.takeCommand', { incident, briefing: b.hash, markdown: b.markdown, reason: need(values.reason, 'ics take --reason TEXT') });
    ctx.io.stdout(b.markdown);
    ctx.out(`\nYou took command. Briefing sha256 ${b.hash}`);
  } else if (key === 'period start') {
    const now = ctx.clock.now();
    const start = values.start === undefined ? now : parseTime(values.start, now);
    const end = parseTime(need(values.end, 'ics period start --end TIME'), now);
    const e = ws.append('ics.periodStart', { incident, start, end });
    const p = icsOf(ws.state, incident).periods.find((x) => x.id === e.id);
    ctx.out(`Operational period ${p?.number ?? '?'} started (${short(e.id)}): ${new Date(start).toISOString()} to ${new Date(end).toISOString()}.`);
  } else if (key === 'objective add') {
    const owner = values.owner === undefined ? null : resolveMember(state, values.owner);
    const e = ws.append('ics.objectiveAdd', { incident, text: need(args.slice(1).join(' '), 'ics objective add TEXT'), owner });
    ctx.out(`Objective ${short(e.id)} added${owner === null ? '' : ` (owner ${name(owner)})`}.`);
  } else if (key === 'objective update') {
    const objective = resolveRef('objective', need(args[1], 'ics objective update ID'), Object.keys(icsOf(state, incident).objectives));
    const parsed = values.status === undefined ? undefined : ObjectiveStatusSchema.safeParse(values.status);
    if (parsed !== undefined && !parsed.success) throw new UsageError(`--status must be one of ${ObjectiveStatusSchema.options.join(', ')}`);
    const status = parsed?.data;
    const owner = values.owner === undefined ? undefined : resolveMember(state, values.owner);
    ws.append('ics.objectiveUpdate', { incident, objective, status, owner, text: values.text });
    ctx.out(`Objective ${short(objective)} updated.`);
  } else if (verb === 'comms') {
    ws.append('ics.commsPlan', { incident, text: need(args.join(' '), 'ics comms TEXT') });
    ctx.out('Communications plan recorded for the current period.');
  } else {
    throw new UsageError(icsHelp);
  }
}

/**
 * The incoming commander accepts: shown the briefing exactly as journaled with
 * the offer, they restate its hash (--hash, if given, must be that hash).
 */
function accept(ctx: CliContext, ws: Workspace, incident: string, hashFlag: string | undefined): void {
  const offer = icsOf(ws.state, incident).handover;
  if (offer === null) throw new UsageError('no handover of this incident is pending');
  if (offer.to !== ws.me) throw new UsageError(`the pending handover is addressed to ${ws.state.members[offer.to]?.name ?? offer.to}, not to this device`);
  if (hashFlag !== undefined && hashFlag !== offer.briefing)
    throw new UsageError(`--hash ${hashFlag} is not the hash of the briefing offered (${offer.briefing})`);
  const body = ws.store.get(offer.entry)?.body;
  const markdown = typeof body === 'object' && body !== null && 'markdown' in body && typeof body.markdown === 'string' ? body.markdown : null;
  ctx.io.stdout(markdown ?? '(the briefing text of this offer was redacted; its hash stands)\n');
  ws.append('ics.handoverAccept', { incident, offer: offer.entry, briefing: offer.briefing });
  ctx.out(`\nYou are in command. Briefing sha256 ${offer.briefing} journaled with the acceptance.`);
}
