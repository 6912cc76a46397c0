import { parseArgs } from 'node:util';
import { describeIdentity } from '../../identity';
import type { Timers } from '../../clock';
import { startSiemForwarding, sinkLabel, type SinkConfig, type SinkStatus } from '../../siem';
import type { CliContext } from '../context';
import { UsageError } from '../context';
import { requiredSecrets } from '../requiredSecret';

// `commandpost journal forward`: one pass of the SIEM forwarder (main/siem),
// from each sink's durable cursor to the end of the journal, then exit. The
// same cursors as `serve --siem-…`, so the two can take turns.

export const journalForwardHelp = `commandpost journal forward (--otlp URL | --hec URL --hec-token-secret NAME) [--workspace DIR]
                            [--otlp-header-secret HEADER=NAME]… [--hec-index INDEX] [--max-attempts N]
  Send every entry not yet delivered to a SIEM, then exit: --otlp as OpenTelemetry logs (OTLP/HTTP
  JSON; URL is the base, like OTEL_EXPORTER_OTLP_ENDPOINT, or ends in /v1/logs), --hec as Splunk
  HTTP Event Collector events (URL is the base, e.g. https://splunk:8088, or ends in
  /services/collector/event). Both may be given. Tokens come from the secret store
  (\`commandpost connector secret set NAME\`), never the command line: --hec-token-secret names the
  HEC token, --otlp-header-secret sends a secret as a request header (e.g. api-key=NAME).
  Each receiver has a cursor in <workspace>/siem/, moved only after it accepted a batch: at least
  once, so after a crash the last batch may arrive twice (deduplicate on the entry id).
  Temporary failures are retried with backoff up to --max-attempts (default 10) per batch.
  Exits 1 if a receiver refused or stayed unreachable. See docs/siem.md.`;

const DEFAULT_MAX_ATTEMPTS = 10;
const HEADER = /^([A-Za-z0-9!#$%&'*+.^_`|~-]+)=([A-Za-z0-9_.-]{1,100})$/;

/** Timers that keep the process alive while it waits to retry (nodeTimers are unref'd for heartbeats). */
const cliTimers: Timers = {
  setTimeout(fn, ms) {
    const t = setTimeout(fn, ms);
    return () => clearTimeout(t);
  },
};

export async function journalForward(ctx: CliContext, argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      workspace: { type: 'string' },
      otlp: { type: 'string' },
      hec: { type: 'string' },
      'hec-token-secret': { type: 'string' },
      'hec-index': { type: 'string' },
      'otlp-header-secret': { type: 'string', multiple: true },
      'max-attempts': { type: 'string' },
    },
    strict: true,
  });
  if (values.otlp === undefined && values.hec === undefined) throw new UsageError(`journal forward needs --otlp URL or --hec URL\n${journalForwardHelp}`);
  const maxAttempts = parseAttempts(values['max-attempts']);
  const dir = ctx.workspaceDir(values.workspace);
  const sinks = await siemSinks(ctx, {
    otlp: values.otlp,
    otlpHeaderSecrets: values['otlp-header-secret'],
    hec: values.hec,
    hecTokenSecret: values['hec-token-secret'],
    hecIndex: values['hec-index'],
  });
  const device = (await describeIdentity(ctx.configDir))?.publicKey ?? 'unknown';
  const forwarding = startSiemForwarding({
    workspaceDir: dir,
    sinks,
    device,
    clock: ctx.clock,
    timers: cliTimers,
    log: (line) => ctx.warn(line),
    follow: false,
    retry: { maxAttempts },
  });
  const results = await forwarding.finished;
  results.forEach((r, i) => ctx.out(summary(sinks[i]!, r)));
  return results.every((r) => r.state === 'done') ? 0 : 1;
}

/** The SIEM flags of `journal forward` (and `serve --siem-…`), as given on the command line. */
export interface SiemFlags {
  otlp?: string | undefined;
  /** HEADER=SECRET_NAME, each sent as a request header to the OTLP receiver. */
  otlpHeaderSecrets?: readonly string[] | undefined;
  hec?: string | undefined;
  hecTokenSecret?: string | undefined;
  hecIndex?: string | undefined;
}

/**
 * The sinks the flags name, with their secrets read from this device's
 * secret store (the store is chosen only if a secret is needed). Throws a
 * UsageError for a bad URL or a missing secret, naming the command that fixes it.
 */
export async function siemSinks(ctx: CliContext, flags: SiemFlags): Promise<SinkConfig[]> {
  if (flags.hec !== undefined && flags.hecTokenSecret === undefined) throw new UsageError('--hec needs --hec-token-secret NAME (the HEC token)');
  const secret = requiredSecrets(ctx);
  const sinks: SinkConfig[] = [];
  if (flags.otlp !== undefined) {
    const headers: Record<string, string> = {};
    for (const spec of flags.otlpHeaderSecrets ?? []) {
      const m = HEADER.exec(spec);
      if (m === null) throw new UsageError(`--otlp-header-secret ${JSON.stringify(spec)}: expected HEADER=SECRET_NAME`);
      headers[m[1]!.toLowerCase()] = await secret(m[2]!);
    }
    sinks.push({ kind: 'otlp', url: checkUrl('--otlp', flags.otlp), ...(Object.keys(headers).length > 0 ? { headers } : {}) });
  }
  if (flags.hec !== undefined && flags.hecTokenSecret !== undefined) {
    const token = await secret(flags.hecTokenSecret);
    sinks.push({ kind: 'hec', url: checkUrl('--hec', flags.hec), token, ...(flags.hecIndex !== undefined ? { index: flags.hecIndex } : {}) });
  }
  return sinks;
}

function summary(sink: SinkConfig, r: SinkStatus): string {
  const where = sinkLabel(sink);
  if (r.state === 'done') return `Forwarded ${r.forwarded} entries to ${where}; it has everything up to row ${r.cursor}.`;
  return `Forwarding to ${where} stopped after ${r.forwarded} entries, ${r.behind} rows behind (row ${r.cursor}): ${r.failure ?? r.state}`;
}

function parseAttempts(text: string | undefined): number {
  if (text === undefined) return DEFAULT_MAX_ATTEMPTS;
  if (!/^\d{1,4}$/.test(text) || Number(text) < 1) throw new UsageError(`--max-attempts must be a whole number from 1, not ${JSON.stringify(text)}`);
  return Number(text);
}

function checkUrl(flag: string, text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`${flag}: not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${flag}: expected an http:// or https:// URL`);
  return text;
}
