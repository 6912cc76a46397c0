import { z } from 'zod';

// Where a room relay federates: `--federate nats://[user@]host:port[,…]`
// with `--federate-secret NAME` (the password, or the token when the URL
// names no user, from the secret store), `--federate-domain NAME` (the
// hub's JetStream domain, when reached through a leaf node) and TLS by a
// tls:// URL or `--federate-ca FILE`. Credentials never appear in the label.

export interface FederationTarget {
  /** Server URLs without credentials, as the NATS client takes them. */
  servers: string[];
  /** What status and logs show: the servers, no credentials. */
  label: string;
  user: string | null;
  /** Password (with user) or token, from the secret store. */
  secret: string | null;
  domain: string | null;
  tls: boolean;
  caFile: string | null;
}

export class FederationConfigError extends Error {}

/** A JetStream domain is one NATS name token. */
const DomainText = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a JetStream domain is letters, digits, _ and - (up to 64)');

export interface TargetInput {
  url: string;
  secret?: string | null;
  domain?: string | null;
  caFile?: string | null;
}

export function parseFederationTarget(input: TargetInput): FederationTarget {
  const parts = input.url
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  if (parts.length === 0) throw new FederationConfigError('--federate needs a NATS URL, e.g. nats://127.0.0.1:4222');
  let user: string | null = null;
  let tls = input.caFile !== undefined && input.caFile !== null;
  const servers = parts.map((text) => {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new FederationConfigError(`--federate: ${JSON.stringify(text)} is not a URL (expected nats://host:port or tls://host:port)`);
    }
    if (url.protocol !== 'nats:' && url.protocol !== 'tls:')
      throw new FederationConfigError(`--federate: ${url.protocol}// is not a NATS URL (expected nats://host:port or tls://host:port)`);
    if (url.password !== '')
      throw new FederationConfigError(
        '--federate: put no password in the URL (it would show in process lists and logs); store it and name it with --federate-secret NAME',
      );
    if (url.pathname !== '' && url.pathname !== '/') throw new FederationConfigError(`--federate: a NATS URL has no path (${url.pathname})`);
    if (url.username !== '') {
      const name = decodeURIComponent(url.username);
      if (user !== null && user !== name) throw new FederationConfigError('--federate: every URL must name the same user');
      user = name;
    }
    if (url.protocol === 'tls:') tls = true;
    // WHATWG URL keeps an IPv6 host in its brackets already.
    return `${url.hostname}:${url.port || '4222'}`;
  });
  let domain: string | null = null;
  if (input.domain !== undefined && input.domain !== null) {
    const parsed = DomainText.safeParse(input.domain);
    if (!parsed.success) throw new FederationConfigError(`--federate-domain ${JSON.stringify(input.domain)}: ${parsed.error.issues[0]?.message}`);
    domain = parsed.data;
  }
  const scheme = tls ? 'tls' : 'nats';
  return {
    servers,
    label: servers.map((s) => `${scheme}://${s}`).join(','),
    user,
    secret: input.secret ?? null,
    domain,
    tls,
    caFile: input.caFile ?? null,
  };
}
