import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { ACCESS_CHECK_PATH, MAX_FRAME_BYTES, type EventFrame, type ResponseFrame } from '../../shared/api';
import type { Clock } from '../../shared/clock';
import type { Signer } from '../../shared/journal';
import type { ServerCertificate } from '../sync';
import { checkBindAddress, hostPort, newAccessToken, originAllowed, tokenMatches } from './access';
import { checkAccess, sendAccessCheck, sendAccessDenied } from './accessPage';
import { apiError } from '../api';
import { openCore, type Core } from '../core';
import type { ChangeFeed } from '../workspace';
import type { SecretSource } from '../connectors';
import type { PeerSync } from '../sync';
import { syncEndpoint } from './syncEndpoint';
import { webServer } from './webServer';
import type { Scheduler } from '../clock';
import type { FederationTarget } from '../federation';
import { rendererDir, securityHeaders, sendText, serveStatic } from './staticFiles';

// The transport of `commandpost serve`: HTTP for the console, the API over a
// WebSocket, /sync for peers. The core it carries is main/core's one
// composition, the same the desktop app runs in its utility process; the host
// opens it from the options below, or carries one it is given.

/** Path of the API socket. */
export const API_PATH = '/api';

/** A client that lets this much pile up unread is disconnected rather than let it grow the host's memory. */
const SLOW_CLIENT_BYTES = 64 * 1024 * 1024;

/** How the transport listens and whom it lets in. */
export interface TransportOptions {
  /** 0 picks a free port. */
  port?: number;
  /** Address to bind; loopback (127.0.0.1) unless said otherwise. */
  host?: string;
  /** The built renderer; default out/renderer. */
  staticDir?: string;
  /** Needed to bind anything but loopback. */
  allowRemote?: boolean;
  /**
   * Access token; a fresh random one by default. A function gets the
   * workspace id and resolves the token (a kiosk's stable token, kept per
   * workspace in the secret store).
   */
  token?: string | ((workspaceId: string) => Promise<string>);
  /** Where the host reports problems it cannot return to a client (never the token). */
  log?: (line: string) => void;
  /** Serve /sync over plain ws:// on a non-loopback bind (entries readable on the network). */
  syncInsecure?: boolean;
  /** Serve https:// and wss:// with this device's certificate (main/identity/tlsCertificate.ts); off loopback, the secure way. */
  tls?: ServerCertificate;
}

/** The core the host opens (main/core openCore) and closes with itself. */
export interface HostCoreOptions {
  /** Workspace directory (holds journal.sqlite). */
  workspaceDir: string;
  /** This device: the API signs entries with it. */
  signer: Signer;
  clock: Clock;
  scheduler?: Scheduler;
  /** Run peer sync: serve peers on /sync and dial the listed ones (default true). */
  sync?: boolean;
  /** Connector credentials: given, the core runs the dispatcher for the actions this device executes. */
  secrets?: SecretSource;
  /** dispatch.yaml instead of <workspace>/dispatch.yaml. */
  dispatchConfig?: string;
  /** Federate this room with the others through NATS JetStream (main/federation). */
  federate?: FederationTarget;
}

/**
 * A core opened here, or one the caller opened (openCore, transport
 * 'websocket'), not yet started: the host starts it once listening and leaves
 * closing it to the caller.
 */
export type HostOptions = TransportOptions & (HostCoreOptions | { core: Core });

export interface RunningHost {
  /** http(s)://HOST:PORT/?token=… — what to open in a browser. */
  url: string;
  token: string;
  port: number;
  core: Core;
  feed: ChangeFeed;
  /** Peer sync, unless started without it. */
  sync: PeerSync | null;
  /** ws(s)://HOST:PORT/sync?ws=<workspace id>: where peers connect, and the URL a new device joins with; null if peers are not served. */
  syncUrl: string | null;
  /** Disconnect clients, stop listening; then, if the host opened the core, checkpoint and close the journal. */
  close(): Promise<void>;
}

