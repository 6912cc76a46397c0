import type { Clock } from '../clock';

/**
 * A token bucket: `capacity` tokens, refilled at `perSecond`. A peer may burst
 * up to the capacity and sustain the rate; anything faster is flooding. The
 * clock is injected so simulations and tests decide what "a second" is.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly clock: Clock,
    private readonly capacity: number,
    private readonly perSecond: number,
  ) {
    this.tokens = capacity;
    this.last = clock.now();
  }

  /** Take `n` tokens if there are enough; false means the caller is over its rate. */
  take(n = 1): boolean {
    const now = this.clock.now();
    // A clock that steps back (NTP) must not mint tokens or go negative.
    const elapsed = Math.max(0, now - this.last);
    this.last = now;
    this.tokens = Math.min(this.capacity, this.tokens + (elapsed * this.perSecond) / 1000);
    if (this.tokens < n) return false;
    this.tokens -= n;
    return true;
  }
}
