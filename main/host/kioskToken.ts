import { newAccessToken } from './access';

// A stable access token for a room's kiosk or projector: a browser left on
// the console keeps working across restarts of `commandpost serve`. It is a
// secret like the device key (whoever has the URL acts as this device), so it
// lives in the device's secret store, one per workspace, and appears nowhere
// but in the URL line serve prints: never in a log, never in the journal.

/** The part of a SecretStore this needs. */
export interface TokenVault {
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
}

export const kioskTokenAccount = (workspaceId: string): string => `kiosk-token:${workspaceId}`;

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * The workspace's kiosk token, created on first use. `rotate` replaces it, so
 * every URL made with the old one gets the stale-token page from now on.
 */
export async function kioskToken(vault: TokenVault, workspaceId: string, rotate: boolean): Promise<string> {
  const account = kioskTokenAccount(workspaceId);
  const stored = rotate ? null : await vault.get(account);
  // Anything but a token of ours (edited by hand, truncated) is replaced rather than served.
  if (stored !== null && TOKEN.test(stored)) return stored;
  const token = newAccessToken();
  await vault.set(account, token);
  return token;
}
