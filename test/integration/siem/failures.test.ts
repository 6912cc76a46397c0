import { afterAll, describe, expect, it } from 'vitest';
import { nodeTimers, systemClock } from '../../../main/clock';
import { startSiemForwarding, type SiemForwardingOptions, type SinkConfig } from '../../../main/siem';
import { cleanupTempDirs } from '../../support/demoWorkspace';
import { seededRandom } from '../../support/seededRandom';
import { waitUntil } from '../../support/waitUntil';
import { useReceivers, type Receiver } from './receivers';
import { journalIds, siemWorkspace, verifyReceived } from './siemWorkspace';

const TOKEN = 'hec-9b1f3c2e-1a4d-4e8b-b7c6-0f2e4d6a8c10';

afterAll(cleanupTempDirs);

const receiver = useReceivers();

/** A forwarder with small batches and short backoff (the delays are not under test, only that it retries). */
function forward(dir: string, sinks: SinkConfig[], log: string[], extra: Partial<SiemForwardingOptions> = {}) {
  return startSiemForwarding({
    workspaceDir: dir,
    sinks,
    device: 'test-device',
    clock: systemClock,
    timers: nodeTimers,
    random: seededRandom(7),
    log: (l) => log.push(l),
    limits: { maxEntries: 100, maxBytes: 1024 * 1024 },
    retry: { baseMs: 10, maxMs: 40 },
    ...extra,
  });
}

/** Both receivers as the two sinks (HEC with TOKEN, whatever token the receiver expects). */
function forwardToBoth(dir: string, otlp: Receiver, hec: Receiver, log: string[]) {
  return forward(
    dir,
    [
      { kind: 'otlp', url: otlp.url },
      { kind: 'hec', url: hec.url, token: TOKEN },
    ],
    log,
  );
}

