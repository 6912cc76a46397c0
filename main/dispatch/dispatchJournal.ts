import type { JsonValue } from '../../shared/canonical';
import type { BodyInput, KindName } from '../../shared/entries';
import { ActionEditBody, ActionRequestBody } from '../../shared/entries';
import type { Entry } from '../../shared/journal';
import type { WorkspaceState } from '../../shared/state';
import type { Workspace } from '../workspace';

// What the dispatcher needs of a workspace: the projection, this device's
// key, appends (through sync's journal when there is one, so attempts and
// results are pushed to peers at once) and the request bodies, which hold the
// connector parameters the projection does not keep.

export interface DispatchJournal {
  readonly state: Readonly<WorkspaceState>;
  /** This device's member key. */
  readonly me: string;
  append<K extends KindName>(kind: K, body: BodyInput<K>): Entry;
  /** Fold what other processes stored (the CLI beside a running host). */
  catchUp(): void;
  /** The connector parameters of an action request; null if unknown or redacted. */
  requestParams(actionId: string): Record<string, JsonValue> | null;
}

/** Sync's journal, where there is one (main/sync's WorkspaceJournal): what is appended through it is pushed to peers at once. */
export interface SyncedAppender {
  append<K extends KindName>(kind: K, body: BodyInput<K>): Entry;
  /** Fold what other processes stored and announce it to peers. */
  notice(): void;
}

export function dispatchJournal(ws: Workspace, sync: SyncedAppender | null = null): DispatchJournal {
  // Opened without an identity (a preview, the outbox listing), this device executes nothing and cannot append.
  const me = ws.me ?? '';
  return {
    get state() {
      return ws.state;
    },
    me,
    append: (kind, body) => (sync ?? ws).append(kind, body),
    catchUp: () => {
      if (sync !== null) sync.notice();
      else ws.catchUp();
    },
    requestParams(actionId) {
      // After an action.edit the latest edit holds the params the current paramsHash (and so the approvals) cover.
      const edit = ws.state.actions?.[actionId]?.edits?.at(-1);
      const entry = ws.store.get(edit?.entry ?? actionId);
      if (entry === null || entry.header.kind !== (edit === undefined ? 'action.request' : 'action.edit') || entry.body === null) return null;
      const parsed = (edit === undefined ? ActionRequestBody : ActionEditBody).safeParse(entry.body);
      return parsed.success ? (parsed.data.params as Record<string, JsonValue>) : null;
    },
  };
}
