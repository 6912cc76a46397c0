import { createServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { ServerCertificate } from '../sync';

/** The host's one server (console, API and peer sync share it), and the scheme its URLs take. */
export interface WebServer {
  server: Server;
  /** 'https' when it serves TLS; then its sockets are wss://. */
  scheme: 'http' | 'https';
}

/**
 * HTTPS with this device's self-signed certificate when given one, else
 * plain HTTP. Browsers warn about the certificate (no CA signed it); peers
 * do not need a CA: the sync handshake binds the certificate to the device
 * key (shared/sync/channelBinding.ts).
 */
export function webServer(tls: ServerCertificate | undefined, onRequest: RequestListener): WebServer {
  if (tls === undefined) return { server: createServer(onRequest), scheme: 'http' };
  return { server: createHttpsServer({ cert: tls.cert, key: tls.key }, onRequest), scheme: 'https' };
}
