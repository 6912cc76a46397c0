// Used by start.mjs when it runs electron's own installer to fetch a binary that
// the install skipped.

/**
 * What went wrong with electron's own installer, in words a user can act on:
 * @electron/get reports a network failure as a bare "TypeError: fetch failed".
 */
export function downloadFailure(stderr, status, mirror = process.env.ELECTRON_MIRROR) {
  const host = mirror ?? 'github.com (its release downloads)';
  if (/fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|getaddrinfo|network/i.test(stderr)) {
    return `this machine cannot reach ${host}. Install with network access to it, or point ELECTRON_MIRROR at a mirror you can reach.`;
  }
  if (status === null) return 'the download took longer than 5 minutes and was stopped.';
  const line = stderr.split('\n').find((l) => /error|fail/i.test(l));
  return line === undefined ? `electron's installer exited with code ${status}.` : line.trim();
}
