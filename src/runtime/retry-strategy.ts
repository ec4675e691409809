/**
 * The standard retry strategy of the AWS SDKs ("retries 2026", the default of `@smithy/core`
 * since 3.40; docs/retry.md), as a `RetryStrategyV2` so users can swap in any other
 * (`AdaptiveRetryStrategy`, `ConfiguredRetryStrategy` of `@smithy/util-retry`).
 *
 * One difference on purpose: the backoff is returned in the token (`getRetryDelay()`) instead of
 * being slept inside `refreshRetryTokenForRetry`, so the caller's abort signal can cut it short.
 */
import type { RetryErrorInfo, RetryErrorType, RetryStrategyV2, RetryToken, StandardRetryToken } from "@smithy/types";

/** The retry quota's capacity, and its starting balance. */
export const RETRY_QUOTA = 500;
/** Quota a retry after a transient failure costs. */
export const RETRY_COST = 14;
/** Quota a retry after throttling costs (cheaper: the service asked us to slow down, not to stop). */
export const THROTTLING_RETRY_COST = 5;
/** Backoff base for transient failures, in milliseconds. */
export const RETRY_DELAY_BASE = 50;
/** Backoff base after throttling, in milliseconds. */
export const THROTTLING_RETRY_DELAY_BASE = 1_000;
/** No backoff is longer, before jitter. */
export const MAX_RETRY_DELAY = 20_000;
/** A `Retry-After` hint may stretch the computed backoff by at most this much. */
const MAX_RETRY_AFTER_STRETCH = 5_000;

/** A token: the retries made so far, the wait before the next attempt, and what the retry cost. */
const token = (count: number, delay: number, cost: number | undefined): StandardRetryToken & { getRetryTokenCount(): number | undefined } => ({
  getRetryCount: () => count,
  getRetryDelay: () => delay,
  getRetryCost: () => cost,
  getRetryTokenCount: () => cost,
});

/** Standard mode: token-bucket quota, exponential backoff with full jitter, `Retry-After` honoured. */
export class StandardRetryStrategy implements RetryStrategyV2 {
  /** The retry mode, as `@smithy/util-retry` names it. */
  readonly mode = "standard";
  private capacity = RETRY_QUOTA;

  /**
   * @param maxAttempts - attempts per call, the first included
   * @param random - jitter source in [0, 1); tests pass a fixed one
   */
  constructor(
    private readonly maxAttempts: () => Promise<number>,
    private readonly random: () => number = Math.random,
  ) {}

  /** @returns the token of a call's first attempt */
  async acquireInitialRetryToken(): Promise<RetryToken> {
    return token(0, 0, undefined);
  }

  /**
   * Grants another attempt when the failure is retryable, attempts remain and the quota pays.
   *
   * @param previous - the failed attempt's token
   * @param info - the failure, classified
   * @returns the next attempt's token; wait `getRetryDelay()` ms before it
   * @throws when no retry is granted
   */
  async refreshRetryTokenForRetry(previous: RetryToken, info: RetryErrorInfo): Promise<RetryToken> {
    const count = previous.getRetryCount();
    const cost = info.errorType === "THROTTLING" ? THROTTLING_RETRY_COST : RETRY_COST;
    if (!isRetryable(info.errorType)) throw new Error(`No retry: ${info.errorType} failures are not retried`);
    if (count + 1 >= (await this.maxAttempts())) throw new Error("No retry: attempts exhausted");
    if (this.capacity < cost) throw new Error("No retry token available");
    this.capacity -= cost;
    const base = info.errorType === "THROTTLING" ? THROTTLING_RETRY_DELAY_BASE : RETRY_DELAY_BASE;
    const backoff = Math.floor(this.random() * Math.min(base * 2 ** count, MAX_RETRY_DELAY));
    const hinted = info.retryAfterHint ? info.retryAfterHint.getTime() - Date.now() : 0;
    const delay = Math.max(backoff, Math.min(hinted, backoff + MAX_RETRY_AFTER_STRETCH));
    return token(count + 1, delay, cost);
  }

  /**
   * Refunds the quota: the cost of the retry that succeeded, or 1 for a first-attempt success.
   *
   * @param succeeded - the successful attempt's token
   */
  recordSuccess(succeeded: RetryToken): void {
    this.capacity = Math.min(RETRY_QUOTA, this.capacity + ((succeeded as StandardRetryToken).getRetryCost?.() ?? 1));
  }

  /** @returns the retry quota left */
  getCapacity(): number {
    return this.capacity;
  }
}

const isRetryable = (type: RetryErrorType): boolean => type === "THROTTLING" || type === "TRANSIENT";
