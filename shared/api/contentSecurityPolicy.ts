/**
 * The renderer's Content Security Policy, the same in the Electron window and
 * in a browser served by `commandpost serve`: only our own bundle, no eval,
 * no remote code; workers from our bundle or blob: URLs (graph layout).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
