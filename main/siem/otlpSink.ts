import { z } from 'zod';
import { giveUp, isDelivery, post, quote, retryLater, type Sink, type SinkDeps } from './delivery';
import { otlpLogRecord, otlpRequestBody, type OtlpResource } from './otlpRecords';
import { otlpLogsUrl, secretsOf, type SinkConfig } from './sinkConfig';

// OTLP/HTTP with JSON payloads (opentelemetry-proto docs/specification.md,
// "OTLP/HTTP Response"): 200 is success, possibly partial; 429, 502, 503 and
// 504 are retried, honouring Retry-After; every other 4xx or 5xx MUST NOT be
// retried, so the sink stops and says why.

const RETRYABLE = new Set([429, 502, 503, 504]);

/** ExportLogsServiceResponse; int64 rejectedLogRecords is a string in OTLP JSON, but decoders accept a number too. */
const ExportLogsServiceResponse = z.looseObject({
  partialSuccess: z
    .looseObject({
      rejectedLogRecords: z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).optional(),
      errorMessage: z.string().optional(),
    })
    .optional(),
});

/** google.rpc.Status, the body of a failure: only `message` is meant for people. */
const RpcStatus = z.looseObject({ message: z.string().optional() });

type OtlpConfig = Extract<SinkConfig, { kind: 'otlp' }>;

export function otlpSink(config: OtlpConfig, resource: OtlpResource, deps: SinkDeps): Sink {
  const url = otlpLogsUrl(config.url);
  const secrets = secretsOf(config);
  const headers = { ...config.headers, 'content-type': 'application/json' };
  return {
    config,
    encode: (entry, observedMs) => otlpLogRecord(entry, observedMs),
    async send(records, signal) {
      const res = await post(deps, url, headers, otlpRequestBody(resource, records), signal, secrets);
      if (isDelivery(res)) return res;
      if (res.status === 200) return { ok: true, note: partialSuccessNote(res.body, records.length, secrets) };
      const said = failureMessage(res.body, secrets);
      if (RETRYABLE.has(res.status)) return retryLater(`HTTP ${res.status}${said}`, res, deps.now());
      if (res.status === 413) return giveUp(`HTTP 413: the batch of ${records.length} records is too large for the receiver${said}`);
      return giveUp(`HTTP ${res.status}, which OTLP says not to retry${said}`);
    },
  };
}

/** What a 200 said beside success: rejected records (they will not be sent again) or a warning. */
function partialSuccessNote(body: string, sent: number, secrets: readonly string[]): string | null {
  if (body.trim() === '') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return `accepted, with an answer that is not JSON: ${quote(body, secrets)}`;
  }
  const response = ExportLogsServiceResponse.safeParse(parsed);
  if (!response.success) return `accepted, with an answer that is not an ExportLogsServiceResponse: ${quote(body, secrets)}`;
  const partial = response.data.partialSuccess;
  if (partial === undefined) return null;
  const rejected = Number(partial.rejectedLogRecords ?? 0);
  const message = partial.errorMessage !== undefined && partial.errorMessage !== '' ? `: ${quote(partial.errorMessage, secrets)}` : '';
  if (rejected === 0 && message === '') return null;
  return rejected > 0 ? `receiver rejected ${rejected} of ${sent} records (not resent, as OTLP requires)${message}` : `receiver warned${message}`;
}

function failureMessage(body: string, secrets: readonly string[]): string {
  if (body.trim() === '') return '';
  try {
    const status = RpcStatus.safeParse(JSON.parse(body));
    if (status.success && status.data.message !== undefined) return `: ${quote(status.data.message, secrets)}`;
  } catch {
    // Not JSON (a proxy's HTML page): quoted as it came.
  }
  return `: ${quote(body, secrets)}`;
}
