import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeCrypto } from '../../../main/crypto';
import { Workspace } from '../../../main/workspace';
import { ManualClock } from '../../../shared/clock';
import { briefingHash } from '../../../shared/ics';
import { icsOf } from '../../../shared/state';
import { cliSandbox } from '../cli/cliHarness';

// `commandpost ics` on the demo workspace: the acceptance documents (ICS 201
// briefing, action plan) and a full handover between two devices writing to
// the same journal, the second one as a member the admin added.

async function demo() {
  const a = cliSandbox();
  expect((await a.run('init', '--demo', '--workspace', a.workspace)).code).toBe(0);
  return a;
}

describe('commandpost ics on the demo workspace', () => {
  it('prints the ICS 201 briefing and the incident action plan as Markdown, and the IAP as HTML', async () => {
    const a = await demo();
    const briefing = await a.run('ics', 'briefing', '--workspace', a.workspace);
    expect(briefing.code, briefing.stderr).toBe(0);
    expect(briefing.stdout).toMatch(/^# ICS 201 Incident briefing: Checkout failing for EU card payments\n/);
    expect(briefing.stdout).toContain('- Incident commander: Priya Natarajan');
    expect(briefing.stdout).toContain('| Payment Provider Adapter (psp-adapter) | down |');
    expect(briefing.stdout).toContain('1. Restore EU card authorisations to a success rate above 99% (owner: Lena Fischer; in progress)');
    expect(briefing.stdout).toContain('- Operations Section Chief: Lena Fischer');
    const hash = /briefing sha256 ([0-9a-f]{64})/.exec(briefing.stderr)?.[1];
    expect(hash).toBe(briefingHash(nodeCrypto, briefing.stdout));

    const iap = await a.run('ics', 'iap', '--workspace', a.workspace);
    expect(iap.stdout).toMatch(/^# Incident action plan: Checkout failing for EU card payments\n\n- Operational period 1: /);
    expect(iap.stdout).toContain('| 3 | Keep EU customers and support informed every 30 minutes | Mei Chen | open |');
    expect(iap.stdout).toContain('### Payments');
    expect(iap.stdout).toContain('Bridge: #inc-checkout-eu');

    const out = join(a.home, 'iap.html');
    expect((await a.run('ics', 'iap', '--format', 'html', '--out', out, '--workspace', a.workspace)).stdout).toContain(
      `Wrote the incident action plan to ${out}`,
    );
    expect(readFileSync(out, 'utf8')).toMatch(/^<!doctype html>[\s\S]*ICS 204 Assignments[\s\S]*<\/html>\n$/);

    expect((await a.run('ics', 'org', '--workspace', a.workspace)).stdout).toContain('- **Incident Commander**: Priya Natarajan');
    const summary = await a.run('ics', 'status-summary', '--workspace', a.workspace);
    expect(summary.stdout).toContain('## Needs');
    expect(summary.stdout).toContain('- Unblock: Post a status page update for EU customers.');
    const log = await a.run('ics', 'log', 'Priya Natarajan', '--workspace', a.workspace);
    expect(log.stdout).toContain('| ics.periodStart |');
  });

  it('hands command over to a second device only when it accepts, with the briefing hash on both entries', async () => {
    const a = await demo();
    const b = cliSandbox({ USER: 'Bo Incoming', COMMANDPOST_WORKSPACE: a.workspace });
    expect((await b.run('init', '--workspace', join(b.home, 'own'))).code).toBe(0);
    const bKey = /public key: (\S+)/.exec((await b.run('identity', 'show')).stdout)?.[1] ?? '';

    // Bad input: not on the roster yet; nothing is stored.
    const refused = await a.run('ics', 'handover', '--to', bKey, '--workspace', a.workspace);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/no member/);
    expect((await a.run('member', 'add', '--key', bKey, '--name', 'Bo Incoming', '--role', 'commander', '--workspace', a.workspace)).code).toBe(0);
    expect((await b.run('ics', 'accept')).stderr).toMatch(/no handover of this incident is pending/);

    const offer = await a.run('ics', 'handover', '--to', 'Bo Incoming', '--workspace', a.workspace);
    expect(offer.code, offer.stderr).toBe(0);
    expect(offer.stdout).toContain('# ICS 201 Incident briefing');
    const hash = /Briefing sha256 ([0-9a-f]{64})/.exec(offer.stdout)?.[1];
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    // The outgoing commander cannot accept for the incoming one.
    expect((await a.run('ics', 'accept', '--workspace', a.workspace)).stderr).toMatch(/addressed to Bo Incoming, not to this device/);

    // Something changes after the offer: the incoming still sees (and accepts) what was offered.
    await a.run('note', 'add', 'Acquirer rolled back the certificate', '--workspace', a.workspace);
    const accepted = await b.run('ics', 'accept');
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(accepted.stdout).toContain(`Briefing sha256 ${hash} journaled with the acceptance`);

    const ws = Workspace.open({ dir: a.workspace, clock: new ManualClock(Date.now()), readonly: true });
    try {
      const incident = Object.values(ws.state.incidents)[0]!;
      expect(incident.commander).toBe(bKey);
      expect(icsOf(ws.state, incident.id).handovers).toEqual([expect.objectContaining({ to: bKey, briefing: hash, taken: false })]);
    } finally {
      ws.close();
    }
    expect((await a.run('ics', 'period', 'start', '--end', '+4h', '--workspace', a.workspace)).stderr).toMatch(
      /only the incident commander opens an operational period/,
    );
    expect((await b.run('ics', 'period', 'start', '--end', '+4h')).stdout).toMatch(/Operational period 2 started/);
  });
});
