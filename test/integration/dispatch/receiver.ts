import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhookSignature, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../../../main/connectors';

// A local webhook receiver: checks each request's HMAC signature, can
// deduplicate by Idempotency-Key (as a careful receiver would), and answers
// with whatever the test scripts (429 with Retry-After, 5xx, 4xx...).

export interface Received {
  key: string | null;
  body: string;
  signed: boolean;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface Receiver {
  url: string;
  origin: string;
  requests: Received[];
  /** Distinct keys acted on (a deduplicating receiver acts once per key). */
  effects: Set<string>;
  /** Replies for the next requests, in order; then 200. */
  script: Reply[];
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    req
      .setEncoding('utf8')
      .on('data', (c: string) => (body += c))
      .on('end', () => resolve(body));
  });
}

export async function startReceiver(secret: string, nowMs: () => number): Promise<Receiver> {
  const r: Omit<Receiver, 'url' | 'origin' | 'close'> = { requests: [], effects: new Set(), script: [] };
  const server: Server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const header = (name: string) => {
        const v = req.headers[name.toLowerCase()];
        return typeof v === 'string' ? v : null;
      };
      const key = header('idempotency-key');
      const signed = verifyWebhookSignature({
        secret,
        timestamp: header(TIMESTAMP_HEADER) ?? '',
        body,
        signature: header(SIGNATURE_HEADER) ?? '',
        nowMs: nowMs(),
      });
      r.requests.push({ key, body, signed });
      const reply = r.script.shift() ?? { status: 200, body: '{"ok":true}' };
      if (reply.status < 300 && signed && key !== null) r.effects.add(key);
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(reply.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    ...r,
    url: `http://127.0.0.1:${port}/hook`,
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // Keep-alive sockets (one is a killed child's) would hold close() for the keep-alive timeout.
        server.closeAllConnections();
      }),
  } as Receiver;
}
