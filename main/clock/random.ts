// The one source of randomness outside tests: jitter for retry and reconnect
// delays. Not for secrets (keys, nonces and tokens come from node:crypto).
// Code takes a `Random` as a parameter, so tests and simulations pass a
// seeded one (test/support/seededRandom.ts) and a run can be replayed.

/** Uniform in [0, 1). */
export type Random = () => number;

export const systemRandom: Random = () => Math.random();
