import type { z } from 'zod';
import type { methods, MethodName, ResultOf, Session, SyncStatus } from '../../shared/api';
import type { Clock } from '../../shared/clock';
import type { EntryDraft } from '../../shared/entries';
import type { Entry } from '../../shared/journal';
import type { Workspace } from '../workspace';
import type { DispatchApi } from '../dispatch';

// What every API handler is given; the handlers of each capability live in
// their capability's folder (main/approvals/actionHandlers.ts, …) and apiHandlers.ts merges them.

/** The peer sync a core runs (PeerSync), as the API needs it. */
export interface SyncApi {
  status(): SyncStatus;
  addPeer(url: string, insecure: boolean): SyncStatus;
  removePeer(url: string): SyncStatus;
}

/** Asked of a core that runs no peer sync. */
export class SyncUnavailableError extends Error {
  constructor() {
    super('this Command Post runs no peer sync; peers are synced by `commandpost serve`');
    this.name = 'SyncUnavailableError';
  }
}

export interface HandleOptions {
  /** Wall clock of the core (exercise offsets, approval expiry); the workspace's clock when absent. */
  clock?: Clock;
  transport?: Session['transport'];
  /** Signs and stores one entry as this device; the host passes its change feed's guarded append. */
  append?: (draft: EntryDraft) => Entry;
  /** The same for several entries in one transaction (a facilitator's setup, due injects). */
  appendMany?: (drafts: readonly EntryDraft[]) => Entry[];
  /** The current state hash; the host passes its change feed's cached one. */
  stateHash?: () => string;
  /** The core's peer sync, if it runs one. */
  sync?: SyncApi;
  /** The core's dispatcher (actions this device executes), if it runs one. */
  dispatch?: DispatchApi;
  /** Where handlers report what happens after they answered (a rollback's outcome). */
  log?: (line: string) => void;
}

/** One method's handler: validated params in, result out; throws for errors (handle() turns them into data). */
export type Handler<M extends MethodName> = (ws: Workspace, params: z.output<(typeof methods)[M]['params']>, opts: HandleOptions) => ResultOf<M>;
export type HandlerMap<K extends MethodName> = { [M in K]: Handler<M> };
