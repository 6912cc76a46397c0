import type { IncomingMessage } from 'node:http';
import { WebSocket } from 'ws';
import type { Link } from './link';
import type { Dialer } from './reconnect';
import type { PeerSession } from './session';
import type { SyncNode } from './syncNode';
import { WS_MAX_PAYLOAD } from './server';
import { serverCertificateOf } from './tlsChannel';
import { checkPlainWs, InsecureTransportError } from './transportPolicy';
import { wsLink } from './wsLink';

export interface ConnectOptions {
  /** Allow plain ws:// to a non-loopback host (wss:// needs no flag). */
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
    throw new InsecureTransportError(`${JSON.stringify(url)} is not a URL; a peer URL looks like wss://HOST:PORT/sync`);
  }
  // wss:// goes anywhere: its certificate is checked against the peer's device key in the handshake.
  if (parsed.protocol === 'wss:') return parsed;
  if (parsed.protocol !== 'ws:') throw new InsecureTransportError(`${url}: a peer URL starts with wss:// or ws://`);
  checkPlainWs(parsed.hostname, insecure, 'to connect to');
  return parsed;
}

/**
 * TLS options for a client socket to `url`. No CA and no host name check:
 * each device's certificate is self-signed, so the TLS layer accepts any,
 * and the sync handshake then refuses the session unless a roster member's
 * device key signed for the very certificate this socket was shown
 * (shared/sync/channelBinding.ts). Until then only the handshake goes out
 * (hello, and our proof with our version vector); never an entry.
 */
export function pinnedByHandshake(url: URL): { rejectUnauthorized?: false } {
  return url.protocol === 'wss:' ? { rejectUnauthorized: false } : {};
}

/** The Link.tls of a client socket once upgraded; throws if a wss:// socket shows no certificate. */
export function clientChannel(url: URL, upgrade: IncomingMessage): string | undefined {
  if (url.protocol !== 'wss:') return undefined;
  const tls = serverCertificateOf(upgrade.socket, 'client');
  if (tls === undefined) throw new InsecureTransportError(`${url.host}: the wss:// connection presented no TLS certificate`);
  return tls;
}

/** Check the URL against the transport policy, then return a Dialer for a Reconnector. */
export function wsDialer(url: string, opts: ConnectOptions = {}): Dialer {
  const parsed = checkPeerUrl(url, opts.insecure ?? false);
  return (done) => {
    const socket = new WebSocket(url, {
      maxPayload: WS_MAX_PAYLOAD,
      perMessageDeflate: false,
      handshakeTimeout: opts.timeoutMs ?? 10_000,
      ...pinnedByHandshake(parsed),
    });
    let settled = false;
    let tls: string | undefined;
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      socket.terminate();
      done(err);
    };
    socket.once('error', fail);
    socket.once('unexpected-response', (_req, res) => fail(new Error(`${url}: HTTP ${res.statusCode} instead of a WebSocket`)));
    socket.once('upgrade', (res) => {
      try {
        tls = clientChannel(parsed, res);
      } catch (err) {
        fail(err as Error);
      }
    });
    socket.once('open', () => {
      if (settled) return;
      settled = true;
      socket.off('error', fail);
      const link: Link = wsLink(socket, `${parsed.protocol === 'wss:' ? 'wss' : 'ws'} ${parsed.host}`, tls);
      done(null, link);
    });
  };
}

/** Open one connection to a peer and run a session on it (no reconnecting; see Reconnector). */
export function connectPeer(node: SyncNode, url: string, opts: ConnectOptions = {}): Promise<PeerSession> {
  const dial = wsDialer(url, opts);
  return new Promise((resolve, reject) =>
    dial((err, link) => (err !== null || link === undefined ? reject(err ?? new Error('no link')) : resolve(node.attach(link)))),
  );
}
