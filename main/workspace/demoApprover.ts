import { DEMO_APPROVER_NAME } from '../../shared/api';
import type { Role } from '../../shared/entries';
import type { Signer } from '../../shared/journal';
import { generateKeyPair, signerFromSeed } from '../crypto';
import { WorkspaceError } from './errors';

// The demo's second device: a member with the approver role whose private key
// this device keeps in its secret store (one per demo workspace), so a
// commander alone at one machine can see a full two-person approval — every
// approval still signed by a roster member's real key, never by the
// requester's. `commandpost serve --as demo-approver` serves the console as
// that member in a second window.

export const DEMO_APPROVER = { name: DEMO_APPROVER_NAME, roles: ['approver'] as Role[], teams: ['platform'] } as const;

/** The value of `serve --as` that signs as the demo approver. */
export const DEMO_APPROVER_AS = 'demo-approver';

export const demoApproverAccount = (workspaceId: string): string => `demo-approver:${workspaceId}`;

/** The part of a SecretStore this needs. */
export interface KeyVault {
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
}

/** A fresh key for the demo approver of `workspaceId`, its private half stored in `vault`; resolves its public key. */
export async function createDemoApprover(vault: KeyVault, workspaceId: string): Promise<string> {
  const pair = generateKeyPair();
  await vault.set(demoApproverAccount(workspaceId), pair.seed);
  return pair.publicKey;
}

/** The demo approver's signer, from `vault`; a clear error where this device holds none for that workspace. */
export async function demoApproverSigner(vault: KeyVault, workspaceId: string, dir: string): Promise<Signer> {
  const seed = await vault.get(demoApproverAccount(workspaceId));
  if (seed === null) {
    throw new WorkspaceError(
      dir,
      'this device holds no demo approver key for it: only a demo workspace made by `commandpost serve --demo` on this device has one (other ' +
        'workspaces: add a second device as a member with the approver role)',
    );
  }
  return signerFromSeed(seed);
}
