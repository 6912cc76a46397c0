import { afterAll, describe, expect, it } from 'vitest';
import { actionMetrics, percentile } from '../../../shared/metrics';
import { cleanup, dispatcherFor, makeWorkspace, newClock, open, requestWebhook } from './fixture';

afterAll(cleanup);

const MIN = 60_000;

describe('action metrics', () => {
  it('nearest-rank percentiles', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 95)).toBe(4);
  });

  it('approval latency, automated vs manual, failed and rolled-back, over the projection', async () => {
    const clock = newClock();
    const dir = makeWorkspace(clock);
    const requester = open(dir, 'requester', clock);
    const approver = open(dir, 'approver', clock);
    // Two production actions approved after 2 and 10 minutes; one staging action the policy allows outright.
    const a1 = requestWebhook(requester, 'http://127.0.0.1:9/a');
    clock.advance(2 * MIN);
    approver.append('action.approve', { action: a1, comment: '' });
    const a2 = requestWebhook(requester, 'http://127.0.0.1:9/b');
    clock.advance(10 * MIN);
    approver.append('action.approve', { action: a2, comment: '' });
    requestWebhook(requester, 'http://127.0.0.1:9/c', 'staging');
    const { d } = dispatcherFor(requester, clock, {
      http: async () => ({ status: 400, headers: {}, body: '{"error":"nope"}' }),
    });
    await d.drain();
    const m = actionMetrics(requester.state);
    expect(m).toMatchObject({ requested: 3, dispatched: 3, failed: 3, automated: 1, manual: 2, rolledBack: 0, overridden: 0 });
    expect(m.automatedShare).toBeCloseTo(1 / 3);
    expect(m.approvalLatency).toEqual({ count: 2, p50Ms: 2 * MIN, p95Ms: 10 * MIN, maxMs: 10 * MIN });
    requester.close();
    approver.close();
  });
});
