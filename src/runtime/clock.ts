/**
 * Clock-skew correction from the server's `Date` header, as the AWS SDKs do: when the local
 * clock is off by 4 minutes or more, sign later requests with the server's time, and mark the
 * failing call so that the retry strategy treats it as transient and tries once more.
 */
import type { ResolvedClientConfig } from "./config.js";

/** Skew at or above which the offset is corrected (`@aws-sdk/core`'s current threshold). */
export const CLOCK_SKEW_THRESHOLD_MS = 240_000;

/**
 * Updates `config.systemClockOffset` from a response's headers.
 *
 * @param config - the client configuration whose offset may change
 * @param headers - the response headers, lower-cased
 * @returns whether the offset changed
 */
export function noteServerClock(config: ResolvedClientConfig, headers: Record<string, string>): boolean {
  // A cached response (with `Age`) says nothing about the server's clock now.
  const date = headers["date"];
  if (date === undefined || headers["age"] !== undefined) return false;
  const serverTime = Date.parse(date);
  if (Number.isNaN(serverTime)) return false;
  const now = Date.now();
  if (Math.abs(now + config.systemClockOffset - serverTime) < CLOCK_SKEW_THRESHOLD_MS) return false;
  config.systemClockOffset = serverTime - now;
  return true;
}
