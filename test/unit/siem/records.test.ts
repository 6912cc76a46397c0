import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../shared/clock';
import { generateKeyPair, signerFromSeed } from '../../../main/crypto';
import { exportJsonl } from '../../../main/journal';
import { Workspace } from '../../../main/workspace';
import { entryLine } from '../../../main/siem';
import { hecEvent, hecRequestBody } from '../../../main/siem/hecEvents';
import { otlpLogRecord, otlpRequestBody, unixNanoText } from '../../../main/siem/otlpRecords';
import { cleanupTempDirs, tempDir } from '../../support/demoWorkspace';

afterAll(cleanupTempDirs);

/** A workspace with a note and a redacted note, and its entries as the forwarder reads them. */
function entries() {
  const dir = join(tempDir('cp-siem-unit-'), 'ws');
  const signer = signerFromSeed(generateKeyPair().seed);
  const clock = new ManualClock(1_767_225_600_123);
  const ws = Workspace.create({ dir, name: 'Records', creatorName: 'Alex Admin', signer, clock });
  const [kept, gone] = ws.appendMany([
    { kind: 'note.add', body: { text: 'Acquirer confirms elevated EU latency' } },
    { kind: 'note.add', body: { text: 'call Sam on +44 20 7946 0000' } },
  ]);
  ws.append('journal.redact', { target: gone!.id, targetKind: 'note.add', reason: 'personal data' });
  const stored = [...ws.store.entriesAfterRowid(0)];
  const out = join(dir, 'export.jsonl');
  exportJsonl(ws.store, out);
  ws.close();
  return { stored, kept: kept!, gone: gone!, exportLines: readFileSync(out, 'utf8').trimEnd().split('\n') };
}

describe('SIEM records', () => {
  const { stored, kept, gone, exportLines } = entries();
  const byId = (id: string) => stored.find((e) => e.id === id)!;

  it('carry each entry exactly as `journal export` writes its line, redacted bodies left out', () => {
    expect(stored.map(entryLine).sort()).toEqual([...exportLines].sort());
    const redacted = JSON.parse(entryLine(byId(gone.id))) as Record<string, unknown>;
    expect(redacted).not.toHaveProperty('body');
    expect(redacted.redactedBy).toMatch(/^[0-9a-f]{64}$/);
    expect(entryLine(byId(gone.id))).not.toContain('+44');
  });

  it('encode an OTLP log record with decimal-string 64-bit integers and an integer severity', () => {
    const e = byId(kept.id);
    const record = JSON.parse(otlpLogRecord(e, 1_767_225_999_000)) as Record<string, unknown>;
    expect(record.timeUnixNano).toBe(`${e.header.hlc.wall}000000`);
    expect(record.observedTimeUnixNano).toBe('1767225999000000000');
    expect(record.severityNumber).toBe(9);
    expect(record.body).toEqual({ stringValue: entryLine(e) });
    const attrs = Object.fromEntries((record.attributes as { key: string; value: Record<string, string> }[]).map((a) => [a.key, a.value]));
    expect(attrs['commandpost.entry.id']).toEqual({ stringValue: e.id });
    expect(attrs['commandpost.entry.signature']).toEqual({ stringValue: e.sig });
    expect(attrs['commandpost.entry.seq']).toEqual({ intValue: String(e.header.seq) });
    expect(attrs['commandpost.entry.hlc.wall']).toEqual({ intValue: String(e.header.hlc.wall) });
    expect(attrs['commandpost.entry.kind']).toEqual({ stringValue: 'note.add' });
    expect(attrs).not.toHaveProperty('commandpost.entry.redacted_by');
    const redacted = JSON.parse(otlpLogRecord(byId(gone.id), 0)) as { attributes: { key: string }[] };
    expect(redacted.attributes.map((a) => a.key)).toContain('commandpost.entry.redacted_by');
  });

  it('wrap OTLP records in one resource and scope, in lowerCamelCase', () => {
    const body = otlpRequestBody({ workspaceId: 'ws1', device: 'dev', hostName: 'h' }, [otlpLogRecord(byId(kept.id), 0)]);
    const request = JSON.parse(body) as { resourceLogs: { resource: unknown; scopeLogs: { scope: unknown; logRecords: unknown[] }[] }[] };
    expect(request.resourceLogs).toHaveLength(1);
    expect(request.resourceLogs[0]!.scopeLogs[0]!.scope).toEqual({ name: 'commandpost.journal', version: '1' });
    expect(request.resourceLogs[0]!.scopeLogs[0]!.logRecords).toHaveLength(1);
    expect(body).not.toMatch(/"[a-z]+_[a-z_]+":/); // no snake_case member names
  });

  it('write nanoseconds exactly, beyond 2^53', () => {
    expect(unixNanoText(9_007_199_254_740)).toBe('9007199254740000000');
  });

  it('encode a HEC event with epoch seconds, source, sourcetype and the entry as its event', () => {
    const e = byId(kept.id);
    const event = JSON.parse(hecEvent(e, { hostName: 'war-room-1', index: 'incidents' })) as Record<string, unknown>;
    expect(event).toEqual({
      time: e.header.hlc.wall / 1000,
      host: 'war-room-1',
      source: 'commandpost',
      sourcetype: 'commandpost:journal',
      index: 'incidents',
      event: JSON.parse(entryLine(e)),
    });
    expect(JSON.parse(hecEvent(e, { hostName: 'h' }))).not.toHaveProperty('index');
    expect(hecRequestBody(['{"a":1}', '{"b":2}'])).toBe('{"a":1}\n{"b":2}');
  });
});
