/**
 * An optional request-rate limit for the local endpoint, so that clients' handling of X-Ray's
 * `ThrottledException` (HTTP 429) can be exercised: a token bucket, refilled continuously.
 *
 * @packageDocumentation
 */

/** The rate limit. */
export interface ThrottleOptions {
  /** Sustained requests per second accepted across all clients. */
  readonly requestsPerSecond: number;
  /**
   * Requests accepted in a burst before the rate applies.
   * @defaultValue `max(1, requestsPerSecond)`
   */
  readonly burst?: number;
}

/**
 * Creates a limiter.
 *
 * @param options - the rate
 * @param now - the clock, epoch milliseconds
 * @returns a function that takes one token and says whether the request may proceed
 * @throws RangeError for a rate or burst that is not a positive number
 */
export function createThrottle(options: ThrottleOptions, now: () => number): () => boolean {
  const rate = options.requestsPerSecond;
  const burst = options.burst ?? Math.max(1, rate);
  if (!(rate > 0) || !Number.isFinite(rate)) throw new RangeError(`throttle.requestsPerSecond must be a positive number, got ${rate}`);
  if (!(burst >= 1) || !Number.isFinite(burst)) throw new RangeError(`throttle.burst must be at least 1, got ${burst}`);
  let tokens = burst;
  let refilledAt = now();
  return () => {
    const time = now();
    tokens = Math.min(burst, tokens + ((time - refilledAt) / 1000) * rate);
    refilledAt = time;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
}
