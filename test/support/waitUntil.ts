import { vi } from 'vitest';

/**
 * Wait until `cond` holds (polled every 20 ms by vitest's own vi.waitFor),
 * or fail after `timeout` ms naming what was awaited. The one polling wait
 * of the test suite: wait on a condition, never for a fixed time.
 */
export async function waitUntil(what: string, cond: () => boolean | Promise<boolean>, timeout = 15_000): Promise<void> {
  await vi.waitFor(
    async () => {
      if (!(await cond())) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    },
    { timeout, interval: 20 },
  );
}
