import { describe, expect, it } from 'vitest';
import { endpointOf, hecEventUrl, otlpLogsUrl, sinkLabel, SinkConfigSchema } from '../../../main/siem';
import { secretsOf, sinkKey } from '../../../main/siem/sinkConfig';

describe('SIEM sink configuration', () => {
  it('adds the signal path to a base URL, as OTEL_EXPORTER_OTLP_ENDPOINT does, and keeps a full one', () => {
    expect(otlpLogsUrl('http://collector:4318')).toBe('http://collector:4318/v1/logs');
    expect(otlpLogsUrl('http://collector:4318/')).toBe('http://collector:4318/v1/logs');
    expect(otlpLogsUrl('https://otel.example/ingest/')).toBe('https://otel.example/ingest/v1/logs');
    expect(otlpLogsUrl('https://otel.example/v1/logs')).toBe('https://otel.example/v1/logs');
    expect(hecEventUrl('https://splunk:8088')).toBe('https://splunk:8088/services/collector/event');
    expect(hecEventUrl('https://splunk:8088/services/collector/event')).toBe('https://splunk:8088/services/collector/event');
  });

  it('names a sink without the credentials a URL may carry', () => {
    const sink = { kind: 'otlp' as const, url: 'https://user:hunter2@otel.example/?api_key=abcd1234' };
    expect(endpointOf(sink)).toBe('https://otel.example/v1/logs');
    expect(sinkLabel(sink)).toBe('otlp https://otel.example/v1/logs');
    expect(secretsOf(sink)).toEqual(expect.arrayContaining(['hunter2', 'abcd1234']));
    expect(secretsOf({ kind: 'hec', url: 'https://splunk:8088', token: 'tok-123456' })).toContain('tok-123456');
  });

  it('keys cursors by receiver, so a new receiver is sent the whole journal', () => {
    const a = sinkKey({ kind: 'hec', url: 'https://splunk:8088', token: 'one' });
    expect(sinkKey({ kind: 'hec', url: 'https://splunk:8088/services/collector/event', token: 'two' })).toBe(a); // same receiver, new token
    expect(sinkKey({ kind: 'hec', url: 'https://splunk:8088', token: 'one', index: 'secops' })).not.toBe(a);
    expect(sinkKey({ kind: 'hec', url: 'https://splunk-2:8088', token: 'one' })).not.toBe(a);
    expect(a).toMatch(/^hec-[0-9a-f]{16}$/);
  });

  it('refuses what is not a sink', () => {
    expect(SinkConfigSchema.safeParse({ kind: 'hec', url: 'https://splunk:8088' }).success).toBe(false); // no token
    expect(SinkConfigSchema.safeParse({ kind: 'otlp', url: 'ftp://x' }).success).toBe(false);
    expect(SinkConfigSchema.safeParse({ kind: 'kafka', url: 'https://x' }).success).toBe(false);
  });
});
