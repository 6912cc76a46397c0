import type { JsonValue } from '../../shared/canonical';
import { ActionEditBody, actionParamsHash, ActionRequestBody } from '../../shared/entries';
import type { ActionRecord } from '../../shared/state';
import { nodeCrypto } from '../crypto';
import type { Workspace } from '../workspace';

// The exact version of an action an approver is asked to sign (issue 8): the
// params and preview of the request or of its latest action.edit, and their
// hash, recomputed from the journal so that what is shown (CLI or console)
// is what the entries say rather than what the projection alone claims.

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
