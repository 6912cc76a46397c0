import { z } from 'zod';

// Channel binding for wss:// (the idea of RFC 5929's tls-server-end-point).
// Each device serves TLS with its own self-signed certificate; there is no
// CA, so the TLS layer alone proves nothing and the client accepts any
// certificate. What makes the certificate trustworthy is the sync
// handshake: both sides sign, with their device keys, the SHA-256 of the
// server certificate *as each of them sees it on this connection*. The
// server sees its own certificate; the client sees whatever was presented
// to it. Directly connected, the two agree and the proofs verify. A man in
// the middle who terminates TLS must present a certificate of its own, the
// two views differ, and neither proof verifies: nothing is exchanged. A
// roster member's device key thereby vouches for the certificate, which is
// the pin; rotating the certificate needs no one to be told.

/** SHA-256 of a DER certificate, lowercase hex. */
export const TlsFingerprintText = z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 certificate fingerprint in lowercase hex');

/** As browsers and `openssl x509 -fingerprint -sha256` show it (AB:CD:…), so a person can compare the two. */
export function formatFingerprint(hex: string): string {
  return (hex.toUpperCase().match(/../g) ?? []).join(':');
}

function describe(tls: string | undefined): string {
  return tls === undefined ? 'no TLS certificate (plain ws)' : `TLS certificate sha256 ${formatFingerprint(tls)}`;
}

/**
 * Null when the certificate this side sees (`mine`) is the one the peer's
 * device key signed for (`theirs`, from its auth frame); else why not, for
 * a 'certificate-mismatch' error.
 */
export function channelMismatch(mine: string | undefined, theirs: string | undefined, peer: string): string | null {
  if (mine === theirs) return null;
  return (
    `certificate mismatch: this connection presents ${describe(mine)}, but device ${peer} signed for ${describe(theirs)}; ` +
    'something between the two devices terminates TLS with a certificate of its own (a man in the middle, or a TLS proxy), so nothing is exchanged'
  );
}
