import type { JsonValue } from '../../../shared/canonical';
import { ActionEditBody } from '../../../shared/entries/actionEditKind';
import { actionParamsHash } from '../../../shared/entries/actionParamsHash';
import { ActionRequestBody } from '../../../shared/entries/actionKinds';
import { own, type ActionRecord, type WorkspaceState } from '../../../shared/state';
import { nodeCrypto } from '../../crypto';
import type { Workspace } from '../../workspace';
import { UsageError } from '../context';

// The exact version of an action an approver is asked to sign (issue 8): the
// params and preview of the request or of its latest action.edit, and their
// hash, recomputed here from the journal so that the CLI shows what it signs
// rather than trusting the projection alone.

export interface ShownVersion {
  target: string;
  params: Record<string, JsonValue>;
  preview: string;
  hash: string;
}

/** The current version of an action, read from the entry that set it; null if that body was redacted. */
export function currentVersion(ws: Workspace, a: ActionRecord): ShownVersion | null {
  const edit = a.edits?.at(-1);
  const entry = ws.store.get(edit?.entry ?? a.id);
  if (entry === null || entry.body === null) return null;
  const parsed = (edit === undefined ? ActionRequestBody : ActionEditBody).safeParse(entry.body);
  if (!parsed.success) return null;
  const v = { target: parsed.data.target, params: parsed.data.params as Record<string, JsonValue>, preview: parsed.data.preview };
  return { ...v, hash: actionParamsHash(nodeCrypto, { ...a, ...v }) };
}

/** What `action show` and `action approve` print about the version and its history. */
export function versionLines(state: Readonly<WorkspaceState>, a: ActionRecord, v: ShownVersion | null): string[] {
  const lines = [`  parameters hash ${a.paramsHash}${(a.edits?.length ?? 0) > 0 ? ` (version ${(a.edits?.length ?? 0) + 1})` : ''}`];
  for (const e of a.edits ?? []) lines.push(`  edited by ${own(state.members, e.by)?.name ?? e.by} at ${new Date(e.at).toISOString()}: ${e.from.slice(0, 12)}… -> ${e.to.slice(0, 12)}…`);
  if (v === null) return [...lines, '  (the parameters are not available: redacted)'];
  lines.push(`  params ${JSON.stringify(v.params)}`);
  if (v.preview !== '') lines.push('  preview:', ...v.preview.split('\n').map((l) => `    ${l}`));
  return lines;
}

/**
 * The full hash to bind an approval to. --hash (a prefix of at least 12 hex
 * digits, as `action show` prints it) pins the version the approver reviewed:
 * if the action was edited since, nothing is appended.
 */
export function hashToApprove(a: ActionRecord, v: ShownVersion | null, reviewed: string | undefined): string {
  if (v !== null && v.hash !== a.paramsHash) throw new UsageError(`the journal's parameters hash to ${v.hash}, but the projection says ${a.paramsHash}; run commandpost verify`);
  if (reviewed === undefined) return a.paramsHash;
  if (!/^[0-9a-f]{12,64}$/.test(reviewed)) throw new UsageError('--hash takes at least 12 lower-case hex digits of the parameters hash');
  if (!a.paramsHash.startsWith(reviewed)) throw new UsageError(`the action was edited since you reviewed it: its parameters hash is now ${a.paramsHash}; run commandpost action show ${a.id.slice(0, 12)}`);
  return a.paramsHash;
}

/** The body of an action.edit: the current version with the given fields replaced. */
export function editedVersion(v: ShownVersion | null, over: { target?: string; params?: Record<string, JsonValue>; preview?: string }): Omit<ShownVersion, 'hash'> {
  if (v === null) throw new UsageError('the action\'s parameters were redacted; it cannot be edited, request it again');
  return { target: over.target ?? v.target, params: over.params ?? v.params, preview: over.preview ?? v.preview };
}
