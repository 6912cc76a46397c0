import type { Clock } from '../../shared/clock';
import type { AnyConnector, HttpClient, RetryPolicy, SecretSource } from '../connectors';
import type { DedupRule } from './dedup';
import type { DispatchJournal } from './dispatchJournal';
import type { Outbox } from './outbox';

/** Everything one dispatch step needs, injected (clock, randomness, HTTP) so tests pin it. */
export interface DispatchContext {
  journal: DispatchJournal;
  outbox: Outbox;
  connectors: ReadonlyMap<string, AnyConnector>;
  secrets: SecretSource;
  http: HttpClient;
  clock: Clock;
  random: () => number;
  retry: RetryPolicy;
  timeoutMs: number;
  deduplicates: DedupRule;
  /** Dispatch log lines (never a secret: connectors scrub what they return). */
  log: (line: string) => void;
  /** Test hook: runs right after a send returned, before its result is journaled. */
  afterSend?: (actionId: string) => void;
}
