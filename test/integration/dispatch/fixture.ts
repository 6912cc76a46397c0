import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, type Clock } from '../../../shared/clock';
import type { Signer } from '../../../shared/journal';
import { policyHash } from '../../../shared/approvals';
import { createConnectors, staticSecrets } from '../../../main/connectors';
import { nodeCrypto, signerFromSeed } from '../../../main/crypto';
import { Dispatcher, Outbox, dispatchJournal, type DispatcherOptions } from '../../../main/dispatch';
import type { Timers } from '../../../main/clock';
import { Workspace } from '../../../main/workspace';
import { startReceiver, type Receiver } from './receiver';

/** 2025-06-15T15:06:40Z. */
export const T0 = 1_750_000_000_000;
export const SECRET = 'hmac-secret-7f3a9c2e-never-in-the-journal';

export const POLICY = `version: 1
name: dispatch test
rules:
  - id: webhook-prod
    match: { connector: webhook, environment: production }
    require: { approvals: 1, roles: [approver], expiry: 1h }
  - id: staging
    match: { environment: staging }
    effect: allow
default:
  require: { approvals: 1, expiry: 4h }
`;

const dirs: string[] = [];
export function tempDir(prefix = 'cp-dispatch-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}
export function cleanup(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

// Fixed seeds: the child process in the crash test opens the same identities.
export const SEEDS = { admin: 'A'.repeat(43), requester: 'B'.repeat(42) + 'A', approver: 'C'.repeat(42) + 'A' } as const;
export type Who = keyof typeof SEEDS;
export const signer = (who: Who): Signer => signerFromSeed(SEEDS[who]);

/** A workspace with an admin, a responder who requests and an approver, and POLICY in force. */
export function makeWorkspace(clock: Clock, dir = tempDir()): string {
  const ws = Workspace.create({ dir, name: 'Dispatch test', creatorName: 'Ada Admin', signer: signer('admin'), clock });
  ws.append('roster.memberPut', { member: signer('requester').publicKey, name: 'Rita Requester', roles: ['responder'], teams: ['payments'] });
  ws.append('roster.memberPut', { member: signer('approver').publicKey, name: 'Pam Approver', roles: ['approver'], teams: ['sre'] });
  ws.append('policy.publish', { text: POLICY, hash: policyHash(nodeCrypto, POLICY) });
  ws.close();
  return dir;
}

export const open = (dir: string, who: Who, clock: Clock): Workspace => Workspace.open({ dir, clock, signer: signer(who) });

export function requestWebhook(
  ws: Workspace,
  url: string,
  environment = 'production',
  payload: Record<string, string> = { text: 'restart payments-api' },
): string {
  return ws.append('action.request', {
    connector: 'webhook',
    operation: 'post',
    environment,
    risk: 'medium',
    target: 'deploy hook',
    summary: 'tell the deploy hook to restart payments-api',
    params: { url, payload, secret: 'hook' },
  }).id;
}

/** Timers on virtual time: a wait moves the clock on, then runs on the next turn of the event loop. */
export function virtualTimers(clock: ManualClock): Timers {
  return {
    setTimeout(fn, ms) {
      clock.advance(ms);
      const t = setTimeout(fn, 0);
      return () => clearTimeout(t);
    },
  };
}

export function dispatcherFor(ws: Workspace, clock: ManualClock, over: Partial<DispatcherOptions> = {}): { d: Dispatcher; log: string[] } {
  const log: string[] = [];
  const d = new Dispatcher({
    journal: dispatchJournal(ws),
    outbox: new Outbox(ws.store.db),
    connectors: createConnectors(),
    secrets: staticSecrets({ hook: SECRET }),
    clock,
    timers: virtualTimers(clock),
    random: () => 0.5,
    retry: { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 8000, maxRetryAfterMs: 60_000 },
    timeoutMs: 5_000,
    log: (l) => log.push(l),
    ...over,
  });
  return { d, log };
}

export const newClock = (): ManualClock => new ManualClock(T0);

/** The usual scene: a workspace with a requester and an approver device, and a webhook receiver checking SECRET. */
export interface TwoMembers {
  clock: ManualClock;
  receiver: Receiver;
  dir: string;
  requester: Workspace;
  approver: Workspace;
}

export async function twoMembers(): Promise<TwoMembers> {
  const clock = newClock();
  const receiver = await startReceiver(SECRET, () => clock.now());
  const dir = makeWorkspace(clock);
  return { clock, receiver, dir, requester: open(dir, 'requester', clock), approver: open(dir, 'approver', clock) };
}

export async function closeTwoMembers(scene: Pick<TwoMembers, 'receiver' | 'requester' | 'approver'>): Promise<void> {
  scene.requester.close();
  scene.approver.close();
  await scene.receiver.close();
}
