import { createHash } from 'node:crypto';
import { z } from 'zod';

// Where each sink posts, and how a sink is named in logs, status and its
// cursor file. A name never carries credentials: userinfo and the query
// string are dropped (a collector URL may carry a token there).

export const SinkConfigSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('otlp'),
    /** The OTLP/HTTP base URL (like OTEL_EXPORTER_OTLP_ENDPOINT) or the full URL ending in /v1/logs. */
    url: z.url({ protocol: /^https?$/ }),
    /** Extra request headers (an API key), values from the secret store; never logged. */
    headers: z.record(z.string().min(1), z.string()).optional(),
  }),
  z.strictObject({
    kind: z.literal('hec'),
    /** The HEC base URL (https://splunk:8088) or the full URL ending in /services/collector/event. */
    url: z.url({ protocol: /^https?$/ }),
    /** The HEC token; sent only in the Authorization header, never logged. */
    token: z.string().min(1),
    /** Splunk index for every event; without it the token's default index. */
    index: z.string().min(1).optional(),
  }),
]);

export type SinkConfig = z.infer<typeof SinkConfigSchema>;

const OTLP_LOGS_PATH = '/v1/logs';
const HEC_EVENT_PATH = '/services/collector/event';

/** Append `path` to a base URL unless the URL already ends with it (OTLP's rule for the signal-less endpoint variable). */
function withPath(url: string, path: string): string {
  const u = new URL(url);
  const trimmed = u.pathname.replace(/\/+$/, '');
  if (!trimmed.endsWith(path)) u.pathname = `${trimmed}${path}`;
  return u.toString();
}

export const otlpLogsUrl = (url: string): string => withPath(url, OTLP_LOGS_PATH);
export const hecEventUrl = (url: string): string => withPath(url, HEC_EVENT_PATH);

/** The URL a sink posts to. */
export function postUrl(sink: SinkConfig): string {
  return sink.kind === 'otlp' ? otlpLogsUrl(sink.url) : hecEventUrl(sink.url);
}

/** The posting URL without userinfo or query: safe for logs, status and the cursor file. */
export function endpointOf(sink: SinkConfig): string {
  const u = new URL(postUrl(sink));
  return `${u.protocol}//${u.host}${u.pathname}`;
}

/** "otlp http://collector:4318/v1/logs": how log lines and status name a sink. */
export const sinkLabel = (sink: SinkConfig): string => `${sink.kind} ${endpointOf(sink)}`;

/**
 * The cursor's key: kind and endpoint (and index, which makes a separate
 * stream in Splunk). Another receiver gets its own cursor, so it is sent the
 * whole journal rather than only what the previous one had not yet taken.
 */
export function sinkKey(sink: SinkConfig): string {
  const index = sink.kind === 'hec' ? (sink.index ?? '') : '';
  const digest = createHash('sha256')
    .update(`${sink.kind}\n${endpointOf(sink)}\n${index}`)
    .digest('hex');
  return `${sink.kind}-${digest.slice(0, 16)}`;
}

/** The values that must never reach a log line or an error text. */
export function secretsOf(sink: SinkConfig): string[] {
  const u = new URL(sink.url);
  const fromUrl = [u.password, u.username, ...[...u.searchParams.values()]].filter((v) => v.length >= 4);
  return sink.kind === 'hec' ? [sink.token, ...fromUrl] : [...Object.values(sink.headers ?? {}), ...fromUrl];
}
