import type { JsonValue } from '../../../shared/canonical';
import { own, type ActionRecord, type WorkspaceState } from '../../../shared/state';
import type { ShownVersion } from '../../dispatch';
import { UsageError } from '../context';

export { currentVersion, type ShownVersion } from '../../dispatch';

// What `action show` and `action approve` print of the exact version an
// approver signs (issue 8); reading that version from the journal is
// main/dispatch/currentVersion.ts, shared with the console's API.

/** What `action show` and `action approve` print about the version and its history. */
export function versionLines(state: Readonly<WorkspaceState>, a: ActionRecord, v: ShownVersion | null): string[] {
  const lines = [`  parameters hash ${a.paramsHash}${(a.edits?.length ?? 0) > 0 ? ` (version ${(a.edits?.length ?? 0) + 1})` : ''}`];
  for (const e of a.edits ?? []) {
    const by = own(state.members, e.by)?.name ?? e.by;
    lines.push(`  edited by ${by} at ${new Date(e.at).toISOString()}: ${e.from.slice(0, 12)}… -> ${e.to.slice(0, 12)}…`);
  }
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
  if (v !== null && v.hash !== a.paramsHash)
    throw new UsageError(`the journal's parameters hash to ${v.hash}, but the projection says ${a.paramsHash}; run commandpost verify`);
  if (reviewed === undefined) return a.paramsHash;
  if (!/^[0-9a-f]{12,64}$/.test(reviewed)) throw new UsageError('--hash takes at least 12 lower-case hex digits of the parameters hash');
  if (!a.paramsHash.startsWith(reviewed))
    throw new UsageError(
      `the action was edited since you reviewed it: its parameters hash is now ${a.paramsHash}; run commandpost action show ${a.id.slice(0, 12)}`,
    );
  return a.paramsHash;
}

/** The body of an action.edit: the current version with the given fields replaced. */
export function editedVersion(
  v: ShownVersion | null,
  over: { target?: string; params?: Record<string, JsonValue>; preview?: string },
): Omit<ShownVersion, 'hash'> {
  if (v === null) throw new UsageError("the action's parameters were redacted; it cannot be edited, request it again");
  return { target: over.target ?? v.target, params: over.params ?? v.params, preview: over.preview ?? v.preview };
}
