import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { isLoopbackHost } from '../sync';

export { isLoopbackHost };

// Who may talk to the host: the Jupyter model. A random token per start,
// printed in the URL; the API upgrade must carry it; browsers must come from
// the host's own origin (a page elsewhere cannot drive the API even if it
// learns the port); loopback unless remote access is asked for explicitly.

export class HostBindError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HostBindError';
  }
}

/** 32 random bytes, base64url. */
export function newAccessToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison; hashing first makes the lengths equal, so length leaks nothing either. */
export function tokenMatches(expected: string, offered: string | null): boolean {
  if (offered === null) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(offered).digest();
  return timingSafeEqual(a, b);
}

/** Throws HostBindError for a non-loopback address unless remote access was asked for. */
export function checkBindAddress(host: string, allowRemote: boolean): void {
  if (isLoopbackHost(host) || allowRemote) return;
  throw new HostBindError(
    `refusing to listen on ${host}: it is reachable from other machines, and the API can sign journal entries as this device. ` +
      'Pass --allow-remote to do it anyway (anyone with the printed URL can then act as you).',
  );
}

/** host:port as it appears in a URL (IPv6 in brackets). */
export function hostPort(host: string, port: number): string {
  return `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
}

/**
 * The origins a browser page served by this host can have. Loopback binds
 * accept the usual loopback spellings. A remote bind also accepts the origin
 * matching the request's Host header (the page was served by us under that
 * name); the token still guards the API.
 */
export function originAllowed(
  origin: string | undefined,
  own: { host: string; port: number; allowRemote: boolean; scheme?: 'http' | 'https' },
  hostHeader: string | undefined,
): boolean {
  if (origin === undefined) return true; // not a browser: the token decides
  const scheme = own.scheme ?? 'http';
  const names = isLoopbackHost(own.host) ? ['127.0.0.1', 'localhost', '::1', own.host] : [own.host];
  const allowed = new Set(names.map((n) => `${scheme}://${hostPort(n, own.port)}`));
  if (own.allowRemote && hostHeader !== undefined) allowed.add(`${scheme}://${hostHeader.toLowerCase()}`);
  return allowed.has(origin.toLowerCase());
}
