/**
 * `promise`, or a rejection naming what was awaited once `ms` pass; the timer
 * is cleared either way, so a finished test leaves nothing pending. `what` may
 * be a function, to describe the state at the moment of the timeout (stderr so far).
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string | (() => string)): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${typeof what === 'string' ? what : what()}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
