/**
 * Deciding what to do with a PutTraceSegments call that failed, or with a document X-Ray
 * returned in `UnprocessedTraceSegments`: retry, split the batch, or give up (and why), and which
 * `BackendConnectionErrors` counter the failure belongs to.
 *
 * Browser-safe: looks only at `name`, `code` and `$metadata.httpStatusCode`, which both the
 * service exceptions and the runtime's `RequestError` carry.
 */
import type { BackendConnectionErrors } from "../../generated/models.js";
import { isThrottlingName } from "../../runtime/retry-classify.js";

/** A counter of `BackendConnectionErrors`. */
export type ConnectionErrorKind = keyof Required<BackendConnectionErrors>;

/**
 * What to do with a batch whose call failed:
 * - `"retry"`: the same documents may well succeed later (throttling, 5xx, network);
 * - `"split"`: the service called the request invalid; one document is probably to blame, so
 *   the batch is halved until the bad one is alone (and then rejected);
 * - `"drop"`: retrying cannot help (credentials, permissions, other 4xx).
 *
 * An abort is not classified here: only the sender knows whether it was its own.
 */
export type FailureAction = "retry" | "split" | "drop";

/** The verdict on one failed call. */
export interface FailureVerdict {
  readonly action: FailureAction;
  /** The `BackendConnectionErrors` counter it belongs to. */
  readonly kind: ConnectionErrorKind;
  /** The error's name or code, for the drop reason's message. */
  readonly label: string;
}

/** Node error codes of a connection that could not be made because nothing listened. */
const REFUSED_CODES = new Set(["ECONNREFUSED"]);
/** Node error codes and error names of a request that ran out of time. */
const TIMEOUT_CODES = new Set(["ETIMEDOUT", "ESOCKETTIMEDOUT", "TimeoutError", "RequestTimeout", "RequestTimeoutException"]);
/** Node error codes of a host name that did not resolve. */
const UNKNOWN_HOST_CODES = new Set(["ENOTFOUND", "EAI_AGAIN"]);

/**
 * Classifies an error thrown by `client.send(new PutTraceSegmentsCommand(…))`.
 *
 * Retried: HTTP 429 and `ThrottledException` (and other throttling names), 408, every 5xx (an
 * ingestion endpoint's server faults are transient far more often than not), and any failure
 * without a response (connection refused or reset, DNS, timeout). Split: `InvalidRequestException`.
 * Dropped: every other 4xx.
 *
 * @param error - what `send` threw
 * @returns what to do and which counter it belongs to
 */
export function classifyFailure(error: unknown): FailureVerdict {
  const name = typeof (error as { name?: unknown })?.name === "string" ? (error as { name: string }).name : "Error";
  const code = typeof (error as { code?: unknown })?.code === "string" ? (error as { code: string }).code : undefined;
  const status = (error as { $metadata?: { httpStatusCode?: unknown } })?.$metadata?.httpStatusCode;
  const label = code ?? name;
  if (typeof status === "number" && status >= 400) {
    const kind: ConnectionErrorKind = status >= 500 ? "HTTPCode5XXCount" : "HTTPCode4XXCount";
    if (status >= 500 || status === 429 || status === 408 || isThrottlingName(name)) return { action: "retry", kind, label };
    if (name === "InvalidRequestException") return { action: "split", kind, label };
    return { action: "drop", kind, label };
  }
  // No error status: no response at all (or an unreadable 2xx). Nothing says the documents were
  // stored, so sending them again is the only way not to lose them; X-Ray keeps one document per
  // segment id, so a repeat is harmless.
  // The code decides when there is one: the Node transport names a reset `TimeoutError` (so that
  // retry strategies treat it as transient) while its code says `ECONNRESET`.
  if (REFUSED_CODES.has(label)) return { action: "retry", kind: "ConnectionRefusedCount", label };
  if (TIMEOUT_CODES.has(label)) return { action: "retry", kind: "TimeoutCount", label };
  if (UNKNOWN_HOST_CODES.has(label)) return { action: "retry", kind: "UnknownHostCount", label };
  return { action: "retry", kind: "OtherCount", label };
}

/**
 * `UnprocessedTraceSegments` error codes, besides the throttling ones, that say "not now" rather
 * than "not this document": the service's own transient faults. Every other code
 * (`InvalidTraceId`, `InvalidName`, `InvalidSegment`, `MissingId`, …, and any code this list does
 * not know) is about the document, which would fail again unchanged, so it is rejected with that
 * code as the reason.
 */
const TRANSIENT_UNPROCESSED_CODES = new Set([
  "InternalFailure",
  "InternalError",
  "InternalServerError",
  "InternalServiceError",
  "ServiceUnavailable",
  "ServiceUnavailableException",
  "RequestTimeout",
  "RequestTimeoutException",
]);

/**
 * Whether a document X-Ray returned as unprocessed with this code should be sent again.
 *
 * @param errorCode - the entry's `ErrorCode`
 * @returns true for throttling and transient service faults
 */
export function isRetryableUnprocessedCode(errorCode: string | undefined): boolean {
  return errorCode !== undefined && (isThrottlingName(errorCode) || TRANSIENT_UNPROCESSED_CODES.has(errorCode));
}
