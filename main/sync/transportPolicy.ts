// The file, not main/host's index: the host runs a sync node, so the index would make a cycle.
import { isLoopbackHost } from './loopback';

/** A connection or a listener that would cross the network without the protection it needs. */
export class InsecureTransportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InsecureTransportError';
  }
}

/**
 * Plain ws:// is allowed on loopback. Off loopback, entries are signed (a
 * relay cannot forge them) but travel readable by anyone on the path, so it
 * takes an explicit `insecure` flag, which the UI shows. wss:// with each
 * device's self-signed certificate, bound to its device key in the
 * handshake (shared/sync/channelBinding.ts), is the secure way and needs no flag.
 */
export function checkPlainWs(host: string, insecure: boolean, what: string): void {
  if (isLoopbackHost(host) || insecure) return;
  throw new InsecureTransportError(
    `refusing ${what} ${host} over plain ws://: it is not loopback, so incident data would cross the network unencrypted. ` +
      'Use wss:// (serve over TLS), or pass --insecure to do it anyway (the link is then shown as insecure).',
  );
}
