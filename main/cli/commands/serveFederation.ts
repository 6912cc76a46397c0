import { existsSync } from 'node:fs';
import { FederationConfigError, parseFederationTarget, type FederationTarget } from '../../federation';
import type { CliContext } from '../context';
import { UsageError } from '../context';
import { requiredSecrets } from '../requiredSecret';

// `serve --federate`: the room relay's link to the other rooms (main/federation).

export const federationOptions = {
  federate: { type: 'string' },
  'federate-secret': { type: 'string' },
  'federate-domain': { type: 'string' },
  'federate-ca': { type: 'string' },
} as const;

export const federationHelp = `  --federate nats://HOST:PORT[,…]: federate this room with the others of the workspace through a NATS
  JetStream stream, normally via the site's NATS leaf node (docs/federation.md). --federate-domain NAME:
  the hub's JetStream domain, when reached through a leaf node. --federate-secret NAME: the password
  (for nats://USER@HOST) or token, from the secret store (\`commandpost connector secret set NAME\`).
  TLS: tls://HOST:PORT, or --federate-ca FILE (a PEM CA bundle) to trust a private CA.`;

interface FederationValues {
  federate?: string | undefined;
  'federate-secret'?: string | undefined;
  'federate-domain'?: string | undefined;
  'federate-ca'?: string | undefined;
}

/** The federation target from serve's flags, its secret read from the store; undefined without --federate. */
export async function federationTarget(ctx: CliContext, values: FederationValues): Promise<FederationTarget | undefined> {
  if (values.federate === undefined) {
    for (const flag of ['federate-secret', 'federate-domain', 'federate-ca'] as const)
      if (values[flag] !== undefined) throw new UsageError(`--${flag} goes with --federate nats://HOST:PORT`);
    return undefined;
  }
  const ca = values['federate-ca'];
  if (ca !== undefined && !existsSync(ca)) throw new UsageError(`--federate-ca ${ca}: no such file`);
  const name = values['federate-secret'];
  const secret = name === undefined ? null : await requiredSecrets(ctx)(name);
  try {
    return parseFederationTarget({ url: values.federate, secret, domain: values['federate-domain'] ?? null, caFile: ca ?? null });
  } catch (err) {
    if (err instanceof FederationConfigError) throw new UsageError(err.message);
    throw err;
  }
}