function refuseUpgrade(socket: Duplex, status: 401 | 403 | 404, reason: string): void {
  const text = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' }[status];
  const body = `${reason}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

function frameText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}

/** Serve the console and its API for one workspace. Resolves once listening. */
export async function startHost(opts: HostOptions): Promise<RunningHost> {
  const host = opts.host ?? '127.0.0.1';
  const allowRemote = opts.allowRemote ?? false;
  checkBindAddress(host, allowRemote);
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const staticDir = opts.staticDir ?? rendererDir();
  const owned = !('core' in opts);
  const core = 'core' in opts ? opts.core : openCore({ ...opts, log: (line) => log(`commandpost serve: ${line}`), transport: 'websocket' });
  const { feed, sync } = core;
  const closeCore = () => {
    if (owned) core.close();
  };

  let token: string;
  try {
    token = typeof opts.token === 'function' ? await opts.token(feed.workspace.id) : (opts.token ?? newAccessToken());
  } catch (err) {
    closeCore();
    throw err;
  }

  const peers = sync === null ? null : syncEndpoint(sync.node, host, opts.syncInsecure ?? false, opts.tls !== undefined);

  const { server, scheme } = webServer(opts.tls, (req, res) => {
    securityHeaders(res);
    const url = new URL(req.url ?? '/', 'http://host.invalid');
    const path = url.pathname;
    // The page itself needs the token too, so a stale or missing one gets a page that says so, not a console stuck offline.
    const access = path === ACCESS_CHECK_PATH || path === '/' || path === '/index.html' ? checkAccess(token, url.searchParams.get('token')) : null;
    if (path === API_PATH) sendText(res, 426, 'this is the WebSocket API endpoint', { Upgrade: 'websocket' });
    else if (path === ACCESS_CHECK_PATH) sendAccessCheck(res, access ?? { access: 'denied', reason: 'missing' });
    else if (access?.access === 'denied') sendAccessDenied(res, access.reason);
    else serveStatic(staticDir, req, res);
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const clients = new Set<WebSocket>();
  let port = 0;

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://host.invalid');
    // Peers authenticate in the sync handshake (device keys, roster), not with the browser's token.
    if (peers !== null && url.pathname === peers.path) return peers.upgrade(req, socket, head);
    if (url.pathname !== API_PATH) return refuseUpgrade(socket, 404, `no WebSocket endpoint here; the API is at ${API_PATH}`);
    if (!originAllowed(req.headers.origin, { host, port, allowRemote, scheme }, req.headers.host)) {
      return refuseUpgrade(socket, 403, `origin ${req.headers.origin ?? ''} may not use this API`);
    }
    if (!tokenMatches(token, url.searchParams.get('token'))) {
      const missing = (url.searchParams.get('token') ?? '') === '';
      return refuseUpgrade(
        socket,
        401,
        `${missing ? 'missing' : 'wrong'} access token (serve makes a new one on every start): use the URL \`commandpost serve\` printed`,
      );
    }
    wss.handleUpgrade(req, socket, head, (client) => wss.emit('connection', client, req));
  });

  const send = (client: WebSocket, frame: ResponseFrame | EventFrame): void => {
    if (client.readyState !== WebSocket.OPEN) return;
    if (client.bufferedAmount > SLOW_CLIENT_BYTES) {
      client.close(1013, 'client too slow; reconnect and fetch state again');
      return;
    }
    client.send(JSON.stringify(frame));
  };

  wss.on('connection', (client: WebSocket) => {
    clients.add(client);
    client.on('close', () => clients.delete(client));
    // Oversized frames (ws closes with 1009), invalid UTF-8 (1007): the client is told by the close code.
    client.on('error', () => clients.delete(client));
    client.on('message', (data: RawData, isBinary: boolean) => {
      const response: ResponseFrame = isBinary
        ? { id: null, ...apiError('bad_request', 'binary frames are not accepted; send a JSON text frame') }
        : core.respond(frameText(data));
      send(client, response);
    });
  });

  const push = (frame: EventFrame) => {
    for (const client of clients) send(client, frame);
  };
  const unsubscribe = core.onEvent(push);

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    unsubscribe();
    closeCore();
    throw err;
  }
  port = (server.address() as AddressInfo).port;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const syncUrl = peers?.enabled ? `${scheme === 'https' ? 'wss' : 'ws'}://${hostPort(urlHost, port)}${peers.path}?ws=${feed.workspace.id}` : null;
  if (sync !== null) sync.syncUrl = syncUrl;
  core.start();
  if (peers?.disabledReason) log(`commandpost serve: peers cannot connect: ${peers.disabledReason}`);

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      unsubscribe();
      peers?.close();
      for (const client of clients) client.close(1001, 'host shutting down');
      wss.close();
      server.close(() => resolve());
      server.closeAllConnections();
      for (const client of clients) client.terminate();
    }).finally(closeCore);
    return closing;
  };
  return { url: `${scheme}://${hostPort(urlHost, port)}/?token=${token}`, token, port, core, feed, sync, syncUrl, close };
}
