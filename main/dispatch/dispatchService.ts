import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { JsonValue } from '../../shared/canonical';
import type { Clock } from '../../shared/clock';
import { createConnectors, type AnyConnector, type ConnectorPreview, type SecretSource } from '../connectors';
import {
  Dispatcher,
  Outbox,
  dedupRule,
  dispatchJournal,
  loadDispatchConfig,
  outboxEntries,
  type DispatchJournal,
  type OutboxEntry,
  type RollbackOutcome,
} from '.';
import { openDatabase } from '../journal';
import { nodeTimers, type Timers, systemRandom } from '../clock';
import { JOURNAL_FILE, feedJournal } from '../workspace';
import type { ChangeFeed } from '../workspace';

// The executor side of actions inside a running core (`commandpost serve`,
// the desktop app): the same Dispatcher as `commandpost action dispatch`,
// over the change feed, so an action this device executes goes out as soon
// as the policy allows it — whether the approval was given in this console,
// by a peer through sync, or by the CLI beside it.

export interface DispatchServiceOptions {
  feed: ChangeFeed;
  clock: Clock;
  /** Connector credentials, read only when a connector needs one. */
  secrets: SecretSource;
  log: (line: string) => void;
  /** dispatch.yaml to use instead of <workspace>/dispatch.yaml. */
  configFile?: string;
  timers?: Timers;
  random?: () => number;
}

/** What the API asks of the executor; absent where a core runs no dispatcher. */
export interface DispatchApi {
  readonly connectors: ReadonlyMap<string, AnyConnector>;
  /** Dry run with this device's connectors; throws ConnectorParamsError naming the bad field. */
  preview(connector: string, operation: string, params: Record<string, JsonValue>): ConnectorPreview;
  outbox(now: number): OutboxEntry[];
  /** Undo a succeeded action; the outcome is journaled (and so on the timeline). */
  rollback(actionId: string, reason: string): Promise<RollbackOutcome>;
  /** Look at the outbox now (a new request may be allowed at once). */
  wake(): void;
}

/** The dry run of one proposed request on the given connectors. */
export function previewRequest(
  connectors: ReadonlyMap<string, AnyConnector>,
  connector: string,
  operation: string,
  params: Record<string, JsonValue>,
): ConnectorPreview {
  const c = connectors.get(connector);
  if (c === undefined) throw new UnknownConnectorError(connector, [...connectors.keys()]);
  return c.preview(c.validate({ ...params, operation }));
}

export class UnknownConnectorError extends Error {
  constructor(connector: string, known: readonly string[]) {
    super(`unknown connector ${JSON.stringify(connector)}; this device has ${known.join(', ')}`);
    this.name = 'UnknownConnectorError';
  }
}

/** The dispatcher's view: the feed's journal, plus the request bodies (they hold the connector parameters). */
function dispatchFeedJournal(feed: ChangeFeed): DispatchJournal {
  const journal = feedJournal(feed);
  return {
    get state() {
      return journal.state;
    },
    get me() {
      return journal.me ?? '';
    },
    append: journal.append,
    catchUp: journal.catchUp,
    requestParams: (actionId) => dispatchJournal(feed.workspace).requestParams(actionId),
  };
}

export class DispatchService implements DispatchApi {
  readonly connectors: ReadonlyMap<string, AnyConnector>;
  private readonly dispatcher: Dispatcher;
  /** The outbox on a connection of its own: the feed closes its Workspace's connection when it reopens. */
  private readonly db: Database.Database;
  private readonly outboxTable: Outbox;
  private readonly unsubscribe: () => void;

  constructor(private readonly opts: DispatchServiceOptions) {
    const loaded = loadDispatchConfig(opts.feed.workspace.dir, opts.configFile);
    this.connectors = createConnectors(loaded.connectors);
    this.db = openDatabase(join(opts.feed.workspace.dir, JOURNAL_FILE), { create: false });
    this.outboxTable = new Outbox(this.db);
    this.dispatcher = new Dispatcher({
      journal: dispatchFeedJournal(opts.feed),
      outbox: this.outboxTable,
      connectors: this.connectors,
      secrets: opts.secrets,
      clock: opts.clock,
      timers: opts.timers ?? nodeTimers,
      // Jitter only; nothing here needs to be unpredictable.
      random: opts.random ?? systemRandom,
      retry: loaded.retry,
      timeoutMs: loaded.config.timeoutMs,
      deduplicates: dedupRule(loaded.config),
      // The dispatcher's lines already say "dispatch: ".
      log: opts.log,
    });
    // An approval or an edit (from this console, a peer or the CLI) may have made an action allowed: look now, not at the next poll.
    this.unsubscribe = opts.feed.onChange((event) => {
      if (event.added.some((e) => e.header.kind.startsWith('action.') || e.header.kind.startsWith('policy.') || e.header.kind.startsWith('member.')))
        this.dispatcher.wake();
    });
  }

  start(): void {
    this.dispatcher.start();
  }

  wake(): void {
    this.dispatcher.wake();
  }

  preview(connector: string, operation: string, params: Record<string, JsonValue>): ConnectorPreview {
    return previewRequest(this.connectors, connector, operation, params);
  }

  outbox(now: number): OutboxEntry[] {
    return outboxEntries(this.opts.feed.workspace.state, this.outboxTable.list(), now);
  }

  rollback(actionId: string, reason: string): Promise<RollbackOutcome> {
    return this.dispatcher.rollback(actionId, reason);
  }

  close(): void {
    this.unsubscribe();
    this.dispatcher.stop();
    this.db.close();
  }
}
