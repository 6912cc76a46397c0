// A local stand-in for a vendor: it validates every request it receives
// (through `check`) and answers from a script, one reply per request, the
// last reply repeating. 'hang' answers only after `hangMs` (past the client's
// timeout) to produce a timeout.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ReceivedRequest } from './specValidator';

export type Reply = { status: number; body?: unknown; headers?: Record<string, string> } | 'hang';

export interface Received extends ReceivedRequest {
  problems: string[];
}

export interface ContractServer {
  url: string;
  received: Received[];
  /** Replace the script of replies. */
  script(replies: Reply[]): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startContractServer(check: (req: ReceivedRequest) => string[], opts: { hangMs?: number } = {}): Promise<ContractServer> {
  let replies: Reply[] = [{ status: 200, body: {} }];
  const received: Received[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const r: ReceivedRequest = { method: req.method ?? '', path: url.pathname, query: url.searchParams, headers: req.headers, body: await readBody(req) };
    const problems = check(r);
    received.push({ ...r, problems });
    const index = Math.min(received.length - 1, replies.length - 1);
    const reply = replies[index] ?? { status: 500 };
    if (problems.length > 0) {
      // A real vendor would refuse a malformed request; so do we, loudly.
      res.writeHead(422, { 'content-type': 'application/json' }).end(JSON.stringify({ contractViolations: problems }));
      return;
    }
    const send = (x: Exclude<Reply, 'hang'>) => {
      const body = x.body === undefined ? '' : typeof x.body === 'string' ? x.body : JSON.stringify(x.body);
      res.writeHead(x.status, { ...(body === '' ? {} : { 'content-type': 'application/json' }), ...x.headers }).end(body);
    };
    if (reply === 'hang') {
      const t = setTimeout(() => {
        timers.delete(t);
        if (!res.destroyed) send({ status: 200, body: {} });
      }, opts.hangMs ?? 2000);
      timers.add(t);
      return;
    }
    send(reply);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    script: (next) => {
      replies = next;
      received.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
