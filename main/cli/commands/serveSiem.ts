import { nodeTimers } from '../../clock';
import { startSiemForwarding, type SinkStatus } from '../../siem';
import type { ChangeFeed } from '../../workspace';
import type { CliContext } from '../context';
import { siemSinks } from './journalForward';

// `serve --siem-otlp/--siem-hec`: the relay streams its journal to a SIEM
// while it serves (main/siem), from the same durable cursors `journal forward` uses.

export const siemOptions = {
  'siem-otlp': { type: 'string' },
  'siem-otlp-header-secret': { type: 'string', multiple: true },
  'siem-hec': { type: 'string' },
  'siem-hec-token-secret': { type: 'string' },
  'siem-hec-index': { type: 'string' },
} as const;

export const siemHelp = `  --siem-otlp URL: stream every entry to an OpenTelemetry collector as OTLP/HTTP JSON logs (URL is
  the base, as OTEL_EXPORTER_OTLP_ENDPOINT, or ends in /v1/logs); --siem-otlp-header-secret HEADER=NAME
  adds a header from the secret store. --siem-hec URL --siem-hec-token-secret NAME [--siem-hec-index I]:
  the same to a Splunk HTTP Event Collector. At least once, from a durable cursor per receiver
  (<workspace>/siem/); a receiver that refuses for good stops with the reason logged (docs/siem.md).`;

interface SiemValues {
  'siem-otlp'?: string | undefined;
  'siem-otlp-header-secret'?: string[] | undefined;
  'siem-hec'?: string | undefined;
  'siem-hec-token-secret'?: string | undefined;
  'siem-hec-index'?: string | undefined;
}

export interface RunningSiem {
  stop(): Promise<SinkStatus[]>;
}

/** Read the sinks (and their secrets) before serving, so a missing secret stops serve before it starts. */
export async function siemFromFlags(ctx: CliContext, values: SiemValues) {
  return siemSinks(ctx, {
    otlp: values['siem-otlp'],
    otlpHeaderSecrets: values['siem-otlp-header-secret'],
    hec: values['siem-hec'],
    hecTokenSecret: values['siem-hec-token-secret'],
    hecIndex: values['siem-hec-index'],
  });
}

export function startSiem(
  ctx: CliContext,
  sinks: Awaited<ReturnType<typeof siemFromFlags>>,
  opts: { workspaceDir: string; device: string; feed: ChangeFeed },
): RunningSiem | null {
  if (sinks.length === 0) return null;
  return startSiemForwarding({
    workspaceDir: opts.workspaceDir,
    sinks,
    device: opts.device,
    clock: ctx.clock,
    timers: nodeTimers,
    log: (line) => ctx.warn(`commandpost serve: siem: ${line}`),
    changes: opts.feed,
  });
}
