import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../../shared/clock';
import type { Workspace } from '../../../main/workspace';
import { Outbox } from '../../../main/dispatch';
import { cleanup, closeTwoMembers, dispatcherFor, requestWebhook, SECRET, twoMembers } from './fixture';
import type { Receiver } from './receiver';

afterAll(cleanup);

let clock: ManualClock;
let receiver: Receiver;
let requester: Workspace;
let approver: Workspace;

beforeEach(async () => {
  ({ clock, receiver, requester, approver } = await twoMembers());
});

afterEach(() => closeTwoMembers({ receiver, requester, approver }));

const resultsOf = (ws: Workspace, id: string) =>
  [...ws.store.entriesAfter(null)]
    .filter((e) => e.header.kind === 'action.result' && (e.body as { action: string }).action === id)
    .map((e) => e.body as { attempt: number; outcome: string; final: boolean; message: string; httpStatus: number | null });

describe('dispatcher', () => {
  it('waits for approval, then sends exactly one correctly signed request and journals attempt and result', async () => {
    const id = requestWebhook(requester, receiver.url);
    const { d } = dispatcherFor(requester, clock);
    await d.drain();
    expect(receiver.requests).toHaveLength(0);
    const row = new Outbox(requester.store.db).get(id);
    expect(row?.state).toBe('waiting-approval');
    expect(row?.reason).toMatch(/needs 1 more approval/);

    approver.append('action.approve', { action: id, comment: 'go' });
    const pass = await d.drain();
    await d.drain();
    expect(pass.sent).toEqual([id]);
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]).toMatchObject({ key: id, signed: true, body: '{"text":"restart payments-api"}' });
    expect(requester.state.actions?.[id]).toMatchObject({ status: 'succeeded', attempts: [{ attempt: 1, rule: 'webhook-prod', override: false }] });
    expect(resultsOf(requester, id)).toEqual([expect.objectContaining({ attempt: 1, outcome: 'succeeded', final: true, httpStatus: 200 })]);
    expect(new Outbox(requester.store.db).get(id)?.state).toBe('done');
  });

  it('only the executor dispatches: the approver device never sends', async () => {
    const id = requestWebhook(requester, receiver.url);
    approver.append('action.approve', { action: id, comment: '' });
    const { d } = dispatcherFor(approver, clock);
    expect((await d.drain()).sent).toEqual([]);
    expect(receiver.requests).toHaveLength(0);
    expect(new Outbox(approver.store.db).get(id)).toBeNull();
  });

  it('retries 429 (honouring Retry-After) and 503, then succeeds; every attempt and result is journaled', async () => {
    receiver.script.push({ status: 429, headers: { 'retry-after': '7' }, body: '{"error":"slow down"}' }, { status: 503, body: '{"error":"maintenance"}' });
    const id = requestWebhook(requester, receiver.url, 'staging');
    const start = clock.now();
    const { d } = dispatcherFor(requester, clock);
    await d.drain();
    expect(receiver.requests).toHaveLength(3);
    expect(new Set(receiver.requests.map((r) => r.key))).toEqual(new Set([id]));
    expect(receiver.effects.size).toBe(1);
    expect(resultsOf(requester, id).map((r) => [r.attempt, r.outcome, r.final, r.httpStatus])).toEqual([
      [1, 'failed', false, 429],
      [2, 'failed', false, 503],
      [3, 'succeeded', true, 200],
    ]);
    // Retry-After 7 s was waited out, not cut short by the 1 s backoff.
    expect(requester.state.actions?.[id]?.attempts[1]!.at ?? 0).toBeGreaterThanOrEqual(start + 7000);
  });

  it('gives up after the attempt limit', async () => {
    for (let i = 0; i < 4; i++) receiver.script.push({ status: 502, body: 'bad gateway' });
    const id = requestWebhook(requester, receiver.url, 'staging');
    const { d } = dispatcherFor(requester, clock);
    await d.drain();
    expect(receiver.requests).toHaveLength(4);
    expect(requester.state.actions?.[id]?.status).toBe('failed');
    expect(resultsOf(requester, id).at(-1)).toMatchObject({ attempt: 4, final: true, message: expect.stringMatching(/gave up after 4 attempts/) });
    expect(new Outbox(requester.store.db).get(id)?.state).toBe('failed');
  });

  it('a 4xx fails at once with the vendor message on the timeline', async () => {
    receiver.script.push({ status: 422, body: '{"error":"unknown deployment payments-apii"}' });
    const id = requestWebhook(requester, receiver.url, 'staging');
    const { d } = dispatcherFor(requester, clock);
    await d.drain();
    expect(receiver.requests).toHaveLength(1);
    expect(requester.state.actions?.[id]).toMatchObject({ status: 'failed', result: { httpStatus: 422, final: true } });
    expect(requester.state.actions?.[id]?.result?.message).toContain('unknown deployment payments-apii');
  });

  it('waits while offline and goes out when the device is back online', async () => {
    let online = false;
    const id = requestWebhook(requester, receiver.url, 'staging');
    const { d } = dispatcherFor(requester, clock, { online: () => online });
    await d.drain();
    expect(new Outbox(requester.store.db).get(id)).toMatchObject({ state: 'offline', reason: expect.stringMatching(/offline/) });
    online = true;
    await d.drain();
    expect(receiver.requests).toHaveLength(1);
  });

  it('does not send once the approval expired; the preview shows what would be sent, secrets masked', async () => {
    const id = requestWebhook(requester, receiver.url);
    approver.append('action.approve', { action: id, comment: '' });
    clock.advance(2 * 3_600_000);
    const { d } = dispatcherFor(requester, clock);
    await d.drain();
    expect(receiver.requests).toHaveLength(0);
    expect(new Outbox(requester.store.db).get(id)?.reason).toMatch(/^expired/);
    const preview = d.preview(id);
    expect(preview.request?.url).toBe(receiver.url);
    expect(JSON.stringify(preview)).not.toContain(SECRET);
    expect(JSON.stringify(preview)).toContain('<secret:hook>');
  });
});
