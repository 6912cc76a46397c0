import type { Duplex } from 'node:stream';
import { TLSSocket, type DetailedPeerCertificate, type PeerCertificate } from 'node:tls';
import { certificateFingerprint } from '../crypto';

/** What a wss:// listener serves: this device's self-signed certificate and its key, PEM. */
export interface ServerCertificate {
  cert: string;
  key: string;
}

/**
 * The server certificate of this connection as this end sees it: for the
 * server its own, for the client the one it was shown (whoever presented
 * it). Undefined on a plain socket, and on a TLS socket with no certificate.
 */
export function serverCertificateOf(socket: Duplex, side: 'client' | 'server'): string | undefined {
  if (!(socket instanceof TLSSocket)) return undefined;
  const cert: PeerCertificate | DetailedPeerCertificate | object | null = side === 'client' ? socket.getPeerCertificate() : socket.getCertificate();
  // Node gives {} (client) or null (server) when there is none.
  if (cert === null || !('raw' in cert) || !Buffer.isBuffer(cert.raw) || cert.raw.length === 0) return undefined;
  return certificateFingerprint(cert.raw);
}
