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
import { apiError, handle, respondToFrame } from '../api';
import { ChangeFeed } from '../workspace';
import { DispatchService } from '../dispatch';
import type { SecretSource } from '../connectors';
import { ExerciseTicker } from '../exercise';
import { PeerSync } from '../sync';
import { PlaybookService } from '../playbook';
import { syncEndpoint } from './syncEndpoint';
import { webServer } from './webServer';
import type { Scheduler } from '../clock';
import { rendererDir, securityHeaders, sendText, serveStatic } from './staticFiles';

/** Path of the API socket. */
export const API_PATH = '/api';

/** A client that lets this much pile up unread is disconnected rather than let it grow the host's memory. */
const SLOW_CLIENT_BYTES = 64 * 1024 * 1024;

export interface HostOptions {
  /** Workspace directory (holds journal.sqlite). */
  workspaceDir: string;
  /** This device: the API signs entries with it. */
  signer: Signer;
  clock: Clock;
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
  scheduler?: Scheduler;
  /** Where the host reports problems it cannot return to a client (never the token). */
  log?: (line: string) => void;
  /** Run peer sync: serve peers on /sync and dial the listed ones (default true). */
  sync?: boolean;
  /** Serve /sync over plain ws:// on a non-loopback bind (entries readable on the network). */
  syncInsecure?: boolean;
  /** Serve https:// and wss:// with this device's certificate (main/identity/tlsCertificate.ts); off loopback, the secure way. */
  tls?: ServerCertificate;
  /** Connector credentials: given, the host runs the dispatcher for the actions this device executes. */
  secrets?: SecretSource;
  /** dispatch.yaml instead of <workspace>/dispatch.yaml. */
  dispatchConfig?: string;
}

export interface RunningHost {
  /** http(s)://HOST:PORT/?token=… — what to open in a browser. */
  url: string;
  token: string;
  port: number;
  feed: ChangeFeed;
  /** Peer sync, unless started without it. */
  sync: PeerSync | null;
  /** ws(s)://HOST:PORT/sync?ws=<workspace id>: where peers connect, and the URL a new device joins with; null if peers are not served. */
  syncUrl: string | null;
  /** Disconnect clients, stop listening, checkpoint and close the journal. */
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

/** A broken dispatch.yaml must not keep the console from starting: say what is wrong; this device sends nothing until it is fixed. */
function startDispatch(feed: ChangeFeed, opts: HostOptions, log: (line: string) => void): DispatchService | null {
  try {
    return new DispatchService({
      feed,
      clock: opts.clock,
      secrets: opts.secrets!,
      log,
      ...(opts.dispatchConfig !== undefined ? { configFile: opts.dispatchConfig } : {}),
    });
  } catch (err) {
    log(`commandpost serve: not dispatching actions: ${err instanceof Error ? err.message : String(err)}; fix it and restart`);
    return null;
  }
}

/** Serve the console and its API for one workspace. Resolves once listening. */
export async function startHost(opts: HostOptions): Promise<RunningHost> {
  const host = opts.host ?? '127.0.0.1';
  const allowRemote = opts.allowRemote ?? false;
  checkBindAddress(host, allowRemote);
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const staticDir = opts.staticDir ?? rendererDir();
  const feed = ChangeFeed.open({
    dir: opts.workspaceDir,
    clock: opts.clock,
    signer: opts.signer,
    ...(opts.scheduler ? { scheduler: opts.scheduler } : {}),
    onError: (err) => log(`commandpost serve: watching the journal failed: ${err.message}`),
  });

  let token: string;
  try {
    token = typeof opts.token === 'function' ? await opts.token(feed.workspace.id) : (opts.token ?? newAccessToken());
  } catch (err) {
    feed.close();
    throw err;
  }

  const sync = opts.sync === false ? null : new PeerSync({ feed, signer: opts.signer, clock: opts.clock, log });
  const peers = sync === null ? null : syncEndpoint(sync.node, host, opts.syncInsecure ?? false, opts.tls !== undefined);
  const dispatcher = opts.secrets === undefined ? null : startDispatch(feed, opts, log);

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

  const dispatch = (method: string, params: unknown) =>
    handle(feed.workspace, method, params, {
      transport: 'websocket',
      clock: opts.clock,
      append: (draft) => feed.append(draft),
      appendMany: (drafts) => feed.appendMany(drafts),
      stateHash: () => feed.stateHash(),
      log,
      ...(sync !== null ? { sync } : {}),
      ...(dispatcher !== null ? { dispatch: dispatcher } : {}),
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
        : respondToFrame(frameText(data), dispatch);
      if (!response.ok && response.error.code === 'internal') log(`commandpost serve: internal error: ${response.error.message}`);
      send(client, response);
    });
  });

  const push = (frame: EventFrame) => {
    for (const client of clients) send(client, frame);
  };
  const offFeed = feed.onChange((event) => push({ event }));
  const offSync = sync?.onChange((event) => push({ event })) ?? (() => undefined);
  const unsubscribe = () => {
    offFeed();
    offSync();
  };

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
    sync?.close();
    dispatcher?.close();
    feed.close();
    throw err;
  }
  port = (server.address() as AddressInfo).port;
  feed.start();
  // Fires scenario injects on time while this device facilitates a running exercise.
  const ticker = new ExerciseTicker({ feed, clock: opts.clock, log });
  ticker.start();
  // Playbook runs this device started go on by themselves: after each change, and when a wait comes due.
  const playbooks = new PlaybookService({ feed, clock: opts.clock, log, ...(opts.scheduler ? { scheduler: opts.scheduler } : {}) });
  playbooks.start();
  dispatcher?.start();
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const syncUrl = peers?.enabled ? `${scheme === 'https' ? 'wss' : 'ws'}://${hostPort(urlHost, port)}${peers.path}?ws=${feed.workspace.id}` : null;
  if (sync !== null) {
    sync.syncUrl = syncUrl;
    sync.start();
  }
  if (peers?.disabledReason) log(`commandpost serve: peers cannot connect: ${peers.disabledReason}`);

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      ticker.close();
      unsubscribe();
      sync?.close();
      dispatcher?.close();
      playbooks.close();
      peers?.close();
      for (const client of clients) client.close(1001, 'host shutting down');
      wss.close();
      server.close(() => resolve());
      server.closeAllConnections();
      for (const client of clients) client.terminate();
    }).finally(() => feed.close());
    return closing;
  };
  return { url: `${scheme}://${hostPort(urlHost, port)}/?token=${token}`, token, port, feed, sync, syncUrl, close };
}
