import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script without type declarations
import { downloadFailure } from '../../../scripts/electronDownload.mjs';

const explain = downloadFailure as (stderr: string, status: number | null, mirror?: string) => string;

describe("npm start's words for a failed Electron download", () => {
  it('turns "fetch failed" into the host that could not be reached and what to do', () => {
    const stderr = 'TypeError: fetch failed\n    at node:internal/deps/undici/undici:14976:13\n';
    expect(explain(stderr, 1)).toBe(
      'this machine cannot reach github.com (its release downloads). Install with network access to it, or point ELECTRON_MIRROR at a mirror you can reach.',
    );
    expect(explain('Error: getaddrinfo ENOTFOUND mirror.example', 1, 'https://mirror.example/electron/')).toContain(
      'cannot reach https://mirror.example/electron/',
    );
  });

  it('names a time-out, and otherwise the first error line or the exit code', () => {
    expect(explain('', null)).toMatch(/longer than 5 minutes/);
    expect(explain('progress…\nError: checksum mismatch for electron-v45.zip\n', 1)).toBe('Error: checksum mismatch for electron-v45.zip');
    expect(explain('', 3)).toBe("electron's installer exited with code 3.");
  });
});
