import { hostname } from 'node:os';
import type { Clock } from '../../shared/clock';
import { systemRandom, type Random, type Timers } from '../clock';
import { nodeHttp, type HttpClient } from '../connectors';
import type { Sink } from './delivery';
import { hecSink } from './hecSink';
import { DEFAULT_BATCH_LIMITS, openJournalReader, type BatchLimits } from './journalReader';
import { otlpSink } from './otlpSink';
import { SinkConfigSchema, type SinkConfig } from './sinkConfig';
import { DEFAULT_SIEM_RETRY, SinkForwarder, type RetrySettings, type SinkStatus } from './sinkForwarder';

// The composition: one journal reader, one loop per sink (a slow or broken
// receiver never holds up the other), woken by the host's change feed.

/** How often the journal is looked at when no change event came (another process may have written). */
export const SIEM_POLL_MS = 1000;
const REQUEST_TIMEOUT_MS = 30_000;

export interface SiemForwardingOptions {
  /** The workspace directory: its journal is read (read-only), the cursors live in <dir>/siem/. */
  workspaceDir: string;
  sinks: readonly SinkConfig[];
  /** This device's public key, named in every OTLP request's resource. */
  device: string;
  clock: Clock;
  timers: Timers;
  /** One line per event worth a look (start, retries, refusals); never a token. */
  log: (line: string) => void;
  /** Something that says when entries were stored (serve passes its ChangeFeed); without it the journal is polled. */
  changes?: { onChange(listener: () => void): () => void };
  /** false: stop at the end of the journal (journal forward). Default true. */
  follow?: boolean;
  random?: Random;
  http?: HttpClient;
  limits?: BatchLimits;
  retry?: Partial<RetrySettings>;
  hostName?: string;
}

export interface SiemForwarding {
  /** Resolves when every sink is done (one-shot), failed, or stopped. */
  readonly finished: Promise<SinkStatus[]>;
  /** Stop every sink (requests in flight are aborted and their batches resent next time) and close the journal. */
  stop(): Promise<SinkStatus[]>;
  status(): SinkStatus[];
}

export function startSiemForwarding(opts: SiemForwardingOptions): SiemForwarding {
  const sinks = opts.sinks.map((s) => SinkConfigSchema.parse(s));
  const reader = openJournalReader(opts.workspaceDir);
  const hostName = opts.hostName ?? hostname();
  const deps = { http: opts.http ?? nodeHttp, now: () => opts.clock.now(), timeoutMs: REQUEST_TIMEOUT_MS };
  const resource = { workspaceId: reader.workspaceId, device: opts.device, hostName };
  const make = (config: SinkConfig): Sink => (config.kind === 'otlp' ? otlpSink(config, resource, deps) : hecSink(config, hostName, deps));
  const forwarders = sinks.map(
    (config) =>
      new SinkForwarder(make(config), {
        reader,
        workspaceDir: opts.workspaceDir,
        clock: opts.clock,
        timers: opts.timers,
        random: opts.random ?? systemRandom,
        log: opts.log,
        limits: opts.limits ?? DEFAULT_BATCH_LIMITS,
        retry: { ...DEFAULT_SIEM_RETRY, ...opts.retry },
        follow: opts.follow ?? true,
        pollMs: SIEM_POLL_MS,
      }),
  );
  const unsubscribe = opts.changes?.onChange(() => forwarders.forEach((f) => f.wake())) ?? (() => undefined);
  const finished = Promise.all(forwarders.map((f) => f.run())).finally(() => {
    unsubscribe();
    reader.close();
  });
  return {
    finished,
    async stop() {
      for (const f of forwarders) f.stop();
      return finished;
    },
    status: () => forwarders.map((f) => f.snapshot()),
  };
}
