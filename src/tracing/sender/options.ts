/**
 * The options and stats types of `SegmentSender`, and checking numeric options up front, so a
 * typo fails at construction with a clear message instead of as a sender that silently never
 * sends. Browser-safe.
 */
import type { BackendConnectionErrors } from "../../generated/models.js";
import type { XRayClient } from "../../generated/XRayClient.js";
import type { DeliveryStats, DropInfo } from "./ledger.js";
import type { TelemetryOptions } from "./telemetry.js";
import type { BackoffOptions } from "./timing.js";

/** Options of `SegmentSender`. */
export interface SegmentSenderOptions {
  /** The client PutTraceSegments (and PutTelemetryRecords) calls go through. */
  readonly client: XRayClient;
  /**
   * Documents per PutTraceSegments call, 1 to 50.
   * @defaultValue 50
   */
  readonly batchSize?: number;
  /**
   * How often queued documents are sent even when they do not fill a batch, in ms; `0` sends
   * partial batches only on `flush()` and `close()`. The timer never keeps a Node process alive.
   * @defaultValue 1000
   */
  readonly flushIntervalMs?: number;
  /**
   * The most documents pending (queued or in flight); more are dropped as `"queue-full"`.
   * @defaultValue 10000
   */
  readonly maxQueueDocuments?: number;
  /**
   * The most UTF-8 bytes pending, at least 65536; more are dropped as `"queue-full"`.
   * @defaultValue 33554432 (32 MiB)
   */
  readonly maxQueueBytes?: number;
  /**
   * Attempts per document before it is dropped as `"retries-exhausted"`. Each attempt is one
   * `client.send`, which itself retries per the client's `maxAttempts`, so one document costs at
   * most `maxAttempts` × the client's `maxAttempts` requests (6 × 3 = 18 with the defaults).
   * When `maxAttempts` requests in a row fail as a whole (the endpoint is down, throttling or
   * failing), every document waiting is dropped as `"retries-exhausted"` too: queued batches share
   * that backoff instead of each waiting through its own, one after another.
   * @defaultValue 6
   */
  readonly maxAttempts?: number;
  /**
   * How long `close()` may take, in ms, unless its call says otherwise: at the deadline, in-flight
   * calls are cancelled and everything still pending is dropped as `"close-timeout"`, so a
   * process can always exit. `0`: no deadline.
   * @defaultValue 10000
   */
  readonly closeTimeoutMs?: number;
  /**
   * In Node, whether the sender closes itself (flushing what is queued, within `closeTimeoutMs`)
   * when the process is about to exit on its own (`beforeExit`: the event loop is empty), so a
   * script that sends and returns loses nothing. The listener goes with `close()`. It does not
   * act on signals: on `SIGTERM`, call `close()` yourself (see the README).
   * @defaultValue true
   */
  readonly flushOnExit?: boolean;
  /**
   * PutTraceSegments calls in flight at once. Above 1, documents of one segment may arrive out
   * of order (an in-progress version after the completed one).
   * @defaultValue 1
   */
  readonly maxConcurrentRequests?: number;
  /** The wait between failed attempts (doubling, with jitter). */
  readonly backoff?: BackoffOptions;
  /**
   * Randomness for backoff jitter, in [0, 1).
   * @defaultValue Math.random
   */
  readonly random?: () => number;
  /** Told about every rejected or dropped document; exceptions it throws are ignored. */
  readonly onDrop?: (info: DropInfo) => void;
  /** PutTelemetryRecords identity and (opt-in) interval. */
  readonly telemetry?: TelemetryOptions;
}

/** {@link DeliveryStats} plus what the sender saw of the service. */
export interface SenderStats extends DeliveryStats {
  /** PutTraceSegments calls completed (succeeded or failed). */
  readonly requests: number;
  /** Times a document was queued again after a retryable failure. */
  readonly retried: number;
  /** Failed calls by kind, as PutTelemetryRecords reports them (cumulative). */
  readonly backendConnectionErrors: Readonly<Required<BackendConnectionErrors>>;
  /**
   * `UnprocessedTraceSegments` entries that named no document of their batch (an `Id` not in it,
   * or no `Id` while every document had one). Their documents cannot be told apart, so they were
   * counted as sent; a non-zero value means `sent` may be too high by this much.
   */
  readonly unmatchedUnprocessed: number;
}

/** Options of `SegmentSender.close`. */
export interface SenderCloseOptions {
  /** When it aborts, in-flight calls are cancelled and everything pending is dropped as `"aborted"`. */
  readonly signal?: AbortSignal;
  /**
   * The deadline for this close, in ms (`0`: none); at it, what is pending is dropped as `"close-timeout"`.
   * @defaultValue the sender's `closeTimeoutMs`
   */
  readonly timeoutMs?: number;
}

/**
 * Validates an optional integer option.
 *
 * @param name - the option's name, for the message
 * @param value - the value given, or `undefined`
 * @param fallback - the default
 * @param min - the smallest allowed value
 * @param max - the largest allowed value
 * @param owner - the class the option belongs to, for the message
 * @returns the value, or the default when it was `undefined`
 * @throws TypeError when the value is not a number; RangeError when it is not an integer in range
 */
export function checkInteger(
  name: string,
  value: unknown,
  fallback: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
  owner = "SegmentSender",
): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number") throw new TypeError(`${owner}: ${name} must be a number, got ${typeof value}`);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${owner}: ${name} must be an integer from ${min} to ${max}, got ${value}`);
  }
  return value;
}
