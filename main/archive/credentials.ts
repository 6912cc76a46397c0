import { secretAccount } from '../connectors';
import type { SecretStore } from '../identity';
import { ArchiveError } from './errors';
import type { S3Credentials } from './s3Bucket';

/**
 * S3 keys from a secret set with `commandpost connector secret set NAME`,
 * holding `ACCESS_KEY_ID:SECRET_ACCESS_KEY` (or `…:SESSION_TOKEN` for
 * temporary keys). Errors name the secret, never any part of its value.
 */
export async function credentialsFromSecret(store: SecretStore, name: string): Promise<S3Credentials> {
  const value = await store.get(secretAccount(name));
  if (value === null || value === '') {
    throw new ArchiveError(
      'no-credentials',
      `no secret ${name} in ${store.description} (account ${secretAccount(name)}): ` +
        `store ACCESS_KEY_ID:SECRET_ACCESS_KEY with \`commandpost connector secret set ${name}\``,
    );
  }
  const [accessKeyId, secretAccessKey, sessionToken, ...more] = value.trim().split(':');
  if (accessKeyId === undefined || accessKeyId === '' || secretAccessKey === undefined || secretAccessKey === '' || sessionToken === '' || more.length > 0) {
    throw new ArchiveError('no-credentials', `secret ${name} is not of the form ACCESS_KEY_ID:SECRET_ACCESS_KEY[:SESSION_TOKEN] (its value is not shown)`);
  }
  return { accessKeyId, secretAccessKey, ...(sessionToken !== undefined ? { sessionToken } : {}) };
}
