import type { ManualClock } from '../../../shared/clock';
import { decideAction } from '../../../shared/approvals';
import { own } from '../../../shared/state';
import { createConnectors, secretAccount, secretsFromStore, type ConnectorsConfig } from '../../../main/connectors';
import { signerFromSeed } from '../../../main/crypto';
import { Dispatcher, Outbox, dispatchJournal } from '../../../main/dispatch';
import { FileStore } from '../../../main/identity';
import { advanceRun } from '../../../main/playbook';
import { loadDemo, resourcesDir, Workspace } from '../../../main/workspace';
import { newClock, tempDir, virtualTimers } from '../dispatch/fixture';
import type { VendorStandIn } from './vendorStandIn';

// The demo workspace as `commandpost init --demo` builds it (main/workspace
// loadDemo: the shop catalog, the bundled policy, a live SEV1), with members
// who can sign: the commander who runs the playbooks (the workspace's
// creator) and two approvers from two teams, as the policy's critical rule
// asks. Vendors are a local stand-in; secrets live in a passphrase file store.

export interface DemoScene {
  clock: ManualClock;
  dir: string;
  incident: string;
  commander: Workspace;
  approvers: [Workspace, Workspace];
  store: FileStore;
  dispatcher: Dispatcher;
  close(): void;
}

const SEEDS = { commander: 'D'.repeat(42) + 'A', lena: 'E'.repeat(42) + 'A', mei: 'F'.repeat(42) + 'A' } as const;

export function kubeconfigFor(origin: string): string {
  return `apiVersion: v1
kind: Config
current-context: demo
clusters: [{ name: demo, cluster: { server: "${origin}" } }]
contexts: [{ name: demo, context: { cluster: demo, user: demo, namespace: default } }]
users: [{ name: demo, user: { token: kube-token-for-the-stand-in } }]
`;
}

/** Connectors pointed at the stand-in; `omit` leaves some out (a device without that configuration). */
export function standInConnectors(vendor: VendorStandIn, omit: readonly (keyof ConnectorsConfig)[] = []): ConnectorsConfig {
  const all: ConnectorsConfig = {
    slack: { baseUrl: vendor.origin },
    pagerduty: { baseUrl: vendor.origin },
    github: { baseUrl: vendor.origin },
    kubernetes: { kubeconfig: { secret: 'kubeconfig' } },
  };
  return Object.fromEntries(Object.entries(all).filter(([k]) => !omit.includes(k as keyof ConnectorsConfig)));
}

export async function demoScene(vendor: VendorStandIn, connectors: ConnectorsConfig = standInConnectors(vendor)): Promise<DemoScene> {
  const clock = newClock();
  const dir = tempDir('cp-playbook-demo-');
  const commanderSigner = signerFromSeed(SEEDS.commander);
  const ws = Workspace.create({ dir, name: 'Online shop (demo)', creatorName: 'Casey Commander', signer: commanderSigner, clock });
  const { incident } = loadDemo(ws, resourcesDir(), clock);
  ws.append('roster.memberPut', { member: signerFromSeed(SEEDS.lena).publicKey, name: 'Lena Approver', roles: ['approver'], teams: ['payments'] });
  ws.append('roster.memberPut', { member: signerFromSeed(SEEDS.mei).publicKey, name: 'Mei Approver', roles: ['approver'], teams: ['platform'] });
  const open = (seed: string) => Workspace.open({ dir, clock, signer: signerFromSeed(seed) });
  const approvers: [Workspace, Workspace] = [open(SEEDS.lena), open(SEEDS.mei)];
  const store = new FileStore({ dir: tempDir('cp-playbook-secrets-'), passphrase: async () => 'demo test passphrase' });
  for (const [name, value] of [
    ['slack', 'xoxb-demo-slack-token'],
    ['pagerduty', 'R0UT1NGKEYDEMO0000000000000000AB'],
    ['github', 'ghp_demoGitHubToken000000000000000000'],
    ['kubeconfig', kubeconfigFor(vendor.origin)],
  ]) {
    await store.set(secretAccount(name ?? ''), value ?? '');
  }
  const dispatcher = new Dispatcher({
    journal: dispatchJournal(ws),
    outbox: new Outbox(ws.store.db),
    connectors: createConnectors(connectors),
    secrets: secretsFromStore(store),
    clock,
    timers: virtualTimers(clock),
    random: () => 0.5,
    timeoutMs: 5_000,
  });
  return {
    clock,
    dir,
    incident,
    commander: ws,
    approvers,
    store,
    dispatcher,
    close: () => {
      for (const w of [ws, ...approvers]) w.close();
    },
  };
}

/**
 * Take a run to its end the way the people in the room would: pass its
 * approval gates, approve the actions it requests (as many approvers as the
 * policy asks), finish the tasks it waits on, let wait steps elapse, and mark
 * the service healthy when a success check waits for it. Returns the moves logged.
 */
export async function driveRun(s: DemoScene, runId: string, maxRounds = 40): Promise<string[]> {
  const log: string[] = [];
  const { commander: ws, clock } = s;
  for (let round = 0; round < maxRounds; round++) {
    const r = advanceRun(ws, runId, { now: () => clock.now() });
    log.push(...r.log);
    const run = own(ws.state.playbooks?.runs ?? {}, runId);
    if (run === undefined || run.status !== 'running') return log;
    const version = own(ws.state.playbooks?.versions ?? {}, run.hash);
    for (const rs of Object.values(run.steps)) {
      if (rs.status !== 'waiting') continue;
      const step = version?.document[rs.phase].find((x) => x.id === rs.step);
      if (step?.approval !== undefined)
        s.approvers[0].append('playbook.step', { run: runId, phase: rs.phase, step: rs.step, status: 'approved', note: 'looked at it' });
      const task = step?.task?.await && rs.ref !== null ? own(ws.state.tasks, rs.ref) : undefined;
      if (task !== undefined && task.status !== 'done') ws.append('task.status', { task: task.id, status: 'done' });
    }
    ws.catchUp();
    for (const a of Object.values(ws.state.actions ?? {})) {
      if (a.status !== 'pending' || decideAction(ws.state, a, clock.now())?.decision === 'allowed') continue;
      for (const approver of s.approvers) {
        approver.catchUp();
        if (decideAction(approver.state, a, clock.now())?.decision !== 'allowed')
          approver.append('action.approve', { action: a.id, comment: 'reviewed the preview' });
      }
    }
    await s.dispatcher.drain();
    const healthy = r.waiting === null ? null : /^waiting for (\S+) to be healthy/.exec(r.waiting);
    if (healthy?.[1] !== undefined) ws.append('service.status', { service: healthy[1], status: 'healthy', reason: 'recovered after the playbook' });
    if (r.until !== null && r.until > clock.now()) clock.advance(r.until - clock.now());
  }
  return log;
}
