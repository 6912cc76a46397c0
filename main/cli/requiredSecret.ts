import { needsSecret, secretAccount } from '../connectors';
import { selectSecretStore, type SecretStore } from '../identity';
import type { CliContext } from './context';
import { UsageError } from './context';

/**
 * Reads secrets a command's flags name (`--federate-secret NAME`,
 * `--hec-token-secret NAME`, …) from this device's secret store, chosen on
 * the first read only; a secret that is not there is a UsageError naming the
 * command that stores it. Values never reach output or errors.
 */
export function requiredSecrets(ctx: CliContext): (name: string) => Promise<string> {
  let store: Promise<SecretStore> | null = null;
  return async (name) => {
    store ??= selectSecretStore(ctx.secretStores(), (m) => ctx.warn(m));
    const value = await (await store).get(secretAccount(name));
    if (value === null || value === '') throw new UsageError(`${needsSecret(name)}: it is not in the secret store (account ${secretAccount(name)})`);
    return value;
  };
}
