import { parseArgs } from 'node:util';
import type { JsonValue } from '../../../shared/canonical';
import { decideAction, RISKS, RiskSchema } from '../../../shared/approvals';
import { own, type ActionRecord, type WorkspaceState } from '../../../shared/state';
import { capPreview, ConnectorParamsError, createConnectors } from '../../connectors';
import { Outbox } from '../../dispatch';
import type { CliContext } from '../context';
import { UsageError } from '../context';
import { resolveRef, short } from '../resolveRef';
import { decisionLines } from './policy';
import { dispatchCommand, dispatchHelp } from './dispatch';
import { currentVersion, editedVersion, hashToApprove, versionLines } from './actionVersion';

export const actionHelp = `commandpost action request --connector C --operation O --env E --risk ${RISKS.join('|')} --target TEXT --summary TEXT
    [--params JSON] [--incident ID] [--executor KEY]
commandpost action approve ID [--hash HEX] [--comment TEXT]
    shows the preview and signs its parameters hash; --hash pins the version you reviewed (action show prints it)
commandpost action edit ID [--target TEXT] [--params JSON] [--preview TEXT] [--comment TEXT]
    (requester, while pending) earlier approvals stop counting: approvers must approve the new hash
commandpost action reject ID --comment TEXT
commandpost action override ID --justification TEXT   (incident commander: break-glass, flagged everywhere)
commandpost action list [--all]      pending actions and why each is blocked or allowed
commandpost action show ID
${dispatchHelp}
  Every command takes --workspace DIR.`;

const OPTIONS = {
  workspace: { type: 'string' },
  connector: { type: 'string' },
  operation: { type: 'string' },
  env: { type: 'string' },
  risk: { type: 'string' },
  target: { type: 'string' },
  summary: { type: 'string' },
  params: { type: 'string' },
  incident: { type: 'string' },
  executor: { type: 'string' },
  comment: { type: 'string' },
  justification: { type: 'string' },
  hash: { type: 'string' },
  preview: { type: 'string' },
  all: { type: 'boolean' },
} as const;

