import type { Clock } from '../../shared/clock';

/** The wall clock. The one place outside tests that reads it; everything else takes a Clock. */
export const systemClock: Clock = {
  // eslint-disable-next-line no-restricted-syntax -- this is the injectable clock's real implementation
  now: () => Date.now(),
};
