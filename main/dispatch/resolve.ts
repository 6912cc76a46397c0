import type { JsonValue } from '../../shared/canonical';
import { connectorFor } from '../../shared/exercise';
import { exerciseOf, type ActionRecord, type WorkspaceState } from '../../shared/state';
import { capPreview, ConnectorParamsError, type AnyConnector, type ConnectorPreview } from '../connectors';

// Which connector an action goes to and with what parameters. In an exercise
// workspace every action goes to the sandbox (shared/exercise connectorFor);
// the real connector, where this device has it, still validates and
// previews, so a drill rejects what a real incident would reject and shows
// what would have been sent.

export interface Resolved {
  /** What execute() is called on. */
  connector: AnyConnector;
  params: { operation: string };
  /** The connector named in the request, when this device has it (previews come from it). */
  real: AnyConnector | null;
  realParams: { operation: string } | null;
  sandboxed: boolean;
  /** The parameters as requested (for the dedup rule). */
  raw: Record<string, JsonValue>;
}

export function resolveAction(
  connectors: ReadonlyMap<string, AnyConnector>,
  state: Readonly<WorkspaceState>,
  action: ActionRecord,
  raw: Record<string, JsonValue> | null,
): Resolved | string {
  if (raw === null) return 'the request body is not available (redacted?), so its parameters are unknown';
  const exercise = exerciseOf(state) !== null;
  const real = connectors.get(action.connector) ?? null;
  const targetId = connectorFor(exercise, action.connector);
  const target = connectors.get(targetId);
  if (target === undefined) return `connector ${action.connector} is not configured on this device (see dispatch.yaml)`;
  const input = { ...raw, operation: action.operation };
  try {
    const realParams = real === null ? null : real.validate(input);
    const params = real === target && realParams !== null ? realParams : target.validate(input);
    return { connector: target, params, real, realParams, sandboxed: targetId !== action.connector, raw };
  } catch (err) {
    if (err instanceof ConnectorParamsError) return err.message;
    throw err;
  }
}

/** The dry run an approver sees: from the real connector when this device has it. */
export function previewOf(r: Resolved): ConnectorPreview {
  const p = r.real !== null && r.realParams !== null ? r.real.preview(r.realParams) : r.connector.preview(r.params);
  return r.sandboxed ? { ...p, text: `[exercise: sent to the sandbox, not to ${r.real?.id ?? 'the target'}] ${p.text}` } : p;
}

/** A preview as lines of text, for the CLI and for action.request's preview field. */
export function previewText(p: ConnectorPreview): string {
  const lines = [p.text];
  if (p.request !== null) {
    lines.push(`${p.request.method} ${p.request.url}`);
    for (const [k, v] of Object.entries(p.request.headers)) lines.push(`${k}: ${v}`);
    if (p.request.body !== null) lines.push('', p.request.body);
  }
  if (p.argv !== undefined) lines.push(JSON.stringify(p.argv));
  return capPreview(lines.join('\n'));
}
