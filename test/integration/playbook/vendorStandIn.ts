import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

// One local HTTP server standing in for every vendor the bundled playbooks
// call, answering as each documents success: Slack 200 {ok:true}, PagerDuty
// Events v2 202 {status, dedup_key}, GitHub workflow dispatch 204, and the
// Kubernetes scale subresource / deployment PATCH 200. It records each request.

export interface StandInRequest {
  method: string;
  path: string;
  body: string;
}

export interface VendorStandIn {
  origin: string;
  requests: StandInRequest[];
  close(): Promise<void>;
}

function reply(method: string, path: string, body: string): { status: number; body: string } {
  if (path.endsWith('/chat.postMessage')) return { status: 200, body: JSON.stringify({ ok: true, channel: 'C0PAYMENTS', ts: '1750000000.000100' }) };
  if (path === '/v2/enqueue') {
    const dedup = (JSON.parse(body) as { dedup_key?: string }).dedup_key ?? 'generated';
    return { status: 202, body: JSON.stringify({ status: 'success', message: 'Event processed', dedup_key: dedup }) };
  }
  if (/^\/repos\/[^/]+\/[^/]+\/actions\/workflows\/[^/]+\/dispatches$/.test(path)) return { status: 204, body: '' };
  if (path.startsWith('/apis/apps/v1/namespaces/')) {
    if (method === 'GET') return { status: 200, body: JSON.stringify({ kind: 'Scale', spec: { replicas: 2 }, status: { replicas: 2 } }) };
    return { status: 200, body: JSON.stringify({ kind: path.endsWith('/scale') ? 'Scale' : 'Deployment' }) };
  }
  return { status: 404, body: JSON.stringify({ message: `no stand-in for ${method} ${path}` }) };
}

export async function startVendorStandIn(): Promise<VendorStandIn> {
  const requests: StandInRequest[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req
      .setEncoding('utf8')
      .on('data', (c: string) => (body += c))
      .on('end', () => {
        const path = new URL(req.url ?? '/', 'http://x').pathname;
        requests.push({ method: req.method ?? '', path, body });
        const r = reply(req.method ?? '', path, body);
        res.writeHead(r.status, { 'content-type': 'application/json' });
        res.end(r.body);
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
