import { FORMAT_VERSION } from '../../shared/journal';
import { entryLine, type StoredEntry } from './entryLine';

// OTLP/HTTP JSON encoding of journal entries as log records: an
// ExportLogsServiceRequest (opentelemetry-proto logs_service.proto) in the
// proto3 JSON mapping with OTLP's deviations: lowerCamelCase member names,
// 64-bit integers (fixed64 timestamps, int64 intValue) as decimal strings,
// enums (severityNumber) as integers. See docs/siem.md and
// test/fixtures/siem/SOURCE.md for the text this follows.

/** Who sends: the resource attributes of every request. */
export interface OtlpResource {
  workspaceId: string;
  /** This device's public key. */
  device: string;
  hostName: string;
}

/** The instrumentation scope: names the record layout below, versioned with the journal format. */
export const OTLP_SCOPE = { name: 'commandpost.journal', version: String(FORMAT_VERSION) } as const;

/** SEVERITY_NUMBER_INFO: a journal entry is an audit record of something done, not a fault. */
const SEVERITY_INFO = 9;

type AnyValue = { stringValue: string } | { intValue: string };
interface KeyValue {
  key: string;
  value: AnyValue;
}

const str = (key: string, value: string): KeyValue => ({ key, value: { stringValue: value } });
const int = (key: string, value: number): KeyValue => ({ key, value: { intValue: String(value) } });

/** Milliseconds since the epoch as the decimal string of nanoseconds (a fixed64 in JSON). */
export function unixNanoText(ms: number): string {
  return (BigInt(Math.trunc(ms)) * 1_000_000n).toString();
}

/**
 * One log record. The body is a stringValue holding the entry's export line,
 * byte for byte: a kvlistValue could not carry JSON null or tell 1 from 1.0,
 * so the header could not be re-canonicalised and the signature checked from
 * it. The attributes repeat what a SIEM filters and joins on.
 */
export function otlpLogRecord(entry: StoredEntry, observedMs: number): string {
  const h = entry.header;
  const attributes: KeyValue[] = [
    str('commandpost.entry.id', entry.id),
    str('commandpost.entry.signature', entry.sig),
    str('commandpost.entry.author', h.author),
    int('commandpost.entry.seq', h.seq),
    str('commandpost.entry.kind', h.kind),
    int('commandpost.entry.hlc.wall', h.hlc.wall),
    int('commandpost.entry.hlc.count', h.hlc.count),
    str('commandpost.entry.prev', h.prev ?? ''),
    str('commandpost.entry.body_hash', h.bodyHash),
  ];
  if (entry.redactedBy !== null) attributes.push(str('commandpost.entry.redacted_by', entry.redactedBy));
  return JSON.stringify({
    timeUnixNano: unixNanoText(h.hlc.wall),
    observedTimeUnixNano: unixNanoText(observedMs),
    severityNumber: SEVERITY_INFO,
    severityText: 'INFO',
    body: { stringValue: entryLine(entry) },
    attributes,
  });
}

/** The request around already encoded records (the forwarder sizes batches by the records' bytes). */
export function otlpRequestBody(resource: OtlpResource, records: readonly string[]): string {
  const attributes = JSON.stringify([
    str('service.name', 'commandpost'),
    str('commandpost.workspace.id', resource.workspaceId),
    str('commandpost.device', resource.device),
    str('host.name', resource.hostName),
  ]);
  const scope = JSON.stringify(OTLP_SCOPE);
  return `{"resourceLogs":[{"resource":{"attributes":${attributes}},"scopeLogs":[{"scope":${scope},"logRecords":[${records.join(',')}]}]}]}`;
}
