export { type Clock, ManualClock } from './clock';
export { type Hlc, HLC_ZERO, MAX_CLOCK_SKEW_MS, compareHlc, tickHlc, observeHlc, checkSkew } from './hlc';
export { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
