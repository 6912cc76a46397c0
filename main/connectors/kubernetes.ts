import { z } from 'zod';
import { failure, parseParams, success, type Connector, type ConnectorResult, type ExecuteContext, type HttpRequestSpec } from './connector';
import { callVendor, field, jsonBody } from './httpCall';
import { KubeconfigError, parseKubeconfig, readKubeconfig, type KubeTarget } from './kubeconfig';
import { loadSecrets, maskOf, scrubResult } from './secrets';

// Kubernetes apps/v1 Deployments, as kubectl does it:
//  - scale: read the scale subresource (to know what to roll back to), then
//    a JSON merge PATCH of spec.replicas on that subresource;
//  - restart ("kubectl rollout restart"): a strategic-merge PATCH setting
//    spec.template.metadata.annotations["kubectl.kubernetes.io/restartedAt"].
// The restart stamp is the action's request time, not the send time, so a
// retried PATCH is byte-identical and does not start a second rollout.

export const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

export interface KubernetesConfig {
  /** A kubeconfig file, or the name of a secret holding kubeconfig text. */
  kubeconfig: { file: string } | { secret: string };
  /** Context to use (default: current-context). */
  context?: string;
}

/**
 * Kubernetes names (https://kubernetes.io/docs/concepts/overview/working-with-objects/names/):
 * a Deployment name is a DNS subdomain (at most 253 characters), a namespace
 * a DNS label (at most 63). API answers to try again
 * (https://kubernetes.io/docs/reference/using-api/api-concepts/ and
 * https://kubernetes.io/docs/concepts/cluster-administration/flow-control/):
 * 429 with Retry-After (API Priority and Fairness), 500/503/504 (a timeout
 * or the server's limits), and 409 Conflict (the object changed under the
 * request; kubectl re-reads and re-sends). The API server refuses request bodies over 3 MiB; ours are a few hundred bytes.
 */
export const K8S_NAME_MAX_CHARS = 253;
export const K8S_NAMESPACE_MAX_CHARS = 63;

const DnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DnsName = z
  .string()
  .regex(DnsLabel, 'expected a Kubernetes name (lower-case DNS label)')
  .max(K8S_NAME_MAX_CHARS, `a Kubernetes name has at most ${K8S_NAME_MAX_CHARS} characters`);
const Namespace = z
  .string()
  .regex(DnsLabel, 'expected a Kubernetes namespace (lower-case DNS label)')
  .max(K8S_NAMESPACE_MAX_CHARS, `a Kubernetes namespace has at most ${K8S_NAMESPACE_MAX_CHARS} characters`);

export const KubernetesParams = z.discriminatedUnion('operation', [
  z.strictObject({ operation: z.literal('scale'), namespace: Namespace.optional(), deployment: DnsName, replicas: z.number().int().min(0).max(1000) }),
  z.strictObject({ operation: z.literal('restart'), namespace: Namespace.optional(), deployment: DnsName }),
]);
export type KubernetesParams = z.output<typeof KubernetesParams>;

const FIELD_MANAGER = 'commandpost';

