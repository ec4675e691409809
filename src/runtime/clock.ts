/**
 * Clock-skew correction from the server's `Date` header, as `@aws-sdk/core`'s SigV4 signer does:
 * every response's `Date` sets the offset used to sign later requests (unless the response was
 * cached, carrying `Age`, or took over 15 minutes); when a failed call had been signed with a
 * clock 4 minutes or more off the server's, the error is marked `clockSkewCorrected`, which the
 * retry strategy treats as transient, so the call is retried once with the corrected clock.
 */
import type { ResolvedClientConfig } from "./config.js";

/** An offset at least this large makes a failed call retryable (`@aws-sdk/core`'s threshold). */
export const CLOCK_SKEW_THRESHOLD_MS = 240_000;
/** A response slower than this says too little about the server's clock now. */
const MAX_ROUND_TRIP_MS = 900_000;

/**
 * Updates `config.systemClockOffset` from a response's headers.
 *
 * @param config - the client configuration whose offset may change
 * @param headers - the response headers, lower-cased
 * @param requestSentAt - local time the request was sent
 * @param offsetWhenSigned - the offset the request was signed with
 * @returns whether a failed call should count as clock-skew-corrected
 */
export function noteServerClock(
  config: ResolvedClientConfig,
  headers: Record<string, string>,
  requestSentAt: number,
  offsetWhenSigned: number,
): boolean {
  const date = headers["date"];
  if (date === undefined || headers["age"] !== undefined) return false;
  const serverTime = Date.parse(date);
  if (Number.isNaN(serverTime)) return false;
  const now = Date.now();
  if (now - requestSentAt > MAX_ROUND_TRIP_MS) return false;
  const offset = serverTime - now;
  config.systemClockOffset = offset;
  // Retry only when the request was signed with a clock 4+ minutes off the server's. The AWS
  // SDKs compare the offset's size instead, so a still-failing call whose offset merely jitters
  // with the Date header's one-second resolution is retried again and again.
  return Math.abs(offset - offsetWhenSigned) >= CLOCK_SKEW_THRESHOLD_MS;
}