function parseParamsJson(text: string | undefined): Record<string, JsonValue> {
  if (text === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`--params is not JSON: ${(err as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new UsageError('--params must be a JSON object');
  return value as Record<string, JsonValue>;
}

/** The connector's dry run, when this device knows the connector without configuration. */
function previewOf(connector: string, operation: string, params: Record<string, JsonValue>): string {
  const c = createConnectors().get(connector);
  if (c === undefined) return '';
  try {
    const p = c.preview(c.validate({ ...params, operation }));
    return capPreview(
      [p.text, p.request ? `${p.request.method} ${p.request.url}\n${p.request.body ?? ''}` : '', p.argv ? JSON.stringify(p.argv) : '']
        .filter(Boolean)
        .join('\n'),
    );
  } catch (err) {
    if (err instanceof ConnectorParamsError) throw new UsageError(err.message);
    throw err;
  }
}

function nameOf(state: Readonly<WorkspaceState>, key: string): string {
  return own(state.members, key)?.name ?? short(key);
}

function describe(state: Readonly<WorkspaceState>, a: ActionRecord, now: number, outbox: Outbox | null = null): string[] {
  const lines = [`${short(a.id)}  ${a.status.toUpperCase()}  ${a.connector} ${a.operation} in ${a.environment} (risk ${a.risk}): ${a.summary}`];
  lines.push(`  target ${a.target}; requested by ${nameOf(state, a.requester)} at ${new Date(a.requestedAt).toISOString()}`);
  for (const o of a.overrides) lines.push(`  BREAK-GLASS by ${nameOf(state, o.by)}: "${o.justification}"`);
  if (a.result) lines.push(`  last result (attempt ${a.result.attempt}): ${a.result.outcome}${a.result.message ? `: ${a.result.message}` : ''}`);
  if (a.rollback)
    lines.push(
      `  ROLLBACK ${a.rollback.outcome} by ${nameOf(state, a.rollback.by)}: "${a.rollback.reason}"${a.rollback.message ? ` - ${a.rollback.message}` : ''}`,
    );
  if (a.status === 'pending' || a.status === 'retrying' || a.status === 'rejected') {
    const d = decideAction(state, a, now);
    if (d !== null) lines.push(...decisionLines(d).map((l) => `  ${l}`));
  }
  // What this device's dispatcher last said about it (a missing secret, the next retry), when it is still to go out.
  const row = a.status === 'pending' || a.status === 'retrying' || a.status === 'dispatching' ? outbox?.get(a.id) : null;
  if (row?.reason) lines.push(`  outbox: ${row.state}: ${row.reason}`);
  return lines;
}

export async function action(ctx: CliContext, argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'preview' || sub === 'dispatch' || sub === 'outbox' || sub === 'rollback') return dispatchCommand(ctx, sub, rest);
  const { values, positionals } = parseArgs({ args: rest, options: OPTIONS, allowPositionals: true, strict: true });
  if (sub === 'list' || sub === 'show') {
    const ws = ctx.openToRead(values.workspace);
    try {
      const actions = Object.values(ws.state.actions ?? {}).sort((a, b) => a.requestedAt - b.requestedAt || (a.id < b.id ? -1 : 1));
      if (sub === 'show') {
        const id = resolveRef(
          'action',
          positionals[0] ?? '',
          actions.map((a) => a.id),
        );
        const a = actions.find((x) => x.id === id)!;
        for (const line of [...describe(ws.state, a, ctx.clock.now(), new Outbox(ws.store.db)), ...versionLines(ws.state, a, currentVersion(ws, a))])
          ctx.out(line);
        return 0;
      }
      const shown = values.all ? actions : actions.filter((a) => a.status === 'pending' || a.status === 'retrying' || a.status === 'dispatching');
      if (shown.length === 0) ctx.out(values.all ? 'No actions.' : 'No pending actions.');
      const outbox = new Outbox(ws.store.db);
      for (const a of shown) for (const line of describe(ws.state, a, ctx.clock.now(), outbox)) ctx.out(line);
    } finally {
      ws.close();
    }
    return 0;
  }
  if (sub !== 'request' && sub !== 'approve' && sub !== 'reject' && sub !== 'override' && sub !== 'edit') throw new UsageError(actionHelp);
  const ws = await ctx.openAsMe(values.workspace);
  try {
    if (sub === 'request') {
      const { connector, operation, env, risk, target, summary } = values;
      if (!connector || !operation || !env || !risk || !target || !summary)
        throw new UsageError(`action request needs --connector, --operation, --env, --risk, --target and --summary\n${actionHelp}`);
      const parsedRisk = RiskSchema.safeParse(risk);
      if (!parsedRisk.success) throw new UsageError(`unknown risk ${JSON.stringify(risk)}; risks are ${RISKS.join(', ')}`);
      const params = parseParamsJson(values.params);
      const incident = values.incident === undefined ? null : resolveRef('incident', values.incident, Object.keys(ws.state.incidents));
      const entry = ws.append('action.request', {
        connector,
        operation,
        environment: env,
        risk: parsedRisk.data,
        target,
        summary,
        incident,
        executor: values.executor ?? null,
        params,
        preview: previewOf(connector, operation, params),
      });
      ctx.out(`Requested action ${short(entry.id)}.`);
      for (const line of describe(ws.state, ws.state.actions![entry.id]!, ctx.clock.now())) ctx.out(line);
      return 0;
    }
    const id = resolveRef('action', positionals[0] ?? '', Object.keys(ws.state.actions ?? {}));
    const a = ws.state.actions![id]!;
    if (sub === 'approve') {
      const v = currentVersion(ws, a);
      const paramsHash = hashToApprove(a, v, values.hash);
      for (const line of [`Approving exactly this version (parameters hash ${paramsHash}):`, ...versionLines(ws.state, a, v)]) ctx.out(line);
      ws.append('action.approve', { action: id, comment: values.comment ?? '', paramsHash });
    } else if (sub === 'edit') {
      const params = values.params === undefined ? undefined : parseParamsJson(values.params);
      const next = editedVersion(currentVersion(ws, a), {
        target: values.target,
        params,
        preview: values.preview ?? (params === undefined ? undefined : previewOf(a.connector, a.operation, params)),
      });
      ws.append('action.edit', { action: id, ...next, comment: values.comment ?? '' });
      ctx.out(`Edited action ${short(id)}: earlier approvals no longer count.`);
      for (const line of versionLines(ws.state, ws.state.actions![id]!, currentVersion(ws, ws.state.actions![id]!))) ctx.out(line);
    } else if (sub === 'reject') {
      if (!values.comment) throw new UsageError('action reject needs --comment with the reason');
      ws.append('action.reject', { action: id, comment: values.comment });
    } else {
      if (!values.justification) throw new UsageError('break-glass needs --justification: why this cannot wait for approval');
      ws.append('action.override', { action: id, justification: values.justification });
    }
    for (const line of describe(ws.state, ws.state.actions![id]!, ctx.clock.now())) ctx.out(line);
  } finally {
    ws.close();
  }
  return 0;
}
