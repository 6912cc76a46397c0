import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../shared/clock';
import { RESTARTED_AT, kubernetesConnector, nodeHttp, staticSecrets } from '../../../main/connectors';
import { contractSuite } from './contractSuite';
import { startContractServer } from './contractServer';
import { operationValidator, routeChecks } from './specValidator';

const FILE = 'kubernetes-apps-v1-deployment.json';
const SCALE_PATH = '/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale';
const getScale = operationValidator(FILE, 'GET', SCALE_PATH);
const patchScale = operationValidator(FILE, 'PATCH', SCALE_PATH);
const patchDeployment = operationValidator(FILE, 'PATCH', '/apis/apps/v1/namespaces/{namespace}/deployments/{name}');
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.contract-secret-service-account-token';

// A PATCH body is only "object" in the spec (io.k8s…Patch). A merge patch is
// a partial object of the patched kind, so it is also checked against Scale
// or Deployment: a misspelt field or a wrong type fails the contract.
function check(req: Parameters<ReturnType<typeof routeChecks>>[0]): string[] {
  const problems = routeChecks([getScale, patchScale, patchDeployment])(req);
  if (req.method === 'PATCH' && problems.length === 0) {
    const kind = patchScale.matches(req) ? 'io.k8s.api.autoscaling.v1.Scale' : 'io.k8s.api.apps.v1.Deployment';
    problems.push(...patchScale.checkPartial(`spec#/components/schemas/${kind}`, JSON.parse(req.body)));
  }
  if (req.headers.authorization !== `Bearer ${TOKEN}`) problems.push('missing bearer token');
  return problems;
}

function kubeconfig(server: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'cp-kube-contract-'));
  const file = join(dir, 'config');
  writeFileSync(
    file,
    `apiVersion: v1\nkind: Config\ncurrent-context: test\nclusters:\n- name: c\n  cluster:\n    server: ${server}\ncontexts:\n- name: test\n  ` +
      `context: { cluster: c, user: u, namespace: payments }\nusers:\n- name: u\n  user:\n    token: ${TOKEN}\n`,
  );
  return file;
}

const scale = (replicas: number) => ({
  status: 200,
  body: { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'payments-api', namespace: 'payments' }, spec: { replicas }, status: { replicas: 2 } },
});
const notFound = {
  reply: {
    status: 404,
    body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'deployments.apps "payments-api" not found', reason: 'NotFound', code: 404 },
  },
  vendorMessage: 'deployments.apps "payments-api" not found',
};
// The kubeconfig token is a secret too; it is not in the secret store here (the file holds it), but it must not leak either.
const secrets = { 'kubeconfig token': TOKEN };

contractSuite({
  name: 'Kubernetes scale',
  check,
  connector: (url) => kubernetesConnector({ kubeconfig: { file: kubeconfig(url) } }),
  params: { operation: 'scale', deployment: 'payments-api', replicas: 6 },
  secrets,
  ok: [scale(2), scale(6)],
  clientError: notFound,
  inspect: ([get, patch]) => {
    expect(get?.method).toBe('GET');
    expect(patch?.path).toBe('/apis/apps/v1/namespaces/payments/deployments/payments-api/scale');
    expect(patch?.headers['content-type']).toBe('application/merge-patch+json');
    expect(JSON.parse(patch?.body ?? '{}')).toEqual({ spec: { replicas: 6 } });
  },
});

contractSuite({
  name: 'Kubernetes rollout restart',
  check,
  connector: (url) => kubernetesConnector({ kubeconfig: { file: kubeconfig(url) } }),
  params: { operation: 'restart', deployment: 'payments-api' },
  retryLater: [
    { name: 'HTTP 409 Conflict', reply: { status: 409, body: { kind: 'Status', reason: 'Conflict', message: 'the object has been modified' } } },
    { name: 'HTTP 504 Gateway Timeout', reply: { status: 504, body: { kind: 'Status', reason: 'Timeout', message: 'Timeout: request did not complete' } } },
  ],
  overLimits: [
    {
      name: 'a namespace over 63 characters',
      params: { operation: 'restart', deployment: 'payments-api', namespace: 'n'.repeat(64) },
      message: /at namespace: a Kubernetes namespace has at most 63 characters/,
    },
  ],
  secrets,
  ok: [{ status: 200, body: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'payments-api' } } }],
  clientError: notFound,
  inspect: ([req]) => {
    expect(req?.headers['content-type']).toBe('application/strategic-merge-patch+json');
    const body = JSON.parse(req?.body ?? '{}') as { spec: { template: { metadata: { annotations: Record<string, string> } } } };
    expect(body.spec.template.metadata.annotations[RESTARTED_AT]).toBe('2025-01-15T12:00:00.000Z');
  },
});

describe('Kubernetes scale rollback and the contract check itself', () => {
  it('rolls a scale back to the replica count read before it', async () => {
    const server = await startContractServer(check);
    try {
      const k = kubernetesConnector({ kubeconfig: { file: kubeconfig(server.url) } });
      const ctx = { idempotencyKey: 'k', secrets: staticSecrets({}), http: nodeHttp, clock: new ManualClock(0) };
      const p = k.validate({ operation: 'scale', namespace: 'payments', deployment: 'payments-api', replicas: 6 });
      server.script([scale(2), scale(6)]);
      const done = await k.execute(p, ctx);
      expect(done).toMatchObject({ ok: true, value: { data: { previousReplicas: 2, replicas: 6 }, undo: { replicas: 2 } } });
      server.script([scale(6), scale(2)]);
      const undone = await k.rollback!(p, done.ok ? (done.value.undo ?? {}) : {}, ctx);
      expect(undone.ok).toBe(true);
      expect(JSON.parse(server.received[1]?.body ?? '{}')).toEqual({ spec: { replicas: 2 } });
      expect(server.received.flatMap((r) => r.problems)).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('rejects a replica count of the wrong type and an unknown Deployment field', () => {
    const base = {
      method: 'PATCH',
      query: new URLSearchParams(),
      headers: { 'content-type': 'application/merge-patch+json', authorization: `Bearer ${TOKEN}` },
    };
    const scalePath = '/apis/apps/v1/namespaces/payments/deployments/api/scale';
    expect(check({ ...base, path: scalePath, body: JSON.stringify({ spec: { replicas: 'six' } }) }).join()).toMatch(/spec\/replicas must be integer/);
    const annotations = { spec: { template: { metadata: { annotations: { [RESTARTED_AT]: 12 } } } } };
    expect(check({ ...base, path: '/apis/apps/v1/namespaces/payments/deployments/api', body: JSON.stringify(annotations) }).join()).toMatch(
      /annotations\/kubectl.kubernetes.io~1restartedAt must be string/,
    );
    expect(check({ ...base, headers: { ...base.headers, 'content-type': 'text/plain' }, path: scalePath, body: '{}' }).join()).toMatch(
      /content-type text\/plain is not one of/,
    );
  });
});
