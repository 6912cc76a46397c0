import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { own } from '../../../shared/state';
import { handle } from '../../../main/api/apiHandlers';
import { cleanup } from '../dispatch/fixture';
import { demoScene, driveRun, type DemoScene } from './demoScene';
import { startVendorStandIn, type VendorStandIn } from './vendorStandIn';

// Issue 13: every bundled playbook runs to completion on the demo workspace,
// published and started through the same API the console uses, its actions
// approved per the bundled policy and sent to a local vendor stand-in.

let vendor: VendorStandIn;
let s: DemoScene;

beforeAll(async () => {
  vendor = await startVendorStandIn();
});
afterAll(async () => {
  await vendor.close();
  cleanup();
});
beforeEach(async () => {
  vendor.requests.length = 0;
  s = await demoScene(vendor);
});
afterEach(() => s.close());

function ok<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

const RUNS: { name: string; service: string; inputs: Record<string, string>; sends: RegExp[] }[] = [
  {
    name: 'failover-database',
    service: 'orders-db',
    inputs: { cluster: 'orders-pg' },
    sends: [/^POST \/repos\/acme\/db-ops\/actions\/workflows\/failover\.yml\/dispatches$/],
  },
  {
    name: 'page-owning-team',
    service: 'payments-api',
    inputs: { channel: '#team-payments', reason: 'authorisation timeouts' },
    sends: [/^POST \/v2\/enqueue$/, /^POST \/chat\.postMessage$/],
  },
  {
    name: 'restart-deployment',
    service: 'payments-api',
    inputs: { deployment: 'payments-api', namespace: 'payments' },
    sends: [/^PATCH \/apis\/apps\/v1\/namespaces\/payments\/deployments\/payments-api$/],
  },
  {
    name: 'rollback-release',
    service: 'checkout-service',
    inputs: { owner: 'acme', repo: 'checkout', version: 'v2.3.1' },
    sends: [/^POST \/repos\/acme\/checkout\/actions\/workflows\/deploy\.yml\/dispatches$/],
  },
  {
    name: 'scale-out',
    service: 'payments-api',
    inputs: { deployment: 'payments-api', namespace: 'payments', replicas: '6' },
    sends: [/^GET \/apis\/apps\/v1\/namespaces\/payments\/deployments\/payments-api\/scale$/, /^PATCH .*\/payments-api\/scale$/],
  },
];

describe('the bundled playbooks on the demo workspace', () => {
  it('lists all five, with no unreadable file', () => {
    const list = ok(handle(s.commander, 'playbooks:list', {}) as never) as { playbooks: { name: string }[]; problems: string[] };
    expect(list.problems).toEqual([]);
    expect(list.playbooks.map((p) => p.name).sort()).toEqual(RUNS.map((r) => r.name).sort());
  });

  for (const r of RUNS) {
    it(`${r.name} publishes, starts and runs to completion`, async () => {
      ok(handle(s.commander, 'playbooks:publish', { name: r.name }) as never);
      const { run } = ok(handle(s.commander, 'playbooks:start', { playbook: r.name, service: r.service, incident: s.incident, inputs: r.inputs }) as never) as {
        run: string;
      };
      const log = await driveRun(s, run);
      const done = own(s.commander.state.playbooks?.runs ?? {}, run);
      expect(done?.status, `${done?.note ?? ''}\n${log.join('\n')}`).toBe('succeeded');
      // Nothing beyond the main steps ran: no rollback, no escalation.
      expect(Object.values(done?.steps ?? {}).every((st) => st.phase === 'steps' || st.phase === 'success')).toBe(true);
      const sent = vendor.requests.map((q) => `${q.method} ${q.path}`);
      expect(sent).toHaveLength(r.sends.length);
      r.sends.forEach((re, i) => expect(sent[i]).toMatch(re));
      const actions = Object.values(s.commander.state.actions ?? {});
      expect(actions.every((a) => a.status === 'succeeded')).toBe(true);
    });
  }
});
