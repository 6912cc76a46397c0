import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { isIP, type AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_SYNC_FRAME_BYTES } from '../../shared/sync';
import type { SyncNode } from './syncNode';
import { serverCertificateOf, type ServerCertificate } from './tlsChannel';
import { checkPlainWs } from './transportPolicy';
import { wsLink } from './wsLink';

/** Path of the peer sync socket. */
export const SYNC_PATH = '/sync';

/**
 * ws refuses frames above this on its own (closing with 1009). Up to it, a
 * too-large frame reaches the session, which answers with a clear error.
 */
export const WS_MAX_PAYLOAD = MAX_SYNC_FRAME_BYTES + 1024 * 1024;

export interface SyncServerOptions {
  node: SyncNode;
  /** Loopback (127.0.0.1) unless said otherwise; anything else needs `tls` or `insecure`. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Serve wss:// with this device's certificate (bound to its key in the handshake). */
  tls?: ServerCertificate;
  insecure?: boolean;
}

function refuse(socket: Duplex, status: 403 | 404, reason: string): void {
  socket.end(
    `HTTP/1.1 ${status} ${status === 403 ? 'Forbidden' : 'Not Found'}\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`,
  );
}

/**
 * Upgrade handler for the sync socket, for any HTTP server (SyncServer's own,
 * or `commandpost serve`'s, which also carries the console). No token: a
 * peer proves who it is in the sync handshake, and only roster members are
 * served. `wss` must be a noServer WebSocketServer with WS_MAX_PAYLOAD.
 */
export function syncUpgrade(node: SyncNode, wss: WebSocketServer): (req: IncomingMessage, socket: Duplex, head: Buffer) => void {
  return (req, socket, head) => {
    // Peers are programs, not web pages: a browser page must not reach this socket.
    if (req.headers.origin !== undefined) return refuse(socket, 403, 'browser origins may not open peer sync\n');
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      const remote = `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`;
      // On an https server: the certificate this connection presented, read off the socket itself.
      const tls = serverCertificateOf(req.socket, 'server');
      node.attach(wsLink(ws, `${tls === undefined ? 'ws' : 'wss'} ${remote}`, tls));
    });
  };
}

/** Accepts peers on wss:// (with a certificate) or ws://HOST:PORT/sync and runs a sync session for each. */
export class SyncServer {
  private constructor(
    private readonly http: HttpServer,
    private readonly wss: WebSocketServer,
    readonly host: string,
    readonly port: number,
    private readonly scheme: 'ws' | 'wss',
  ) {}

  get url(): string {
    return `${this.scheme}://${isIP(this.host) === 6 ? `[${this.host}]` : this.host}:${this.port}${SYNC_PATH}`;
  }

  static async listen(opts: SyncServerOptions): Promise<SyncServer> {
    const host = opts.host ?? '127.0.0.1';
    if (opts.tls === undefined) checkPlainWs(host, opts.insecure ?? false, 'to listen on');
    const onRequest = (_req: IncomingMessage, res: ServerResponse) => {
      res.writeHead(426, { 'Content-Type': 'text/plain' }).end('commandpost peer sync: WebSocket only\n');
    };
    const http: HttpServer = opts.tls === undefined ? createServer(onRequest) : createHttpsServer({ cert: opts.tls.cert, key: opts.tls.key }, onRequest);
    const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_PAYLOAD, perMessageDeflate: false });
    const accept = syncUpgrade(opts.node, wss);
    http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (new URL(req.url ?? '/', 'http://x').pathname !== SYNC_PATH) return refuse(socket, 404, 'not a sync endpoint\n');
      accept(req, socket, head);
    });
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(opts.port ?? 0, host, () => resolve());
    });
    return new SyncServer(http, wss, host, (http.address() as AddressInfo).port, opts.tls === undefined ? 'ws' : 'wss');
  }

  /** Stop accepting, drop open sockets (sessions end), stop listening. */
  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }
}
