import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import type { TlsOptions } from './http';

// The part of a kubeconfig the connector needs: the current (or named)
// context's server, namespace, CA and credentials (bearer token or client
// certificate). Exec plugins and auth providers are not run: a dispatcher
// should not execute arbitrary helpers named in a file.

const Cluster = z.looseObject({
  server: z.url(),
  'certificate-authority-data': z.string().optional(),
  'certificate-authority': z.string().optional(),
  'insecure-skip-tls-verify': z.boolean().optional(),
});
const Context = z.looseObject({ cluster: z.string(), user: z.string(), namespace: z.string().optional() });
const User = z.looseObject({
  token: z.string().optional(),
  'client-certificate-data': z.string().optional(),
  'client-key-data': z.string().optional(),
  'client-certificate': z.string().optional(),
  'client-key': z.string().optional(),
});

const KubeconfigSchema = z.looseObject({
  'current-context': z.string().optional(),
  clusters: z.array(z.looseObject({ name: z.string(), cluster: Cluster })).default([]),
  contexts: z.array(z.looseObject({ name: z.string(), context: Context })).default([]),
  users: z.array(z.looseObject({ name: z.string(), user: User })).default([]),
});

export interface KubeTarget {
  server: string;
  namespace: string;
  token: string | null;
  tls: TlsOptions;
  /** Every credential value, for scrubbing. */
  secrets: string[];
}

export class KubeconfigError extends Error {
  constructor(message: string) {
    super(`kubeconfig: ${message}`);
    this.name = 'KubeconfigError';
  }
}

const b64 = (s: string) => Buffer.from(s, 'base64').toString('utf8');

/** Resolve a kubeconfig's text to a target; `baseDir` anchors relative certificate paths. */
export async function parseKubeconfig(text: string, opts: { baseDir: string; context?: string }): Promise<KubeTarget> {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new KubeconfigError(`invalid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  const parsed = KubeconfigSchema.safeParse(doc);
  if (!parsed.success) throw new KubeconfigError(`${parsed.error.issues[0]?.path.join('.') ?? ''}: ${parsed.error.issues[0]?.message ?? 'unreadable'}`);
  const cfg = parsed.data;
  const ctxName = opts.context ?? cfg['current-context'];
  if (ctxName === undefined) throw new KubeconfigError('no current-context and no context given');
  const context = cfg.contexts.find((c) => c.name === ctxName)?.context;
  if (context === undefined) throw new KubeconfigError(`context ${ctxName} not found`);
  const cluster = cfg.clusters.find((c) => c.name === context.cluster)?.cluster;
  if (cluster === undefined) throw new KubeconfigError(`cluster ${context.cluster} not found`);
  const user = cfg.users.find((u) => u.name === context.user)?.user;
  if (user === undefined) throw new KubeconfigError(`user ${context.user} not found`);
  const file = (p: string) => readFile(isAbsolute(p) ? p : join(opts.baseDir, p), 'utf8');
  const tls: TlsOptions = {};
  if (cluster['certificate-authority-data']) tls.ca = b64(cluster['certificate-authority-data']);
  else if (cluster['certificate-authority']) tls.ca = await file(cluster['certificate-authority']);
  if (cluster['insecure-skip-tls-verify'] === true) tls.rejectUnauthorized = false;
  if (user['client-certificate-data']) tls.cert = b64(user['client-certificate-data']);
  else if (user['client-certificate']) tls.cert = await file(user['client-certificate']);
  if (user['client-key-data']) tls.key = b64(user['client-key-data']);
  else if (user['client-key']) tls.key = await file(user['client-key']);
  const token = user.token ?? null;
  if (token === null && tls.cert === undefined)
    throw new KubeconfigError(`user ${context.user} has neither a token nor a client certificate (exec and auth-provider plugins are not run)`);
  const secrets = [token, tls.key, user['client-key-data']].filter((s): s is string => typeof s === 'string' && s !== '');
  return { server: cluster.server.replace(/\/$/, ''), namespace: context.namespace ?? 'default', token, tls, secrets };
}

export async function readKubeconfig(path: string, context?: string): Promise<KubeTarget> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new KubeconfigError(`cannot read ${path}: ${(err as Error).message}`);
  }
  return parseKubeconfig(text, { baseDir: dirname(path), ...(context === undefined ? {} : { context }) });
}