describe('SIEM forwarding when receivers fail', () => {
  it('retries while a receiver is down, answers 503 (with Retry-After) or HEC code 9, and loses nothing', async () => {
    const { dir } = siemWorkspace(600);
    const otlp = await receiver('otlp');
    const hec = await receiver('hec', TOKEN);
    await otlp.down();
    const busy = { status: 503, body: '{"text":"Server is busy","code":9}' };
    hec.queued.push(busy, busy, 'drop', busy);
    const log: string[] = [];
    const forwarding = forwardToBoth(dir, otlp, hec, log);
    try {
      await waitUntil(
        'two failed attempts at the stopped OTLP receiver',
        () => log.filter((l) => l.includes('siem otlp') && l.includes('attempt 2 failed')).length > 0,
      );
      otlp.queued.push({ status: 503, body: '{"message":"overloaded"}', headers: { 'retry-after': '1' } }, { status: 429, body: '' });
      await otlp.up();
      const all = journalIds(dir);
      await waitUntil('every entry at both receivers', () => all.every((id) => otlp.distinct().has(id) && hec.distinct().has(id)));
      expect(verifyReceived(otlp)).toEqual([]);
      expect(verifyReceived(hec)).toEqual([]);
      // Refused or unanswered batches were not kept by the receivers, so nothing arrived twice.
      expect(otlp.ids.length).toBe(all.length);
      expect(hec.ids.length).toBe(all.length);
      const text = log.join('\n');
      expect(text).toMatch(/siem otlp http:\/\/127\.0\.0\.1:\d+\/v1\/logs: no answer: .*ECONNREFUSED.*; attempt 1 failed/);
      // The receiver's Retry-After (1 s) outweighs the 40 ms backoff ceiling.
      expect(text).toMatch(/siem otlp .*HTTP 503: overloaded; attempt \d+ failed, retrying in 1 s/);
      expect(text).toMatch(/siem hec .*HTTP 503, HEC code 9 "Server is busy"; attempt 1 failed/);
      expect(text).toMatch(/siem hec .*no answer: .*; attempt 3 failed/);
      expect(text).toMatch(/siem hec .*delivering again after 4 failed attempt\(s\)/);
      await waitUntil('both sinks idle, caught up', () => forwarding.status().every((s) => s.state === 'idle' && s.behind === 0));
    } finally {
      await forwarding.stop();
    }
    expect(log.join('\n')).not.toContain(TOKEN);
  }, 60_000);

  it('stops a sink that the receiver refuses (OTLP 400, HEC invalid token) and says why, without the token', async () => {
    const { dir } = siemWorkspace(50);
    const otlp = await receiver('otlp');
    const hec = await receiver('hec', 'the-token-splunk-knows');
    otlp.queued.push({ status: 400, body: JSON.stringify({ code: 3, message: 'field logRecords[0].body: unsupported' }) });
    const log: string[] = [];
    const forwarding = forwardToBoth(dir, otlp, hec, log);
    const [o, h] = await forwarding.finished;
    expect(o).toMatchObject({ state: 'failed', forwarded: 0, cursor: 0 });
    expect(o!.failure).toBe('HTTP 400, which OTLP says not to retry: field logRecords[0].body: unsupported');
    expect(h).toMatchObject({ state: 'failed', forwarded: 0 });
    expect(h!.failure).toBe('HTTP 403, HEC code 4 "Invalid token": Splunk does not know this token: check the secret');
    expect(log).toContain(`siem otlp ${otlp.url}/v1/logs: stopped, entries after row 0 not forwarded: ${o!.failure}`);
    expect(log).toContain(`siem hec ${hec.url}/services/collector/event: stopped, entries after row 0 not forwarded: ${h!.failure}`);
    expect(otlp.ids).toEqual([]);
    expect(hec.ids).toEqual([]);
    expect(log.join('\n')).not.toContain(TOKEN);
  });

  it('masks a token the receiver echoes back in its answer', async () => {
    const { dir } = siemWorkspace(10);
    const hec = await receiver('hec', TOKEN);
    hec.queued.push({ status: 400, body: JSON.stringify({ text: `Incorrect index for token ${TOKEN}`, code: 7 }) });
    const log: string[] = [];
    const [h] = await forward(dir, [{ kind: 'hec', url: hec.url, token: TOKEN, index: 'secops' }], log).finished;
    expect(h!.failure).toBe('HTTP 400, HEC code 7 "Incorrect index for token <redacted>": the token may not write to this index');
    expect(log.join('\n')).not.toContain(TOKEN);
  });

  it('logs an OTLP partial success and moves on without resending', async () => {
    const { dir } = siemWorkspace(150);
    const otlp = await receiver('otlp');
    const partial = { partialSuccess: { rejectedLogRecords: '100', errorMessage: 'body too long for index' } };
    otlp.queued.push({ status: 200, body: JSON.stringify(partial) });
    const log: string[] = [];
    const [o] = await forward(dir, [{ kind: 'otlp', url: otlp.url }], log, { follow: false }).finished;
    const all = journalIds(dir);
    expect(o).toMatchObject({ state: 'done', forwarded: all.length });
    // The first batch (100 entries) was the one the receiver rejected; the rest arrived once.
    expect(otlp.ids).toEqual(all.slice(100));
    expect(log).toContain(`siem otlp ${otlp.url}/v1/logs: receiver rejected 100 of 100 records (not resent, as OTLP requires): body too long for index`);
  });

  it('sends an OTLP header secret and stops on 401 when it is wrong', async () => {
    const { dir } = siemWorkspace(20);
    const otlp = await receiver('otlp', 'right-api-key');
    const log: string[] = [];
    const [bad] = await forward(dir, [{ kind: 'otlp', url: otlp.url, headers: { 'api-key': 'wrong-api-key' } }], log).finished;
    expect(bad).toMatchObject({ state: 'failed' });
    expect(bad!.failure).toBe('HTTP 401, which OTLP says not to retry: missing or wrong api-key');
    const [good] = await forward(dir, [{ kind: 'otlp', url: `${otlp.url}/v1/logs`, headers: { 'api-key': 'right-api-key' } }], log, { follow: false }).finished;
    expect(good).toMatchObject({ state: 'done', forwarded: journalIds(dir).length });
    expect(log.join('\n')).not.toMatch(/right-api-key|wrong-api-key/);
  });
});
