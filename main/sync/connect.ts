import { WebSocket } from 'ws';
import type { Link } from './link';
import type { Dialer } from './reconnect';
import type { PeerSession } from './session';
import type { SyncNode } from './syncNode';
import { WS_MAX_PAYLOAD } from './server';
import { checkPlainWs, InsecureTransportError } from './transportPolicy';
import { wsLink } from './wsLink';

export interface ConnectOptions {
  /** Allow plain ws:// to a non-loopback host. */
  insecure?: boolean;
  /** Give up opening the socket after this long. */
  timeoutMs?: number;
}

/** Throws InsecureTransportError unless `url` is a peer URL the transport policy allows. */
export function checkPeerUrl(url: string, insecure: boolean): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InsecureTransportError(`${JSON.stringify(url)} is not a URL; a peer URL looks like ws://HOST:PORT/sync`);
  }
  if (parsed.protocol === 'wss:') {
    throw new InsecureTransportError(`${url}: wss:// with a certificate pinned to the peer's device key is not supported yet; use ws:// on loopback or --insecure`);
  }
  if (parsed.protocol !== 'ws:') throw new InsecureTransportError(`${url}: a peer URL starts with ws://`);
  checkPlainWs(parsed.hostname, insecure, 'to connect to');
  return parsed;
}

/** Check the URL against the transport policy, then return a Dialer for a Reconnector. */
export function wsDialer(url: string, opts: ConnectOptions = {}): Dialer {
  const parsed = checkPeerUrl(url, opts.insecure ?? false);
  return (done) => {
    const socket = new WebSocket(url, { maxPayload: WS_MAX_PAYLOAD, perMessageDeflate: false, handshakeTimeout: opts.timeoutMs ?? 10_000 });
    let settled = false;
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      socket.terminate();
      done(err);
    };
    socket.once('error', fail);
    socket.once('unexpected-response', (_req, res) => fail(new Error(`${url}: HTTP ${res.statusCode} instead of a WebSocket`)));
    socket.once('open', () => {
      if (settled) return;
      settled = true;
      socket.off('error', fail);
      const link: Link = wsLink(socket, `ws ${parsed.host}`);
      done(null, link);
    });
  };
}

/** Open one connection to a peer and run a session on it (no reconnecting; see Reconnector). */
export function connectPeer(node: SyncNode, url: string, opts: ConnectOptions = {}): Promise<PeerSession> {
  const dial = wsDialer(url, opts);
  return new Promise((resolve, reject) => dial((err, link) => (err !== null || link === undefined ? reject(err ?? new Error('no link')) : resolve(node.attach(link)))));
}