export function kubernetesConnector(config: KubernetesConfig): Connector<KubernetesParams> {
  const where = 'file' in config.kubeconfig ? config.kubeconfig.file : `secret ${config.kubeconfig.secret}`;
  const paths = (target: { server: string; namespace: string }, p: KubernetesParams) => {
    const base = `${target.server}/apis/apps/v1/namespaces/${p.namespace ?? target.namespace}/deployments/${p.deployment}`;
    return { deployment: base, scale: `${base}/scale` };
  };
  const headers = (token: string | null, contentType?: string): Record<string, string> => ({
    accept: 'application/json',
    ...(contentType === undefined ? {} : { 'content-type': contentType }),
    ...(token === null ? {} : { authorization: `Bearer ${token}` }),
  });
  const scaleRequest = (t: { server: string; namespace: string; token: string | null }, p: KubernetesParams, replicas: number): HttpRequestSpec => ({
    method: 'PATCH',
    url: `${paths(t, p).scale}?fieldManager=${FIELD_MANAGER}`,
    headers: headers(t.token, 'application/merge-patch+json'),
    body: JSON.stringify({ spec: { replicas } }),
  });
  const restartRequest = (t: { server: string; namespace: string; token: string | null }, p: KubernetesParams, stamp: string): HttpRequestSpec => ({
    method: 'PATCH',
    url: `${paths(t, p).deployment}?fieldManager=${FIELD_MANAGER}`,
    headers: headers(t.token, 'application/strategic-merge-patch+json'),
    body: JSON.stringify({ spec: { template: { metadata: { annotations: { [RESTARTED_AT]: stamp } } } } }),
  });

  async function target(ctx: ExecuteContext): Promise<KubeTarget | ConnectorResult> {
    try {
      if ('file' in config.kubeconfig) return await readKubeconfig(config.kubeconfig.file, config.context);
      const name = config.kubeconfig.secret;
      const loaded = await loadSecrets(ctx.secrets, [name]);
      if (!loaded.ok) return loaded;
      return await parseKubeconfig(loaded.values[name] ?? '', { baseDir: '.', ...(config.context === undefined ? {} : { context: config.context }) });
    } catch (err) {
      if (err instanceof KubeconfigError) return failure('config', err.message);
      throw err;
    }
  }
  const call = (req: HttpRequestSpec, t: KubeTarget, ctx: ExecuteContext) =>
    callVendor(req, ctx, {
      vendor: 'Kubernetes',
      tls: t.tls,
      // A 409 Conflict: the object changed under us; the merge patch carries no resourceVersion, so sending it again applies it.
      retryLater: (res) => (res.status === 409 ? { afterMs: null } : null),
      vendorMessage: (res) => {
        // A Status object: { kind: "Status", message, reason }.
        const m = field(jsonBody(res), 'message');
        return typeof m === 'string' ? m : null;
      },
    });

  async function scaleTo(p: KubernetesParams, replicas: number, t: KubeTarget, ctx: ExecuteContext): Promise<ConnectorResult> {
    const current = await call({ method: 'GET', url: paths(t, p).scale, headers: headers(t.token), body: null }, t, ctx);
    if (!current.ok) return current.result;
    const before = field(jsonBody(current.res), 'spec', 'replicas');
    const previous = typeof before === 'number' ? before : 0;
    const out = await call(scaleRequest(t, p, replicas), t, ctx);
    if (!out.ok) return out.result;
    return success(`scaled deployment ${p.deployment} from ${previous} to ${replicas} replicas`, {
      status: out.res.status,
      data: { previousReplicas: previous, replicas },
      undo: { replicas: previous },
    });
  }

  return {
    id: 'kubernetes',
    operations: ['scale', 'restart'],
    params: KubernetesParams,
    validate: (params) => parseParams('kubernetes', KubernetesParams, params),
    secretNames: () => ('secret' in config.kubeconfig ? [config.kubeconfig.secret] : []),
    preview(p) {
      const t = { server: `<server of ${where}>`, namespace: p.namespace ?? '<namespace of the context>', token: maskOf('kubeconfig token') };
      if (p.operation === 'scale') {
        return {
          text: `Scale deployment ${p.deployment} to ${p.replicas} replicas (reads the current count first, for rollback)`,
          request: scaleRequest(t, p, p.replicas),
        };
      }
      return { text: `Rollout restart of deployment ${p.deployment}`, request: restartRequest(t, p, '<time the action was requested>') };
    },
    async execute(p, ctx) {
      const t = await target(ctx);
      if ('ok' in t) return t;
      let result: ConnectorResult;
      if (p.operation === 'scale') result = await scaleTo(p, p.replicas, t, ctx);
      else {
        const stamp = new Date(ctx.requestedAt ?? ctx.clock.now()).toISOString();
        const out = await call(restartRequest(t, p, stamp), t, ctx);
        result = out.ok
          ? success(`restarted deployment ${p.deployment} (restartedAt ${stamp})`, { status: out.res.status, data: { restartedAt: stamp } })
          : out.result;
      }
      return scrubResult(result, t.secrets);
    },
    async rollback(p, undo, ctx) {
      const replicas = undo.replicas;
      if (p.operation !== 'scale' || typeof replicas !== 'number') return failure('invalid', 'only a scale can be rolled back (a restart cannot be undone)');
      const t = await target(ctx);
      if ('ok' in t) return t;
      return scrubResult(await scaleTo(p, replicas, t, ctx), t.secrets);
    },
  };
}
