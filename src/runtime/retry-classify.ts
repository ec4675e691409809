/**
 * Which failures are worth another attempt, by the rules the AWS SDKs apply (docs/retry.md,
 * checked against `@smithy/core` 3.41): throttling and transient failures are retried; other
 * 5xx and all 4xx are not; an abort never is.
 *
 * Written here rather than imported from `@smithy/core/retry` because that module brings the
 * whole retry middleware, adaptive rate limiter and date parsing into every browser bundle.
 */
import type { RetryErrorType, SdkError } from "@smithy/types";
import { platform } from "#platform";

const THROTTLING_NAMES = new Set([
  "BandwidthLimitExceeded",
  "EC2ThrottledException",
  "LimitExceededException",
  "PriorRequestNotComplete",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "SlowDown",
  "ThrottledException",
  "Throttling",
  "ThrottlingException",
  "TooManyRequestsException",
  "TransactionInProgressException",
]);
const TRANSIENT_NAMES = new Set(["TimeoutError", "RequestTimeout", "RequestTimeoutException"]);
const TRANSIENT_STATUS = new Set([500, 502, 503, 504]);
/** What browsers' `fetch` rejects with when the network fails (Chromium, Firefox, Safari, React Native). */
const BROWSER_NETWORK_MESSAGES = new Set([
  "Failed to fetch",
  "NetworkError when attempting to fetch resource",
  "The Internet connection appears to be offline",
  "Load failed",
  "Network request failed",
]);

type Failure = SdkError & { code?: string; cause?: unknown; $retryable?: { throttling?: boolean } };

/**
 * Whether an error name (or error code) is one the AWS SDKs treat as throttling.
 *
 * @param name - an exception's name, or an `ErrorCode` the service reported
 * @returns true for `ThrottledException`, `TooManyRequestsException`, `SlowDown` and the rest
 */
export function isThrottlingName(name: string): boolean {
  return THROTTLING_NAMES.has(name);
}

/**
 * Classifies a failure as the AWS SDKs do.
 *
 * @param error - the failure
 * @returns `THROTTLING` or `TRANSIENT` (retried), `SERVER_ERROR` or `CLIENT_ERROR` (not retried)
 */
export function classifyError(error: SdkError): RetryErrorType {
  const failure = error as Failure;
  if (failure.$metadata?.httpStatusCode === 429 || isThrottlingName(failure.name) || failure.$retryable?.throttling) {
    return "THROTTLING";
  }
  if (isTransient(failure, 0)) return "TRANSIENT";
  const status = failure.$metadata?.httpStatusCode ?? 0;
  return status >= 500 && status <= 599 ? "SERVER_ERROR" : "CLIENT_ERROR";
}

function isTransient(error: unknown, depth: number): boolean {
  if (typeof error !== "object" || error === null) return false;
  const failure = error as Failure;
  if (failure.name === "AbortError") return false;
  return (
    failure.$retryable !== undefined ||
    failure.$metadata?.clockSkewCorrected === true ||
    (failure.name === "InvalidSignatureException" && String(failure.message).includes("Signature expired")) ||
    TRANSIENT_NAMES.has(failure.name) ||
    TRANSIENT_STATUS.has(failure.$metadata?.httpStatusCode ?? 0) ||
    (failure instanceof TypeError && BROWSER_NETWORK_MESSAGES.has(failure.message)) ||
    // Socket error codes exist only in Node, so their list lives in the Node platform module.
    platform.isTransientErrorCode?.(failure.code, failure.message) === true ||
    (depth < 10 && isTransient(failure.cause, depth + 1))
  );
}

/**
 * When the service asked us to come back: `x-amz-retry-after` (milliseconds) or `retry-after`
 * (seconds, or an HTTP date).
 *
 * @param headers - the response headers, any case
 * @param now - the current time in milliseconds
 * @returns the earliest time to retry, or undefined when the response gives none (or nonsense)
 */
export function retryAfterHint(headers: Readonly<Record<string, string | undefined>> | undefined, now = Date.now()): Date | undefined {
  if (!headers) return undefined;
  for (const name of Object.keys(headers)) {
    const value = headers[name]?.trim();
    if (!value) continue;
    const lower = name.toLowerCase();
    if (lower === "x-amz-retry-after") {
      const ms = Number(value);
      return Number.isFinite(ms) && ms >= 0 ? new Date(now + ms) : undefined;
    }
    if (lower === "retry-after") {
      if (/^\d+(\.\d+)?$/.test(value)) return new Date(now + Number(value) * 1000);
      const date = Date.parse(value);
      return Number.isNaN(date) ? undefined : new Date(Math.max(date, now));
    }
  }
  return undefined;
}
